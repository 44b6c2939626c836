// `eventbridge-wasm serve` as a child process (the built CLI, js/bin/eventbridge-wasm.js): the
// `listening on` line, clean shutdown on SIGTERM/SIGINT, --state persistence across a restart, a
// corrupt state file refused (exit 1, file untouched), and kill -9 during writes leaving a valid file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EventBridge } from '../../js/src/index.node';
import { assertBuilt, call, killChildren, runServe, startServe } from './helpers/serve-process';

let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-state-'));
});

afterAll(() => {
  killChildren();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('prints the listening line, binds 127.0.0.1 by default, exits 0 on SIGTERM and SIGINT', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const s = await startServe([]);
    expect(s.port).toBeGreaterThan(0);
    expect((await call(s.port, 'ListRules', {})).status).toBe(200);
    s.child.kill(signal);
    expect(await s.exited).toEqual({ code: 0, signal: null });
  }
});

test('--state: rules and targets survive a restart', async () => {
  const file = path.join(dir, 'state.json');
  const a = await startServe(['--state', file]);
  for (const name of ['r1', 'r2']) {
    expect((await call(a.port, 'PutRule', { Name: name, EventPattern: `{"source":["${name}"]}` })).status).toBe(200);
  }
  expect((await call(a.port, 'PutTargets', { Rule: 'r1', Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] })).status).toBe(200);
  expect((await call(a.port, 'CreateEventBus', { Name: 'orders' })).status).toBe(200);
  // Written after each change, before the process stops.
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveProperty('EventBuses');
  a.child.kill('SIGTERM');
  expect((await a.exited).code).toBe(0);

  const b = await startServe(['--state', file]);
  const rules = await call(b.port, 'ListRules', {});
  expect(rules.body.Rules.map((r: { Name: string }) => r.Name).sort()).toEqual(['r1', 'r2']);
  const targets = await call(b.port, 'ListTargetsByRule', { Rule: 'r1' });
  expect(targets.body.Targets).toEqual([{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }]);
  const buses = await call(b.port, 'ListEventBuses', {});
  expect(buses.body.EventBuses.map((x: { Name: string }) => x.Name).sort()).toEqual(['default', 'orders']);
  // Failed and read-only requests leave the file as it is.
  const before = fs.readFileSync(file, 'utf8');
  expect((await call(b.port, 'DescribeRule', { Name: 'missing' })).status).toBe(400);
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
  b.child.kill('SIGTERM');
  expect((await b.exited).code).toBe(0);
});

test('a corrupt state file stops start-up: exit 1, a clear message, the file untouched', async () => {
  for (const text of ['{"FormatVersion":1,"EventBuses":[', 'not json at all', '{"FormatVersion":99}']) {
    const file = path.join(dir, 'corrupt.json');
    fs.writeFileSync(file, text);
    const mtime = fs.statSync(file).mtimeMs;
    const r = await runServe(['--state', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('listening on');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/not a valid state document/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  }
});

test('kill -9 in the middle of writes leaves a complete, loadable state file', async () => {
  const file = path.join(dir, 'crash.json');
  const s = await startServe(['--state', file]);
  const description = 'x'.repeat(400);
  let stop = false;
  let done = 0;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      try {
        await call(s.port, 'PutRule', { Name: `w${w}-${i % 50}`, EventPattern: `{"source":["s${i}"]}`, Description: description });
        done++;
      } catch {
        return; // the server is gone
      }
    }
  });
  while (done < 150) await new Promise((r) => setTimeout(r, 10));
  s.child.kill('SIGKILL');
  stop = true;
  expect((await s.exited).signal).toBe('SIGKILL');
  await Promise.all(writers);

  const text = fs.readFileSync(file, 'utf8');
  const doc = JSON.parse(text);
  expect(doc.FormatVersion).toBe(1);
  const eb = await EventBridge.create();
  eb.importState(text);
  expect((eb.listRules({}).Rules as unknown[]).length).toBeGreaterThan(0);

  // And the CLI starts from it, removing any temporary file the killed writer left behind.
  const again = await startServe(['--state', file]);
  expect((await call(again.port, 'ListRules', {})).status).toBe(200);
  expect(fs.readdirSync(dir).filter((n) => n.startsWith('.crash.json.'))).toEqual([]);
  again.child.kill('SIGTERM');
  expect((await again.exited).code).toBe(0);
});

test('--state: archived events and a replay started before a restart survive it', async () => {
  const file = path.join(dir, 'archive.json');
  const bus = 'arn:aws:events:us-east-1:123456789012:event-bus/default';
  const a = await startServe(['--state', file]);
  expect((await call(a.port, 'CreateArchive', { ArchiveName: 'kept', EventSourceArn: bus })).status).toBe(200);
  const put = await call(a.port, 'PutEvents', { Entries: [{ Source: 'app', DetailType: 'd', Detail: '{"n":1}' }] });
  expect(put.body.FailedEntryCount).toBe(0);
  // PutEvents answers nothing about state, but the archive's new event is written at once.
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).Archives[0].Events).toHaveLength(1);
  const now = Date.now() / 1000;
  expect((await call(a.port, 'StartReplay', {
    ReplayName: 'across', EventSourceArn: 'arn:aws:events:us-east-1:123456789012:archive/kept',
    EventStartTime: now - 60, EventEndTime: now + 60, Destination: { Arn: bus },
  })).body.State).toBe('STARTING');
  a.child.kill('SIGKILL'); // before the replay's first step
  await a.exited;

  const b = await startServe(['--state', file]);
  expect((await call(b.port, 'DescribeArchive', { ArchiveName: 'kept' })).body.EventCount).toBe(1);
  // The restarted server picks the replay up and runs it to the end.
  let state = '';
  for (let i = 0; i < 50 && state !== 'COMPLETED'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    state = (await call(b.port, 'DescribeReplay', { ReplayName: 'across' })).body.State;
  }
  expect(state).toBe('COMPLETED');
  b.child.kill('SIGTERM');
  expect((await b.exited).code).toBe(0);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).Replays[0].State).toBe('COMPLETED');
}, 60000);
