#!/usr/bin/env node
// WebAssembly memory soak (issue 9), run by hand (not part of npm test; tests/js/wasm-memory.test.ts
// runs a tenth of it): 1,000,000 matches and 100,000 put/delete cycles of rules through the public
// API of the built package, printing the module's memory before and after each phase.
//
//   node scripts/memory-soak.mjs [--matches N] [--cycles N] [--json]
//
// Two measures, as in the test: the WebAssembly memory's size (HEAPU8.buffer.byteLength; it only
// grows) and the bytes in use inside it (the size minus what can be malloc'd in 16 KiB blocks before
// the memory must grow). Exits 1 when the bytes in use grew by more than 256 KiB, or the memory grew
// at all, after the warm-up. Needs `npm run build` (js/dist and dist/wasm).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { EventBridge, Matcher, init } = require(path.join(root, 'js/dist/cjs/index.node.js'));

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const MATCHES = flag('matches', 1_000_000);
const CYCLES = flag('cycles', 100_000);
const JSON_OUT = args.includes('--json');
const BLOCK = 16 * 1024;
const USED_SLACK = 256 * 1024;

const mod = await init();
const heapBytes = () => mod.HEAPU8.buffer.byteLength;
function usedBytes() {
  const size = heapBytes();
  const blocks = [];
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

const event = (i) =>
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
const PATTERNS = {
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

const m = new Matcher();
for (const [name, p] of Object.entries(PATTERNS)) m.addRule(name, p);
const eb = await EventBridge.create();
const events = Array.from({ length: 1000 }, (_, i) => event(i));
const reference = events.map((e) => m.match(e).join(','));

function matchAll(n) {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const got = m.match(events[i % 1000]);
    hits += got.length;
    if (i % 9973 === 0 && got.join(',') !== reference[i % 1000]) throw new Error(`match ${i} changed: ${got}`);
  }
  return hits;
}
function churn(n, offset) {
  for (let i = 0; i < n; i++) {
    const name = `churn-${(offset + i) % 50}`;
    m.addRule(name, { detail: { n: [(offset + i) % 100] }, source: [{ prefix: 'aws.' }] });
    eb.putRule({ Name: name, EventPattern: JSON.stringify({ detail: { n: [i % 100] } }), Description: `cycle ${i}` });
    eb.putTargets({ Rule: name, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputPath: '$.detail' }] });
    if (!m.removeRule(name)) throw new Error(`rule ${name} was not there`);
    eb.removeTargets({ Rule: name, Ids: ['t'] });
    eb.deleteRule({ Name: name });
  }
}

const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;
const report = {};
const log = (s) => {
  if (!JSON_OUT) console.log(s);
};

matchAll(10_000);
churn(1_000, 0);
const used0 = usedBytes();
const heap0 = heapBytes(); // after the first probe, which may have grown it
report.warmup = { heapBytes: heap0, usedBytes: used0 };
log(`after warm-up (10,000 matches, 1,000 cycles): memory ${mib(heap0)}, in use ${mib(used0)}`);

let t = Date.now();
const hits = matchAll(MATCHES);
const heap1 = heapBytes();
const used1 = usedBytes(); // may grow the memory once; later sizes compare with heap1b
const heap1b = heapBytes();
report.matches = { count: MATCHES, ms: Date.now() - t, hits, heapBytes: heap1, usedBytes: used1 };
log(`after ${MATCHES.toLocaleString('en')} matches (${report.matches.ms} ms, ${hits} rule hits): memory ${mib(heap1)}, in use ${mib(used1)}` +
  (heap1b !== heap1 ? ` (the in-use probe grew the memory to ${mib(heap1b)})` : ''));

t = Date.now();
churn(CYCLES, 1_000);
const heap2 = heapBytes();
const used2 = usedBytes();
report.cycles = { count: CYCLES, ms: Date.now() - t, heapBytes: heap2, usedBytes: used2 };
log(`after ${CYCLES.toLocaleString('en')} put/delete cycles (${report.cycles.ms} ms): memory ${mib(heap2)}, in use ${mib(used2)}`);
if (eb.listRules({}).Rules.length !== 0 || m.size !== Object.keys(PATTERNS).length) throw new Error('rules left behind');

const growth = { heapDuringMatches: heap1 - heap0, heapDuringCycles: heap2 - heap1b, used: Math.max(used1, used2) - used0 };
report.growth = growth;
report.ok = growth.heapDuringMatches === 0 && growth.heapDuringCycles === 0 && growth.used <= USED_SLACK;
if (JSON_OUT) console.log(JSON.stringify(report));
else console.log(`growth: memory +${growth.heapDuringMatches} B (matches), +${growth.heapDuringCycles} B (cycles); in use +${growth.used} B -> ${report.ok ? 'flat' : 'GREW'}`);
m.dispose();
process.exitCode = report.ok ? 0 : 1;
