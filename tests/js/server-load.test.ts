// The endpoint under load (issue 9): `eventbridge-wasm serve --state FILE` on 127.0.0.1 as a child
// process, driven over loopback by concurrent clients that mix PutRule, PutTargets, RemoveTargets,
// DeleteRule and PutEvents. Bounded in count (CLIENTS x REQUESTS) and in time (DEADLINE_MS).
// Afterwards every accepted change must be in the server (ListRules / ListTargetsByRule equal the
// model built from the accepted responses), the state file must parse and load, and a restarted
// server must hold the same state. A second test kills the server with SIGKILL during writes
// (several times, restarting from the file each time): the file always holds, for every rule,
// either the last acknowledged value or the one in flight, never a torn document.
// The measured numbers are written to test-output/server-load.json.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { EventBridge } from '../../js/src/index.node';
import { seededRandom as rng } from './helpers/seeded-random';
import { Server, assertBuilt, killChildren, root, startServe as serveWith } from './helpers/serve-process';

const resultFile = path.join(root, 'test-output/server-load.json');

const CLIENTS = 8;
const REQUESTS = 150;
const DEADLINE_MS = 25000;
const BUSES = ['default', 'load-bus'];
const SQS = 'arn:aws:sqs:us-east-1:123456789012:';

let dir: string;
const results: Record<string, unknown> = {};

const startServe = (stateFile: string): Promise<Server> => serveWith(['--state', stateFile]);

interface Reply {
  status: number;
  body: any;
}

/** One AWS JSON 1.1 request; rejects on a connection error or a body that is not JSON. */
function call(port: number, operation: string, input: unknown, agent?: http.Agent): Promise<Reply> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent: agent ?? false,
        headers: {
          'x-amz-target': `AWSEvents.${operation}`,
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} });
          } catch {
            reject(new Error(`${operation}: answer is not JSON (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface RuleModel {
  EventPattern: string;
  State: string;
  Description: string;
  targets: Map<string, string>; // Id -> Arn
}

/** bus -> rule name -> rule, built only from accepted (2xx) answers. */
type Model = Map<string, Map<string, RuleModel>>;

function newModel(): Model {
  return new Map(BUSES.map((b) => [b, new Map<string, RuleModel>()]));
}

async function listAll(port: number, operation: string, input: Record<string, unknown>, key: string): Promise<any[]> {
  const out: any[] = [];
  let token: string | undefined;
  do {
    const r = await call(port, operation, { ...input, Limit: 100, ...(token ? { NextToken: token } : {}) });
    expect(r.status).toBe(200);
    out.push(...r.body[key]);
    token = r.body.NextToken;
  } while (token);
  return out;
}

/** The server's rules and targets, in the model's shape (sorted for comparison). */
async function serverState(port: number): Promise<unknown> {
  const state: Record<string, unknown> = {};
  for (const bus of BUSES) {
    const rules = await listAll(port, 'ListRules', { EventBusName: bus }, 'Rules');
    const byName: Record<string, unknown> = {};
    for (const r of rules) {
      const targets = await listAll(port, 'ListTargetsByRule', { Rule: r.Name, EventBusName: bus }, 'Targets');
      byName[r.Name] = {
        EventPattern: r.EventPattern,
        State: r.State,
        Description: r.Description ?? '',
        targets: Object.fromEntries(targets.map((t: { Id: string; Arn: string }) => [t.Id, t.Arn]).sort()),
      };
    }
    state[bus] = byName;
  }
  return state;
}

function modelState(model: Model): unknown {
  const state: Record<string, unknown> = {};
  for (const [bus, rules] of model) {
    const byName: Record<string, unknown> = {};
    for (const [name, r] of [...rules].sort(([a], [b]) => (a < b ? -1 : 1))) {
      byName[name] = {
        EventPattern: r.EventPattern,
        State: r.State,
        Description: r.Description,
        targets: Object.fromEntries([...r.targets].sort()),
      };
    }
    state[bus] = byName;
  }
  return state;
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') {
    return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
  }
  return x;
}

/** The same view through the in-process API, from a state document. */
async function documentState(text: string): Promise<unknown> {
  const eb = await EventBridge.create();
  eb.importState(text);
  const state: Record<string, unknown> = {};
  for (const bus of BUSES) {
    const byName: Record<string, unknown> = {};
    const rules: { Rules: any[]; NextToken?: string } = eb.listRules({ EventBusName: bus, Limit: 100 }) as any;
    const all = [...rules.Rules];
    let token = rules.NextToken;
    while (token) {
      const page: { Rules: any[]; NextToken?: string } = eb.listRules({ EventBusName: bus, Limit: 100, NextToken: token }) as any;
      all.push(...page.Rules);
      token = page.NextToken;
    }
    for (const r of all) {
      const t: { Targets: { Id: string; Arn: string }[] } = eb.listTargetsByRule({ Rule: r.Name, EventBusName: bus, Limit: 100 }) as any;
      byName[r.Name] = {
        EventPattern: r.EventPattern,
        State: r.State,
        Description: r.Description ?? '',
        targets: Object.fromEntries(t.Targets.map((x) => [x.Id, x.Arn]).sort()),
      };
    }
    state[bus] = byName;
  }
  return state;
}

beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-load-'));
});

afterAll(() => {
  killChildren();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(results, null, 2) + '\n');
});

test(`${CLIENTS} concurrent clients x ${REQUESTS} requests: no accepted change is lost, the state file holds them all`, async () => {
  const file = path.join(dir, 'load.json');
  const server = await startServe(file);
  const port = server.port;
  expect((await call(port, 'CreateEventBus', { Name: 'load-bus' })).status).toBe(200);
  // A rule every client adds its own targets to (and removes them from) concurrently; never deleted.
  const shared = { Name: 'shared', EventPattern: '{"source":["load"]}' };
  expect((await call(port, 'PutRule', shared)).status).toBe(200);

  const model = newModel();
  model.get('default')!.set('shared', { EventPattern: shared.EventPattern, State: 'ENABLED', Description: '', targets: new Map() });
  const counts: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const unexpected: string[] = [];
  let deliveredEntries = 0;
  const started = Date.now();

  const client = async (c: number) => {
    const random = rng(1000 + c);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const names = Array.from({ length: 6 }, (_, i) => `c${c}-r${i}`);
    const busOf = (name: string) => BUSES[Number(name.slice(name.lastIndexOf('r') + 1)) % 2];
    try {
      for (let i = 0; i < REQUESTS && Date.now() - started < DEADLINE_MS; i++) {
        const roll = random();
        const name = pick(names);
        const bus = busOf(name);
        const rules = model.get(bus)!;
        let op: string;
        let input: Record<string, unknown>;
        let apply: (body: any) => void;
        if (roll < 0.3) {
          op = 'PutRule';
          const pattern = JSON.stringify({ source: [`c${c}`], detail: { n: [Math.floor(random() * 5)] } });
          const state = random() < 0.8 ? 'ENABLED' : 'DISABLED';
          const description = `client ${c} request ${i}`;
          input = { Name: name, EventBusName: bus, EventPattern: pattern, State: state, Description: description };
          apply = () => {
            const old = rules.get(name);
            rules.set(name, { EventPattern: pattern, State: state, Description: description, targets: old?.targets ?? new Map() });
          };
        } else if (roll < 0.5) {
          op = 'PutTargets';
          // Own rules, or the shared rule (each client has its own target ids there).
          const onShared = random() < 0.4;
          const ruleName = onShared ? 'shared' : name;
          const ruleBus = onShared ? 'default' : bus;
          const targets = Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
            Id: `c${c}-t${Math.floor(random() * 3)}`,
            Arn: `${SQS}q${c}-${i}`,
          }));
          input = { Rule: ruleName, EventBusName: ruleBus, Targets: targets };
          apply = (body) => {
            const failed = new Set((body.FailedEntries ?? []).map((f: { TargetId: string }) => f.TargetId));
            const rule = model.get(ruleBus)!.get(ruleName);
            if (!rule) {
              if (targets.some((t) => !failed.has(t.Id))) unexpected.push(`PutTargets on ${ruleName} accepted but the model has no such rule`);
              return;
            }
            for (const t of targets) if (!failed.has(t.Id)) rule.targets.set(t.Id, t.Arn);
          };
        } else if (roll < 0.62) {
          op = 'RemoveTargets';
          const onShared = random() < 0.5;
          const ruleName = onShared ? 'shared' : name;
          const ruleBus = onShared ? 'default' : bus;
          const ids = [`c${c}-t${Math.floor(random() * 3)}`];
          input = { Rule: ruleName, EventBusName: ruleBus, Ids: ids };
          apply = (body) => {
            const failed = new Set((body.FailedEntries ?? []).map((f: { TargetId: string }) => f.TargetId));
            const rule = model.get(ruleBus)!.get(ruleName);
            for (const id of ids) if (!failed.has(id)) rule?.targets.delete(id);
          };
        } else if (roll < 0.72) {
          op = 'DeleteRule';
          input = { Name: name, EventBusName: bus };
          apply = () => rules.delete(name);
        } else {
          op = 'PutEvents';
          const entries = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => ({
            Source: pick([`c${c}`, 'load']),
            DetailType: 'load test',
            Detail: JSON.stringify({ n: Math.floor(random() * 5), k }),
            EventBusName: pick(BUSES),
          }));
          input = { Entries: entries };
          apply = (body) => {
            expect(body.FailedEntryCount).toBe(0);
            expect(body.Entries).toHaveLength(entries.length);
            deliveredEntries += entries.length;
          };
        }
        const t0 = Date.now();
        const r = await call(port, op, input, agent);
        latencies.push(Date.now() - t0);
        counts[op] = (counts[op] ?? 0) + 1;
        if (r.status === 200) {
          apply(r.body);
        } else {
          const type = `${op} ${r.status} ${r.body.__type}`;
          errors[type] = (errors[type] ?? 0) + 1;
          // Expected refusals: a rule that does not exist (yet), a rule that still has targets,
          // more than 5 targets on a rule. Anything else (a 500 above all) is a finding.
          if (r.status >= 500 || !['ResourceNotFoundException', 'ValidationException', 'LimitExceededException'].includes(r.body.__type)) {
            unexpected.push(`${type}: ${r.body.message}`);
          }
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const elapsed = Date.now() - started;
  expect(unexpected).toEqual([]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  expect(elapsed).toBeLessThan(DEADLINE_MS + 5000);

  // 1. The server holds exactly the accepted changes.
  const expected = sortKeys(modelState(model));
  expect(sortKeys(await serverState(port))).toEqual(expected);
  // 2. The state file parses and loads into a fresh emulator with the same state.
  const text = fs.readFileSync(file, 'utf8');
  expect(JSON.parse(text).FormatVersion).toBe(1);
  expect(sortKeys(await documentState(text))).toEqual(expected);
  // 3. A restarted server holds the same state.
  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
  const again = await startServe(file);
  expect(sortKeys(await serverState(again.port))).toEqual(expected);
  again.child.kill('SIGTERM');
  expect((await again.exited).code).toBe(0);

  latencies.sort((a, b) => a - b);
  const ruleCount = [...model.values()].reduce((n, m) => n + m.size, 0);
  results.load = {
    clients: CLIENTS,
    requestsPerClient: REQUESTS,
    requests: total,
    completedAll: total === CLIENTS * REQUESTS,
    elapsedMs: elapsed,
    requestsPerSecond: Math.round((total / elapsed) * 1000),
    latencyMs: { p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], max: latencies[latencies.length - 1] },
    byOperation: counts,
    refused: errors,
    putEventsEntries: deliveredEntries,
    finalRules: ruleCount,
    stateFileBytes: Buffer.byteLength(text),
  };
}, 90000);

/** A rule's persisted shape in the SIGKILL test: its Description and its one target's Arn. */
type Kept = { description: string; target: string | null } | null;

async function fileRules(text: string): Promise<Map<string, Kept>> {
  const eb = await EventBridge.create();
  eb.importState(text);
  const out = new Map<string, Kept>();
  const rules: { Name: string; Description?: string }[] = (eb.listRules({ Limit: 100 }) as any).Rules;
  for (const r of rules) {
    const t: { Id: string; Arn: string }[] = (eb.listTargetsByRule({ Rule: r.Name }) as any).Targets;
    out.set(r.Name, { description: r.Description ?? '', target: t.find((x) => x.Id === 't')?.Arn ?? null });
  }
  return out;
}

test('SIGKILL during writes, three times: the file always holds the acknowledged or the in-flight state of every rule', async () => {
  const file = path.join(dir, 'crash.json');
  const WRITERS = 8;
  const NAMES = 4;
  // Each writer owns NAMES rules and writes them one request at a time, so that for every rule the
  // state after its last acknowledged request is known, and so is the state its in-flight request
  // would leave. The file must hold one of the two for every rule.
  const acked = new Map<string, Kept>();
  const rounds: { acknowledged: number; inFlight: number }[] = [];
  const byOp: Record<string, number> = {};
  let seq = 0;
  for (let round = 0; round < 3; round++) {
    const server = await startServe(file);
    // Everything acknowledged (or found in the file) so far is there after the restart.
    const seen = fs.existsSync(file) ? await fileRules(fs.readFileSync(file, 'utf8')) : new Map<string, Kept>();
    for (const [name, kept] of acked) expect(seen.get(name) ?? null).toEqual(kept);
    const served = await listAll(server.port, 'ListRules', {}, 'Rules');
    expect(served.map((r: { Name: string }) => r.Name).sort()).toEqual([...seen.keys()].sort());

    const inFlight = new Map<number, { name: string; next: Kept }>();
    let ackedThisRound = 0;
    let stop = false;
    const padding = 'p'.repeat(300);
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const random = rng(round * 100 + w);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i % NAMES}`;
        const prev = acked.get(name) ?? null;
        const value = `round ${round} seq ${++seq} ${padding}`;
        const roll = random();
        let op: string;
        let input: Record<string, unknown>;
        let next: Kept;
        if (roll < 0.45 || prev === null) {
          op = 'PutRule';
          input = { Name: name, EventPattern: `{"source":["w${w}"]}`, Description: value };
          next = { description: value, target: prev?.target ?? null };
        } else if (roll < 0.75) {
          op = 'PutTargets';
          const arn = `${SQS}q-${seq}`;
          input = { Rule: name, Targets: [{ Id: 't', Arn: arn }] };
          next = { description: prev.description, target: arn };
        } else if (roll < 0.9 || prev.target === null) {
          op = prev.target === null ? 'DeleteRule' : 'RemoveTargets';
          input = op === 'DeleteRule' ? { Name: name } : { Rule: name, Ids: ['t'] };
          next = op === 'DeleteRule' ? null : { description: prev.description, target: null };
        } else {
          op = 'DeleteRule'; // refused (the rule has a target): changes nothing
          input = { Name: name };
          next = prev;
        }
        inFlight.set(w, { name, next });
        try {
          const r = await call(server.port, op, input, agent);
          const refusedAsExpected = op === 'DeleteRule' && next === prev && r.status === 400;
          if (op === 'DeleteRule' && next === prev && !refusedAsExpected) throw new Error(`DeleteRule of a rule with a target answered ${r.status}`);
          if (r.status !== 200 && !refusedAsExpected) throw new Error(`${op} answered ${r.status} ${JSON.stringify(r.body)}`);
          if (r.body.FailedEntryCount) throw new Error(`${op} failed entries ${JSON.stringify(r.body)}`);
          if (next === null) acked.delete(name);
          else acked.set(name, next);
          inFlight.delete(w);
          ackedThisRound++;
          byOp[op] = (byOp[op] ?? 0) + 1;
        } catch (e) {
          if (!stop) throw e;
          break; // the server is gone; the request stays in flight
        }
      }
      agent.destroy();
    });
    const target = 100 + round * 37;
    while (ackedThisRound < target) await new Promise((r) => setTimeout(r, 2));
    stop = true;
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    await Promise.all(writers);
    rounds.push({ acknowledged: ackedThisRound, inFlight: inFlight.size });

    // The file is a whole document; each rule has its acknowledged state or its in-flight one.
    const text = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(text).FormatVersion).toBe(1);
    const inFile = await fileRules(text);
    const pending = new Map([...inFlight.values()].map((f) => [f.name, f.next]));
    const names = new Set([...acked.keys(), ...inFile.keys(), ...pending.keys()]);
    for (const name of names) {
      const got = inFile.get(name) ?? null;
      const ok = JSON.stringify(got) === JSON.stringify(acked.get(name) ?? null) ||
        (pending.has(name) && JSON.stringify(got) === JSON.stringify(pending.get(name)));
      if (!ok) throw new Error(`rule ${name}: file has ${JSON.stringify(got)}, acknowledged ${JSON.stringify(acked.get(name) ?? null)}, in flight ${JSON.stringify(pending.get(name))}`);
    }
    // Whatever the file holds now is what the next round must find.
    acked.clear();
    for (const [name, kept] of inFile) acked.set(name, kept);
  }
  // The last restart also clears any temporary file a killed writer left behind.
  const last = await startServe(file);
  expect(fs.readdirSync(dir).filter((n) => n.startsWith('.crash.json.'))).toEqual([]);
  const finalRules = await listAll(last.port, 'ListRules', {}, 'Rules');
  expect(finalRules.map((r: { Name: string }) => r.Name).sort()).toEqual([...acked.keys()].sort());
  last.child.kill('SIGTERM');
  expect((await last.exited).code).toBe(0);
  results.sigkill = { rounds, writers: WRITERS, acknowledgedByOperation: byOp, rulesAtEnd: acked.size };
}, 90000);
