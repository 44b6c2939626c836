// The citylots2 benchmark (../shared/bench/README.md) for both engines: the native core
// (build/native/bench_native) and the WebAssembly module driven from Node through the package's
// public API.
//
//   node scripts/bench.mjs [--json] [--events N] [--passes P] [--category NAME]
//                          [--no-native] [--no-wasm] [--no-scaling] [--scaling-events N]
//
// Categories: each category of citylots2-rules.json, then PARTIAL_COMBO and COMBO, loaded into one
// matcher as "<CATEGORY>-<i>". Every event is in memory first (JavaScript strings for the WASM
// run). One untimed pass, then P timed passes (default 3, the reference's protocol); events/s is
// events * P / their total wall-clock time.
// - native: bench_native (counts from its first timed pass).
// - wasm: `matcher.match(event)` per event, as users call it (strings in, rule names out); its
//   untimed pass gives the per-rule counts. The batched `countMatches(events)` is timed the same
//   way and reported beside it (its counts must agree too).
// Targets against event-ruler's figures: WASM match() at least 4x, native at least 8x.
// Scaling: 1, 100, 1,000 and 10,000 rules of three sets (the rules come from
// `bench_native --scaling-rules`, so that both engines run the same ones), over the first
// --scaling-events events (default 50,000; same passes): rules added per second, memory per rule,
// events/s, time per event against 1 rule, matches. exact: values of one field (target: at most
// 1.5x the time per event of 1 rule); mixed: 11 fields, 8 operators, values from the events, so
// matches per event grow with the rules (against event-ruler's figures for the same rules);
// constant: the mixed set's fields and operators with values no event holds, so matches per
// event stay the same (target: at most 3x).
// V8's JSON.parse of each event is timed in the same window: the references were measured when it
// ran at 228,000 events/s (categories) and 154,000 (the mixed set), a yardstick for the machine.
// Also the module's start-up time in a fresh Node process (median of 5) and the .wasm size.
//
// --json prints only one line per engine and category on stdout:
//   {"engine","category","events","eventsPerSecond","counts"}
// (wasm lines add "batchEventsPerSecond"); everything else goes to stderr. The events are
// generated once into build/bench/ (never committed). Exit status 1 when the engines' counts
// differ.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';

// A full garbage collection before each timed run, so that one run's garbage is not collected
// during the next one's timing.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/bench');
export const rulesPath = path.join(shared, 'citylots2-rules.json');
export const nativeTool = path.join(root, 'build/native/bench_native');
const packageEntry = path.join(root, 'js/dist/cjs/index.node.js');
const wasmFile = path.join(root, 'dist/wasm/ebw.wasm');

// events/s of aws/event-ruler 2.0.1 on this data (../shared/bench/README.md).
export const REFERENCE = {
  EXACT: 399000,
  WILDCARD: 308000,
  PREFIX: 408000,
  PREFIX_EQUALS_IGNORE_CASE: 412000,
  SUFFIX: 390000,
  SUFFIX_EQUALS_IGNORE_CASE: 394000,
  EQUALS_IGNORE_CASE: 347000,
  NUMERIC: 218000,
  ANYTHING_BUT: 237000,
  ANYTHING_BUT_IGNORE_CASE: 242000,
  ANYTHING_BUT_PREFIX: 246000,
  ANYTHING_BUT_SUFFIX: 246000,
  ANYTHING_BUT_WILDCARD: 191000,
  COMPLEX_ARRAYS: 52000,
  PARTIAL_COMBO: 79000,
  COMBO: 32000,
};
const TARGET = { native: 8, wasm: 4 }; // times the reference
// Time per event with 10,000 rules / with 1 rule, at most (mixed: none, its matches grow).
const SCALING_TARGET = { exact: 1.5, constant: 3 };
const SCALING_SETS = ['exact', 'mixed', 'constant'];
// event-ruler on the mixed set's first 50,000 events (../shared/bench/README.md), by rule count.
export const MIXED_REFERENCE = { 1: 259000, 100: 103000, 1000: 82000, 10000: 47000 };
// V8 JSON.parse events/s in the windows the references were measured in.
const REFERENCE_JSON_PARSE = { categories: 228000, mixed: 154000 };
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

function parseArgs(argv) {
  const o = {
    json: false,
    events: 0,
    passes: 3,
    category: '',
    native: true,
    wasm: true,
    scaling: true,
    scalingEvents: 50000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value after ${a}`);
      return argv[++i];
    };
    if (a === '--json') o.json = true;
    else if (a === '--events') o.events = Number(value());
    else if (a === '--passes') o.passes = Math.max(1, Number(value()));
    else if (a === '--category') o.category = value();
    else if (a === '--no-native') o.native = false;
    else if (a === '--no-wasm') o.wasm = false;
    else if (a === '--no-scaling') o.scaling = false;
    else if (a === '--scaling-events') o.scalingEvents = Number(value());
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['events', 'passes', 'scalingEvents']) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`--${k} takes a count`);
  }
  return o;
}

/** The categories of the rule file, then PARTIAL_COMBO and COMBO: [{ name, patterns: [text] }]. */
export function loadCategories(file = rulesPath) {
  const rules = JSON.parse(fs.readFileSync(file, 'utf8'));
  const out = Object.entries(rules).map(([name, list]) => ({ name, patterns: list.map((p) => JSON.stringify(p)) }));
  const by = Object.fromEntries(out.map((c) => [c.name, c.patterns]));
  by.PARTIAL_COMBO = PARTIAL_COMBO.flatMap((n) => by[n]);
  by.COMBO = [...by.PARTIAL_COMBO, ...by.COMPLEX_ARRAYS];
  out.push({ name: 'PARTIAL_COMBO', patterns: by.PARTIAL_COMBO }, { name: 'COMBO', patterns: by.COMBO });
  return out;
}

/** The generated events file (all 213,068, or the first `count`), made on first use. */
export function eventsFile(count = 0, dir = path.join(root, 'build/bench')) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, count ? `citylots2-${count}.jsonl` : 'citylots2.jsonl');
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    const args = [path.join(shared, 'gen-citylots2.mjs'), tmp];
    if (count) args.push(String(count));
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.renameSync(tmp, file);
  }
  return file;
}

export function readEvents(file, max = 0) {
  const lines = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l) lines.push(l);
    if (max && lines.length >= max) break;
  }
  return lines;
}

function runTool(args) {
  const r = spawnSync(nativeTool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`bench_native ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function jsonLines(text) {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

/** bench_native in category mode: its JSON lines as objects. */
export function runNative(file, { events = 0, passes = 3, category = '' } = {}) {
  const args = [rulesPath, file, '--json', '--passes', String(passes)];
  if (events) args.push('--events', String(events));
  if (category) args.push('--category', category);
  return jsonLines(runTool(args));
}

function loadMatcher(Matcher, name, patterns) {
  const m = new Matcher();
  patterns.forEach((p, i) => m.addRule(`${name}-${i}`, p));
  return m;
}

/** Per-rule counts of `category` over `events` through matcher.match(), in the rule order. */
export function wasmCounts(Matcher, category, events) {
  const m = loadMatcher(Matcher, category.name, category.patterns);
  try {
    const byName = new Map();
    for (const e of events) for (const n of m.match(e)) byName.set(n, (byName.get(n) ?? 0) + 1);
    return category.patterns.map((_, i) => byName.get(`${category.name}-${i}`) ?? 0);
  } finally {
    m.dispose();
  }
}

/** The same counts through the batched countMatches(). */
export function wasmBatchCounts(Matcher, category, events) {
  const m = loadMatcher(Matcher, category.name, category.patterns);
  try {
    const byName = m.countMatches(events);
    return category.patterns.map((_, i) => byName.get(`${category.name}-${i}`) ?? 0);
  } finally {
    m.dispose();
  }
}

function seconds(since) {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function cpuSeconds(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

// Timed passes of one path: { perSecond (wall), cpuPerSecond }.
function timePasses(pass, events, passes) {
  collectGarbage();
  let wall = 0;
  const cpu0 = process.cpuUsage();
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    pass();
    wall += seconds(t0);
  }
  return { perSecond: (events * passes) / wall, cpuPerSecond: (events * passes) / cpuSeconds(cpu0) };
}

/** One category through the WebAssembly module: per-event match() and batched countMatches(). */
export function runWasm(Matcher, category, events, passes = 3) {
  const m = loadMatcher(Matcher, category.name, category.patterns);
  try {
    let sink = 0; // keeps the results alive
    // The untimed pass, which also counts.
    const byName = new Map();
    for (const e of events) for (const n of m.match(e)) byName.set(n, (byName.get(n) ?? 0) + 1);
    const counts = category.patterns.map((_, i) => byName.get(`${category.name}-${i}`) ?? 0);
    const single = timePasses(
      () => {
        for (let i = 0; i < events.length; i++) sink += m.match(events[i]).length;
      },
      events.length,
      passes,
    );
    const batchMap = m.countMatches(events); // untimed
    const batchCounts = category.patterns.map((_, i) => batchMap.get(`${category.name}-${i}`) ?? 0);
    const batch = timePasses(() => (sink += m.countMatches(events).size), events.length, passes);
    return { counts, batchCounts, single, batch, sink };
  } finally {
    m.dispose();
  }
}

/** V8's JSON.parse of every event, timed like the matchers: events/s. */
function jsonParseRate(events, passes) {
  let sink = 0;
  for (const e of events) sink += JSON.parse(e).type ? 1 : 0; // untimed
  const r = timePasses(
    () => {
      for (let i = 0; i < events.length; i++) sink += JSON.parse(events[i]).type ? 1 : 0;
    },
    events.length,
    passes,
  );
  return sink >= 0 ? r.perSecond : 0;
}

/** The scaling runs through the WebAssembly module, with bench_native's rule sets. */
function runWasmScaling(pkg, mod, file, events, passes) {
  const rows = [];
  for (const set of SCALING_SETS) {
    for (const n of [1, 100, 1000, 10000]) {
      const patterns = runTool([rulesPath, file, '--scaling-rules', set, String(n), '--events', String(events.length)])
        .split('\n')
        .filter(Boolean);
      const heap0 = mod._ebw_heap_bytes();
      const m = new pkg.Matcher();
      try {
        const t0 = process.hrtime.bigint();
        patterns.forEach((p, i) => m.addRule(`r${i}`, p));
        const addSeconds = seconds(t0);
        const heapPerRule = (mod._ebw_heap_bytes() - heap0) / patterns.length;
        let matches = 0;
        for (const e of events) matches += m.match(e).length; // untimed: counts the matches
        const r = timePasses(
          () => {
            for (let i = 0; i < events.length; i++) m.match(events[i]);
          },
          events.length,
          passes,
        );
        rows.push({
          engine: 'wasm',
          scaling: set,
          rules: patterns.length,
          rulesAddedPerSecond: patterns.length / addSeconds,
          bytesPerRule: heapPerRule,
          eventsPerSecond: r.perSecond,
          cpuEventsPerSecond: r.cpuPerSecond,
          matches,
        });
      } finally {
        m.dispose();
      }
    }
  }
  return rows;
}

/** Module start-up in a fresh Node process: require the package and instantiate the module. */
function startupMs(runs = 5) {
  const script = `const t0 = performance.now(); const pkg = require(${JSON.stringify(packageEntry)});
    pkg.init().then(() => process.stdout.write(String(performance.now() - t0)));`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function fmt(n, digits = 0) {
  return n === undefined || Number.isNaN(n)
    ? '-'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(head, rows, left = [0]) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((v, i) => (left.includes(i) ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (left.includes(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

function conditions() {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${load}`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const out = (s) => process.stdout.write(`${s}\n`);
  const log = o.json ? (s) => process.stderr.write(`${s}\n`) : out;
  let failed = false;

  log(`conditions: ${conditions()}`);
  const file = eventsFile();
  const events = readEvents(file, o.events);
  let categories = loadCategories();
  if (o.category) {
    categories = categories.filter((c) => c.name === o.category);
    if (!categories.length) throw new Error(`unknown category ${o.category}`);
  }
  const haveNative = o.native && fs.existsSync(nativeTool);
  if (o.native && !haveNative) {
    log(`(no ${path.relative(root, nativeTool)}: run \`node scripts/build.mjs --native\`; native skipped)`);
  }

  let pkg, mod;
  if (o.wasm) {
    const wasmBytes = fs.readFileSync(wasmFile);
    const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;
    log(`ebw.wasm: ${fmt(wasmBytes.length)} bytes raw, ${fmt(gz)} bytes gzip -9`);
    log(`module start-up in a fresh Node process (require + init, median of 5): ${fmt(startupMs(), 1)} ms`);
    pkg = createRequire(import.meta.url)(packageEntry);
    mod = await pkg.init();
    // ebw.wasm (SIMD128) where Node supports it; EBW_WASM_SIMD=0 benches the scalar one.
    log(`WebAssembly module: ${pkg.wasmVariant()} (EBW_WASM_SIMD=0 loads the scalar one, =1 the SIMD128 one)`);
  }
  log(`${fmt(events.length)} events, ${o.passes} timed passes after an untimed one`);
  const parseRate = jsonParseRate(events, o.passes);
  log(
    `V8 JSON.parse of each event: ${fmt(parseRate)} events/s (${fmt(REFERENCE_JSON_PARSE.categories)} ` +
      `when the reference was measured: this machine is ${(parseRate / REFERENCE_JSON_PARSE.categories).toFixed(2)}x that one by it)\n`,
  );

  // Categories.
  const native = new Map();
  if (haveNative) {
    for (const r of runNative(file, { events: events.length, passes: o.passes, category: o.category })) {
      native.set(r.category, r);
      if (o.json) out(JSON.stringify(r));
    }
  }
  const rows = [];
  for (const c of categories) {
    const n = native.get(c.name);
    let w;
    if (o.wasm) {
      w = runWasm(pkg.Matcher, c, events, o.passes);
      if (o.json) {
        out(
          JSON.stringify({
            engine: 'wasm',
            category: c.name,
            events: events.length,
            eventsPerSecond: Math.round(w.single.perSecond),
            counts: w.counts,
            batchEventsPerSecond: Math.round(w.batch.perSecond),
          }),
        );
      }
    }
    rows.push({ c, n, w });
  }

  const same = ({ n, w }) => {
    if (w && JSON.stringify(w.counts) !== JSON.stringify(w.batchCounts)) return 'DIFFER (batch)';
    if (!n || !w) return '-';
    return JSON.stringify(n.counts) === JSON.stringify(w.counts) ? 'equal' : 'DIFFER';
  };
  const ratio = (rate, ref) => (rate === undefined ? '-' : `${(rate / ref).toFixed(2)}x`);
  const verdict = (rate, ref, times) => (rate === undefined ? '-' : rate >= times * ref ? 'met' : 'MISSED');
  log(
    table(
      ['category', 'rules', 'reference', 'native ev/s', 'x ref', `${TARGET.native}x`, 'wasm match() ev/s', 'x ref', `${TARGET.wasm}x`, 'wasm batch ev/s', 'x ref', 'counts'],
      rows.map(({ c, n, w }) => {
        const ref = REFERENCE[c.name];
        return [
          c.name,
          c.patterns.length,
          fmt(ref),
          fmt(n?.eventsPerSecond),
          ratio(n?.eventsPerSecond, ref),
          verdict(n?.eventsPerSecond, ref, TARGET.native),
          fmt(w?.single.perSecond),
          ratio(w?.single.perSecond, ref),
          verdict(w?.single.perSecond, ref, TARGET.wasm),
          fmt(w?.batch.perSecond),
          ratio(w?.batch.perSecond, ref),
          same({ n, w }),
        ];
      }),
      [0, 11],
    ),
  );
  if (o.wasm) {
    log(
      `\nwasm events per CPU second (this process's CPU time; less sensitive to other load): ${rows
        .map(({ c, w }) => `${c.name} ${fmt(w.single.cpuPerSecond)}`)
        .join(', ')}`,
    );
  }
  for (const r of rows) {
    const s = same(r);
    if (s.startsWith('DIFFER')) {
      failed = true;
      log(`counts differ in ${r.c.name}: native ${JSON.stringify(r.n?.counts)} wasm ${JSON.stringify(r.w?.counts)} wasm batch ${JSON.stringify(r.w?.batchCounts)}`);
    }
  }

  // Scaling.
  if (o.scaling && !o.category) {
    if (!fs.existsSync(nativeTool)) {
      log('\n(scaling needs bench_native for its rule sets: skipped)');
    } else {
      const scalingFile = o.scalingEvents ? eventsFile(o.scalingEvents) : file;
      const scalingEvents = readEvents(scalingFile);
      log(`\nscaling: ${fmt(scalingEvents.length)} events, ${o.passes} timed passes after an untimed one`);
      const scalingParseRate = jsonParseRate(scalingEvents, o.passes);
      log(
        `V8 JSON.parse of each event: ${fmt(scalingParseRate)} events/s (${fmt(REFERENCE_JSON_PARSE.mixed)} when ` +
          `event-ruler's mixed-set figures were measured)`,
      );
      const srows = [];
      if (haveNative) {
        for (const r of jsonLines(runTool([rulesPath, scalingFile, '--scaling', '--json', '--passes', String(o.passes)]))) {
          srows.push({ ...r, bytesPerRule: r.heapBytesPerRule });
        }
      }
      if (o.wasm) srows.push(...runWasmScaling(pkg, mod, scalingFile, scalingEvents, o.passes));
      const base = new Map(srows.filter((r) => r.rules === 1).map((r) => [`${r.engine}/${r.scaling}`, r.eventsPerSecond]));
      const matches = new Map();
      for (const r of srows) {
        const key = `${r.scaling}/${r.rules}`;
        if (matches.has(key) && matches.get(key) !== r.matches) {
          failed = true;
          log(`matches differ in the ${r.scaling} set with ${r.rules} rules: ${matches.get(key)} and ${r.matches}`);
        }
        matches.set(key, r.matches);
      }
      log(
        table(
          ['engine', 'rule set', 'rules', 'rules added/s', 'bytes/rule', 'events/s', 'time/event vs 1 rule', 'target', 'event-ruler', 'x ref', 'matches/event'],
          srows.map((r) => {
            const slow = base.get(`${r.engine}/${r.scaling}`) / r.eventsPerSecond;
            const limit = SCALING_TARGET[r.scaling];
            const ref = r.scaling === 'mixed' ? MIXED_REFERENCE[r.rules] : undefined;
            const times = TARGET[r.engine];
            return [
              r.engine,
              r.scaling,
              fmt(r.rules),
              fmt(r.rulesAddedPerSecond),
              fmt(r.bytesPerRule),
              fmt(r.eventsPerSecond),
              `${slow.toFixed(2)}x`,
              r.rules === 1 || !limit ? '-' : `<= ${limit}x ${slow <= limit ? 'met' : 'MISSED'}`,
              ref ? fmt(ref) : '-',
              ref ? `${(r.eventsPerSecond / ref).toFixed(2)}x ${r.eventsPerSecond >= times * ref ? 'met' : 'MISSED'} (${times}x)` : '-',
              fmt(r.matches / scalingEvents.length, 2),
            ];
          }),
          [0, 1, 7, 9],
        ),
      );
      log('(bytes/rule: native heap in use (mallinfo2), wasm heap in use (mallinfo), after adding the rules)');
    }
  }
  log(`\nconditions at the end: ${conditions()}`);
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
  });
}
