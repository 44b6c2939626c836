// Every simple case pair of Unicode's CaseFolding.txt (status C and S), both ways round, through
// the public API (EventBridge.testEventPattern and Matcher), in the four equals-ignore-case forms:
// equals-ignore-case, prefix and suffix with equals-ignore-case, anything-but with
// equals-ignore-case. Also: the generated table is what tools/gen_unicode_tables.mjs writes, a
// letter equals itself, and length-changing folds are not applied.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EventBridge, Matcher, init } from '../../js/src/index.node';

const unicodeDir = process.env.EBW_UNICODE_DIR ?? '/usr/share/unicode';
const root = path.resolve(__dirname, '../..');

function simplePairs(): [string, string][] {
  const file = path.join(unicodeDir, 'CaseFolding.txt');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: install Debian's unicode-data (scripts/setup.sh)`);
  const pairs: [string, string][] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [code, status, mapping] = line.replace(/#.*/, '').split(';').map((f) => f.trim());
    if (status === 'C' || status === 'S') pairs.push([String.fromCodePoint(parseInt(code, 16)), String.fromCodePoint(parseInt(mapping, 16))]);
  }
  return pairs;
}

// A pattern form: the item for value `x`, and an event value containing `y` that the item matches
// (anything-but: excludes) when x and y are equal ignoring case.
const forms: { name: string; item: (x: string) => object; value: (y: string) => string; matches: boolean }[] = [
  { name: 'equals-ignore-case', item: (x) => ({ 'equals-ignore-case': x }), value: (y) => y, matches: true },
  { name: 'prefix', item: (x) => ({ prefix: { 'equals-ignore-case': x } }), value: (y) => `${y}tail`, matches: true },
  { name: 'suffix', item: (x) => ({ suffix: { 'equals-ignore-case': x } }), value: (y) => `head${y}`, matches: true },
  { name: 'anything-but', item: (x) => ({ 'anything-but': { 'equals-ignore-case': x } }), value: (y) => y, matches: false },
];

const envelope = { id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'x' };
const event = (detail: object) => JSON.stringify({ ...envelope, detail });

let pairs: [string, string][];
// Both ways round: the pattern holds one member of the pair, the event the other.
let cases: [string, string][];

beforeAll(async () => {
  await init();
  pairs = simplePairs();
  cases = pairs.flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]);
});

test('the case-fold table is the output of tools/gen_unicode_tables.mjs', () => {
  expect(() => execFileSync(process.execPath, [path.join(root, 'tools/gen_unicode_tables.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
});

test('CaseFolding.txt holds the simple pairs', () => {
  expect(pairs.length).toBeGreaterThan(1400); // Unicode 15: 1,454
});

describe.each(forms)('$name: every simple case pair', (form) => {
  test('through EventBridge.testEventPattern', async () => {
    const eb = await EventBridge.create();
    const wrong: string[] = [];
    for (const [x, y] of cases) {
      const result = eb.testEventPattern({ EventPattern: JSON.stringify({ detail: { v: [form.item(x)] } }), Event: event({ v: form.value(y) }) }).Result;
      if (result !== form.matches) wrong.push(`${x}/${y}`);
    }
    expect(wrong).toEqual([]);
  });

  test('through a Matcher', () => {
    const m = new Matcher();
    // Rule i can only match events whose detail.k is i, so each event meets one candidate.
    cases.forEach(([x], i) => m.addRule(`r${i}`, { detail: { k: [`${i}`], v: [form.item(x)] } }));
    const wrong: string[] = [];
    cases.forEach(([x, y], i) => {
      const matched = m.match(event({ k: `${i}`, v: form.value(y) })).includes(`r${i}`);
      if (matched !== form.matches) wrong.push(`${x}/${y}`);
    });
    // An unrelated value gives the opposite answer, so the rules are in force.
    expect(m.match(event({ k: '0', v: form.value('\u4e00') })).includes('r0')).toBe(!form.matches);
    m.dispose();
    expect(wrong).toEqual([]);
  });
});

describe('what folding does not do', () => {
  const same = (x: string, y: string) => {
    const m = new Matcher();
    m.addRule('r', { detail: { v: [{ 'equals-ignore-case': x }] } });
    const result = m.match(event({ v: y })).length === 1;
    m.dispose();
    return result;
  };

  test('a letter equals itself, titlecase and letters above U+FFFF included', () => {
    for (const c of ['ǅ', 'ǈ', 'ǋ', 'ǲ', 'ᾈ', '𐐀', '𐐨', 'İ', 'ß', 'ẞ', 'ﬃ', 'σ', 'ς', 'Σ', 'µ']) expect(same(c, c)).toBe(true);
    expect(same('ǅ', 'Ǆ')).toBe(true);
    expect(same('ǅ', 'ǆ')).toBe(true);
  });

  test('length-changing folds are not applied', () => {
    expect(same('ß', 'SS')).toBe(false);
    expect(same('ß', 'ss')).toBe(false);
    expect(same('SS', 'ß')).toBe(false);
    expect(same('ﬃ', 'FFI')).toBe(false);
    expect(same('İ', 'i\u0307')).toBe(false);
    expect(same('İ', 'i')).toBe(false);
    expect(same('İ', 'ı')).toBe(false);
  });

  test('different letters stay different', () => {
    expect(same('é', 'e')).toBe(false);
    expect(same('ı', 'İ')).toBe(false);
    expect(same('×', '÷')).toBe(false);
  });
});
