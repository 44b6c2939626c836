// The benchmark's per-rule counts are part of its correctness: on a small deterministic slice of
// the citylots2 events, for every category of ../shared/bench/citylots2-rules.json (plus
// PARTIAL_COMBO and COMBO), the WASM matcher's counts through match() (one call per event) equal
// those through countMatches() (batched) and the native engine's (build/native/bench_native, which
// `npm test` builds first). No timing here: `npm run bench` measures speed.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Matcher, init } from '../../js/src/index.node';

const root = path.resolve(__dirname, '../..');
const shared = path.resolve(root, '../shared/bench');
const rulesPath = path.join(shared, 'citylots2-rules.json');
const nativeTool = path.join(root, 'build/native/bench_native');
const EVENTS = 5000;

const PARTIAL_COMBO = [
  'NUMERIC',
  'EXACT',
  'PREFIX',
  'ANYTHING_BUT',
  'ANYTHING_BUT_IGNORE_CASE',
  'ANYTHING_BUT_PREFIX',
  'ANYTHING_BUT_SUFFIX',
  'ANYTHING_BUT_WILDCARD',
];

// Category -> pattern texts, in the rule file's order (as scripts/bench.mjs and bench_native).
function loadCategories(): Map<string, string[]> {
  const rules = JSON.parse(fs.readFileSync(rulesPath, 'utf8')) as Record<string, unknown[]>;
  const out = new Map<string, string[]>();
  for (const [name, list] of Object.entries(rules)) out.set(name, list.map((p) => JSON.stringify(p)));
  const partial = PARTIAL_COMBO.flatMap((n) => out.get(n) ?? []);
  out.set('PARTIAL_COMBO', partial);
  out.set('COMBO', [...partial, ...(out.get('COMPLEX_ARRAYS') ?? [])]);
  return out;
}

const categories = loadCategories();
let dir = '';
let events: string[] = [];
let native: Map<string, number[]> | undefined;

function loaded(name: string, patterns: string[]): Matcher {
  const m = new Matcher();
  patterns.forEach((p, i) => m.addRule(`${name}-${i}`, p));
  return m;
}

beforeAll(async () => {
  await init();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-bench-counts-'));
  const eventsPath = path.join(dir, 'citylots2.jsonl');
  execFileSync(process.execPath, [path.join(shared, 'gen-citylots2.mjs'), eventsPath, String(EVENTS)], {
    stdio: 'ignore',
  });
  events = fs.readFileSync(eventsPath, 'utf8').split('\n').filter(Boolean);
  if (fs.existsSync(nativeTool)) {
    const out = execFileSync(nativeTool, [rulesPath, eventsPath, '--json', '--passes', '1'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    native = new Map();
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
      const r = JSON.parse(line) as { category: string; counts: number[]; events: number };
      expect(r.events).toBe(EVENTS);
      native.set(r.category, r.counts);
    }
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the generated slice and the rule file', () => {
  expect(events).toHaveLength(EVENTS);
  expect(categories.size).toBe(16);
  expect(categories.get('PARTIAL_COMBO')).toHaveLength(40);
  expect(categories.get('COMBO')).toHaveLength(45);
});

test.each([...categories.keys()])('%s: match(), countMatches() and bench_native count the same', (name) => {
  const patterns = categories.get(name) as string[];
  const m = loaded(name, patterns);
  try {
    const byName = new Map<string, number>();
    for (const e of events) for (const n of m.match(e)) byName.set(n, (byName.get(n) ?? 0) + 1);
    const single = patterns.map((_, i) => byName.get(`${name}-${i}`) ?? 0);
    const batchMap = m.countMatches(events);
    const batch = patterns.map((_, i) => batchMap.get(`${name}-${i}`) ?? 0);
    expect(batch).toEqual(single);
    if (!native) {
      throw new Error(
        `${path.relative(root, nativeTool)} is missing: build it with \`node scripts/build.mjs --native\` (npm test does)`,
      );
    }
    expect(single).toEqual(native.get(name));
  } finally {
    m.dispose();
  }
});

test('matchMany() gives match()\'s names per event', () => {
  const m = loaded('COMBO', categories.get('COMBO') as string[]);
  try {
    const slice = events.slice(0, 500);
    expect(m.matchMany(slice)).toEqual(slice.map((e) => m.match(e)));
  } finally {
    m.dispose();
  }
});
