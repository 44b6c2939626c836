// An allocation that fails inside Matcher (out of WebAssembly memory) must leave that Matcher and
// the rest of the module working (issue 9). tests/fuzz/repro/matcher-oom.mjs reproduces it for real
// with a 2 GiB reservation; here the module's _malloc refuses large requests instead, so the test
// needs no memory. Before 9ff802c the Matcher kept the failed area's capacity with no memory behind
// it: the next match wrote the event at address 0 and every later call trapped.
import { EventBridge, Matcher, init } from '../../js/src/index.node';

type Module = Awaited<ReturnType<typeof init>>;

const LIMIT = 1024 * 1024;

/** Runs `f` while the module's _malloc refuses requests of LIMIT bytes or more. */
function withSmallMalloc<T>(mod: Module, f: () => T): T {
  const original = mod._malloc;
  mod._malloc = (bytes: number) => (bytes >= LIMIT ? 0 : original(bytes));
  try {
    return f();
  } finally {
    mod._malloc = original;
  }
}

const small = JSON.stringify({ source: 'a', 'detail-type': 't', detail: { n: 1 } });
// 400,000 UTF-16 units: a reservation of 3 bytes per unit, rounded up to 2 MiB.
const large = JSON.stringify({ source: 'a', 'detail-type': 't', detail: { blob: 'x'.repeat(400_000) } });

test.each([
  ['match', (m: Matcher) => m.match(large)],
  ['matchMany', (m: Matcher) => m.matchMany([small, large, small])],
])('a failed allocation in %s leaves the Matcher and the module working', async (_label, call) => {
  const mod = await init();
  const m = new Matcher();
  m.addRule('r', { source: ['a'] });
  m.addRule('n', { detail: { n: [1] } });
  expect(m.match(small).sort()).toEqual(['n', 'r']);

  expect(() => withSmallMalloc(mod, () => call(m))).toThrow(/out of WebAssembly memory/);

  // The same Matcher, on small and (with memory back) large events.
  expect(m.match(small).sort()).toEqual(['n', 'r']);
  expect(m.matchMany([small, small]).map((ids) => ids.sort())).toEqual([['n', 'r'], ['n', 'r']]);
  expect(m.match(large)).toEqual(['r']);
  // The rest of the module.
  const fresh = new Matcher();
  fresh.addRule('r', { source: ['a'] });
  expect(fresh.match(small)).toEqual(['r']);
  const eb = await EventBridge.create();
  eb.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
  expect(eb.testEventPattern({ EventPattern: '{"source":["a"]}', Event: JSON.stringify({
    id: '1', account: '123456789012', source: 'a', time: '2024-01-01T00:00:00Z', region: 'us-east-1',
    resources: [], 'detail-type': 't', detail: {} }) })).toMatchObject({ Result: true });
  m.dispose();
  fresh.dispose();
});
