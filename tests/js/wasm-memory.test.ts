// WebAssembly memory (issue 9), through the public API only: after a warm-up, the module's memory
// stays flat across 100,000 matches and 10,000 put/delete cycles of rules (Matcher and
// EventBridge), and after every kind of thrown error (invalid pattern, invalid event, bad request,
// huge and deeply nested inputs) the module still gives the right answers.
// scripts/memory-soak.mjs runs the full counts (1,000,000 matches, 100,000 cycles) by hand.
//
// Two measures: the size of the WebAssembly memory (HEAPU8.buffer.byteLength, which only grows, in
// steps of 20 % or more), and the bytes in use inside it, estimated by allocating 16 KiB blocks
// until the memory has to grow (heap size minus what could still be allocated; the probe itself
// may grow the memory once). The second one sees a leak long before the memory grows.
import { EventBridge, Matcher, init } from '../../js/src/index.node';

type Module = Awaited<ReturnType<typeof init>>;
let mod: Module;

const MATCHES = 100_000;
const CYCLES = 10_000;
const BLOCK = 16 * 1024;
/** Allowed growth of the bytes in use (free-list and fragmentation noise is a few blocks). */
const USED_SLACK = 256 * 1024;

function heapBytes(): number {
  return mod.HEAPU8.buffer.byteLength;
}

/** Bytes in use in the WebAssembly heap: its size minus what can be allocated before it grows. */
function usedBytes(): number {
  const size = heapBytes();
  const blocks: number[] = [];
  for (;;) {
    const p = mod._malloc(BLOCK);
    if (!p) break;
    if (heapBytes() !== size) {
      mod._free(p);
      break;
    }
    blocks.push(p);
  }
  for (const p of blocks) mod._free(p);
  return size - blocks.length * BLOCK;
}

const event = (i: number) =>
  JSON.stringify({
    version: '0',
    id: `id-${i}`,
    'detail-type': i % 3 ? 'EC2 Instance State-change Notification' : 'Object Created',
    source: i % 2 ? 'aws.ec2' : 'aws.s3',
    account: '123456789012',
    time: '2024-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:ec2:us-east-1:123456789012:instance/i-${i % 1000}`],
    detail: {
      state: ['running', 'stopped', 'pending', 'terminated'][i % 4],
      n: i % 100,
      ip: `10.0.${i % 256}.${(i >> 8) % 256}`,
      name: `prefix-${i % 7}-x.json`,
      tags: [{ k: 'env', v: i % 2 ? 'prod' : 'dev' }, { k: 'team', v: 'a' }],
      ...(i % 5 ? {} : { optional: true }),
    },
  });

const PATTERNS: Record<string, object> = {
  ec2: { source: ['aws.ec2'] },
  stopped: { detail: { state: ['stopped'] } },
  notRunning: { source: ['aws.ec2'], detail: { state: [{ 'anything-but': 'running' }] } },
  prefix: { detail: { name: [{ prefix: 'prefix-3' }] } },
  suffix: { detail: { name: [{ suffix: '.json' }] } },
  ignoreCase: { 'detail-type': [{ 'equals-ignore-case': 'object created' }] },
  wildcard: { resources: [{ wildcard: 'arn:aws:ec2:*:instance/i-1*' }] },
  numeric: { detail: { n: [{ numeric: ['>=', 10, '<', 20] }] } },
  exists: { detail: { optional: [{ exists: true }] } },
  cidr: { detail: { ip: [{ cidr: '10.0.1.0/24' }] } },
  or: { $or: [{ source: ['aws.s3'] }, { detail: { n: [42] } }] },
  tags: { detail: { tags: { k: ['env'], v: ['prod'] } } },
};

/** What each rule of PATTERNS must say about event(i), computed independently. */
function expected(i: number): string[] {
  const e = JSON.parse(event(i));
  const d = e.detail;
  const out: string[] = [];
  if (e.source === 'aws.ec2') out.push('ec2');
  if (d.state === 'stopped') out.push('stopped');
  if (e.source === 'aws.ec2' && d.state !== 'running') out.push('notRunning');
  if (d.name.startsWith('prefix-3')) out.push('prefix');
  out.push('suffix');
  if (e['detail-type'] === 'Object Created') out.push('ignoreCase');
  if (/^arn:aws:ec2:.*:instance\/i-1.*$/.test(e.resources[0])) out.push('wildcard');
  if (d.n >= 10 && d.n < 20) out.push('numeric');
  if (d.optional !== undefined) out.push('exists');
  if (d.ip.startsWith('10.0.1.')) out.push('cidr');
  if (e.source === 'aws.s3' || d.n === 42) out.push('or');
  if (d.tags.some((t: { k: string; v: string }) => t.k === 'env' && t.v === 'prod')) out.push('tags');
  return out;
}

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}

function newMatcher(): Matcher {
  const m = new Matcher();
  for (const [name, p] of Object.entries(PATTERNS)) m.addRule(name, p);
  return m;
}

/** The module gives the right answers: a matcher, a fresh matcher, and the control plane. */
function stillCorrect(m: Matcher, eb: EventBridge, label: string): void {
  for (let i = 0; i < 40; i++) {
    expect({ label, i, got: sorted(m.match(event(i))) }).toEqual({ label, i, got: sorted(expected(i)) });
  }
  const fresh = newMatcher();
  expect(sorted(fresh.match(event(13)))).toEqual(sorted(expected(13)));
  fresh.dispose();
  const name = `check-${label.replace(/[^A-Za-z0-9]/g, '-')}`.slice(0, 60);
  eb.putRule({ Name: name, EventPattern: JSON.stringify(PATTERNS.stopped) });
  expect(eb.describeRule({ Name: name })).toMatchObject({ Name: name, State: 'ENABLED' });
  expect(eb.testEventPattern({ EventPattern: JSON.stringify(PATTERNS.ec2), Event: event(1) })).toMatchObject({ Result: true });
  expect(eb.testEventPattern({ EventPattern: JSON.stringify(PATTERNS.ec2), Event: event(2) })).toMatchObject({ Result: false });
  eb.deleteRule({ Name: name });
}

const log: Record<string, unknown> = {};

beforeAll(async () => {
  mod = await init();
});

afterAll(() => {
  // Shown with --verbose; the numbers also go to the README through docs/reliability.md.
  process.stdout.write(`wasm-memory: ${JSON.stringify(log)}\n`);
});

test(`memory stays flat across ${MATCHES.toLocaleString('en')} matches and ${CYCLES.toLocaleString('en')} put/delete cycles`, async () => {
  const m = newMatcher();
  const eb = await EventBridge.create();
  const events = Array.from({ length: 1000 }, (_, i) => event(i));
  const expectations = events.map((_, i) => sorted(expected(i)));
  const churn = (n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      const name = `churn-${(offset + i) % 50}`;
      // Matcher rules and emulator rules with a target, put and deleted again.
      m.addRule(name, { detail: { n: [(offset + i) % 100] }, source: [{ prefix: 'aws.' }] });
      eb.putRule({ Name: name, EventPattern: JSON.stringify({ detail: { n: [i % 100] } }), Description: `cycle ${i}` });
      eb.putTargets({ Rule: name, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputPath: '$.detail' }] });
      expect(m.removeRule(name)).toBe(true);
      eb.removeTargets({ Rule: name, Ids: ['t'] });
      eb.deleteRule({ Name: name });
    }
  };
  const matchAll = (n: number) => {
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const got = m.match(events[i % 1000]);
      hits += got.length;
      if (i % 997 === 0) expect(sorted(got)).toEqual(expectations[i % 1000]);
    }
    // Batches and the string path as well.
    m.matchMany(events.slice(0, 100));
    eb.testEventPattern({ EventPattern: JSON.stringify(PATTERNS.cidr), Event: events[n % 1000] });
    return hits;
  };

  // Warm-up: every buffer and table at its working size.
  matchAll(10_000);
  churn(1_000, 0);
  // The first probe may grow the memory (it allocates until it must); then the size is measured
  // around the soak without probes in between, and the bytes in use before and after.
  const used0 = usedBytes();
  const heap0 = heapBytes();

  const t0 = Date.now();
  const hits = matchAll(MATCHES);
  const heap1 = heapBytes();
  const t1 = Date.now();
  churn(CYCLES, 1_000);
  const heap2 = heapBytes();
  const t2 = Date.now();
  const used2 = usedBytes();

  Object.assign(log, {
    heapBefore: heap0, usedBefore: used0,
    heapAfterMatches: heap1, matchMs: t1 - t0, hits,
    heapAfterCycles: heap2, cycleMs: t2 - t1, usedAfter: used2,
  });
  expect(hits).toBeGreaterThan(MATCHES);
  expect(m.size).toBe(Object.keys(PATTERNS).length);
  expect(eb.listRules({}).Rules).toEqual([]);
  expect(heap1).toBe(heap0);
  expect(heap2).toBe(heap0);
  expect(used2 - used0).toBeLessThanOrEqual(USED_SLACK);
  stillCorrect(m, eb, 'after the soak');
  m.dispose();
}, 120000);

test('after every kind of error the module still answers correctly, and failures leak nothing', async () => {
  const m = newMatcher();
  const eb = await EventBridge.create();
  eb.putRule({ Name: 'keep', EventPattern: JSON.stringify(PATTERNS.ec2) });
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const deepArray = (n: number) => '{"a":' + '['.repeat(n) + ']'.repeat(n) + '}';
  const huge = JSON.stringify({ source: 'aws.ec2', detail: { blob: 'x'.repeat(8 * 1024 * 1024) } });
  const failures: [string, () => unknown, string][] = [
    ['invalid pattern', () => m.addRule('bad', '{"source":"aws.ec2"}'), 'InvalidEventPatternException'],
    ['pattern not JSON', () => m.addRule('bad', '{"source":['), 'InvalidEventPatternException'],
    ['deep pattern', () => m.addRule('bad', deep(100_000)), 'InvalidEventPatternException'],
    ['too complex wildcard', () => m.addRule('bad', { a: [{ wildcard: '*:*:*:*:*:*:*:*:*:*:*:*:*' }] }), 'InvalidEventPatternException'],
    ['invalid event', () => m.match('{"source":'), 'ValidationException'],
    ['event not an object', () => m.match('[1,2]'), 'ValidationException'],
    ['deep event', () => m.match(deep(100_000)), 'ValidationException'],
    ['deep array event', () => m.match(deepArray(100_000)), 'ValidationException'],
    ['deep events in a batch', () => m.matchMany([event(1), deep(5000)]), 'ValidationException'],
    ['bad request', () => eb.putRule({ Name: 'bad name!', EventPattern: '{}' } as never), 'ValidationException'],
    ['rule not found', () => eb.describeRule({ Name: 'missing' }), 'ResourceNotFoundException'],
    ['request not an object', () => eb.putTargets('not json' as never), ''],
    ['deep request', () => eb.putRule({ Name: 'x', Tags: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) } as never), ''],
    ['deep pattern via PutRule', () => eb.putRule({ Name: 'x', EventPattern: deepArray(2000) }), ''],
    ['pattern over 4096 characters', () => eb.putRule({ Name: 'x', EventPattern: deep(3000) }), 'ValidationException'],
    ['deep event via TestEventPattern', () => eb.testEventPattern({ EventPattern: '{}', Event: deep(100_000) }), ''],
    ['too many targets', () => eb.putTargets({ Rule: 'keep', Targets: Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: 'arn:aws:sqs:us-east-1:123456789012:q' })) }), 'LimitExceededException'],
    ['deep InputTemplate', () => eb.putTargets({ Rule: 'keep', Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputTransformer: { InputPathsMap: {}, InputTemplate: '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}' } }] }), 'ValidationException'],
    ['import of a broken state', () => eb.importState('{"FormatVersion":1,"EventBuses":['), ''],
  ];
  const outcomes: Record<string, string> = {};
  const run = () => {
    for (const [label, f, name] of failures) {
      let thrown: unknown;
      try {
        f();
      } catch (e) {
        thrown = e;
      }
      expect({ label, threw: thrown instanceof Error }).toEqual({ label, threw: true });
      const err = thrown as Error & { $metadata?: { httpStatusCode?: number } };
      if (name) expect({ label, name: err.name }).toEqual({ label, name });
      expect({ label, status: err.$metadata?.httpStatusCode }).toEqual({ label, status: 400 });
      outcomes[label] = `${err.name}: ${err.message.split('\n')[0].slice(0, 100)}`;
      stillCorrect(m, eb, label);
    }
  };
  // A huge (8 MiB) event is a valid event: matched, not refused.
  expect(m.match(huge)).toEqual(['ec2']);
  stillCorrect(m, eb, 'huge event');
  run(); // first round: buffers and caches reach their size
  const used0 = usedBytes();
  for (let k = 0; k < 20; k++) run();
  const used1 = usedBytes();
  Object.assign(log, { errorKinds: failures.length, errorRounds: 20, usedBeforeErrors: used0, usedAfterErrors: used1, errors: outcomes });
  expect(used1 - used0).toBeLessThanOrEqual(USED_SLACK);
  expect((eb.listRules({}).Rules as { Name: string }[]).map((r) => r.Name)).toEqual(['keep']);
  m.dispose();
}, 120000);
