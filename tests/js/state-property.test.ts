// Issue 14, end to end: the state file the endpoint writes after any sequence of accepted calls
// always loads. Random (seeded) sequences of raw AWS JSON requests, hostile ones included (policies,
// templates, inputs and unknown members nested around the 1000-level limit), go through the
// endpoint's protocol code (the in-process SDK request handler) with the state file written after
// every accepted change, as `serve --state` does; after each accepted call the file loads into a
// fresh emulator that exports the same state. (tests/native/state_property_test.cpp runs many more
// sequences against the core alone.)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EventBridge, createRequestHandler } from '../../js/src/index.node';
import { loadStateFile, saveStateFile } from '../../js/src/server/state-file';
import { seededRandom } from './helpers/seeded-random';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function randomCall(random: () => number): [string, string] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const depth = () => pick([1, 500, 995, 997, 998, 999, 1000, 1001, 3000]);
  const rule = pick(['r0', 'r1', 'r2']);
  const bus = pick(['default', 'default', 'b1']);
  const unknown = (room: number) => (random() < 0.4 ? `,"Unknown":${nested(Math.min(depth(), room))}` : '');
  switch (Math.floor(random() * 8)) {
    case 0:
    case 1:
      return ['PutRule', `{"Name":"${rule}","EventBusName":"${bus}","EventPattern":"{\\"source\\":[\\"a\\"]}"${unknown(999)}}`];
    case 2:
    case 3: {
      const input = pick([
        `"Input":${JSON.stringify(nested(depth()))}`,
        `"InputTransformer":{"InputPathsMap":{"a":"$.detail"},"InputTemplate":${JSON.stringify(nested(depth()))}}`,
        `"InputPath":"$.detail"`,
      ]);
      return [
        'PutTargets',
        `{"Rule":"${rule}","EventBusName":"${bus}","Targets":[{"Id":"t${Math.floor(random() * 3)}","Arn":"arn:aws:sqs:us-east-1:123456789012:q",${input}${unknown(996)},"DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:d"${unknown(995)}}}]}`,
      ];
    }
    case 4:
      return ['PutPermission', JSON.stringify({ EventBusName: bus, Policy: `{"Version":"2012-10-17","Statement":[],"X":${nested(depth() - 1)}}` })];
    case 5:
      return ['CreateEventBus', `{"Name":"b1","DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:d"${unknown(997)}}${unknown(999)}}`];
    case 6:
      return ['RemoveTargets', `{"Rule":"${rule}","EventBusName":"${bus}","Ids":["t0","t1"]}`];
    default:
      return ['DeleteRule', `{"Name":"${rule}","EventBusName":"${bus}"}`];
  }
}

test('the state file written after any accepted sequence loads again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-state-'));
  const file = path.join(dir, 'state.json');
  let accepted = 0;
  let refused = 0;
  try {
    for (let seed = 1; seed <= 6; seed++) {
      const random = seededRandom(seed);
      const eb = await EventBridge.create();
      const handler = createRequestHandler(eb, { afterMutation: () => saveStateFile(eb, file) });
      fs.rmSync(file, { force: true });
      for (let step = 0; step < 25; step++) {
        const [operation, body] = randomCall(random);
        const { response } = await handler.handle({
          method: 'POST',
          headers: { 'x-amz-target': `AWSEvents.${operation}`, 'content-type': 'application/x-amz-json-1.1' },
          body,
        });
        const where = `seed ${seed} step ${step} ${operation} ${body.slice(0, 120)}`;
        expect([200, 400]).toContain(response.statusCode);
        if (response.statusCode !== 200) {
          refused += 1;
          continue;
        }
        accepted += 1;
        const loaded = await EventBridge.create();
        try {
          loadStateFile(loaded, file);
        } catch (e) {
          throw new Error(`${where}: the state file does not load: ${(e as Error).message}`);
        }
        expect({ where, state: loaded.exportState() }).toEqual({ where, state: eb.exportState() });
        loaded.dispose();
      }
      eb.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // eslint-disable-next-line no-console
  console.log(`${accepted} accepted calls, each followed by a reload of the state file; ${refused} refused`);
  expect(accepted).toBeGreaterThan(60);
}, 60000);
