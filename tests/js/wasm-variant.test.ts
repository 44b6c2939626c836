// The package holds two WebAssembly binaries (core/wasm-variant.ts): ebw.wasm, whose matcher is
// compiled with Wasm SIMD128, and the scalar one without it (built as dist/wasm/ebw.scalar.wasm,
// shipped as base64 in ebw-scalar-binary.js, not as a second .wasm). Both must answer exactly alike, and
// the one loaded must be the one the engine can run (WebAssembly.validate of a SIMD128 module),
// unless init({ simd }) or EBW_WASM_SIMD says otherwise, or the caller gives the binary itself.
// Each variant is loaded in a module registry of its own (jest.isolateModules), as the package
// holds one module instance.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Package = typeof import('../../js/src/index.node');
type Variant = typeof import('../../js/src/core/wasm-variant');

const root = path.resolve(__dirname, '../..');
const shared = path.resolve(root, '../shared/bench');
const EVENTS = 300;

/** A fresh copy of the package (its own module instance), not yet initialised. */
function freshPackage(): Package {
  let pkg: Package | undefined;
  jest.isolateModules(() => {
    pkg = require('../../js/src/index.node') as Package;
  });
  return pkg!;
}

// Events with what a byte-classifying scanner must get right at any offset in a 16-byte block:
// escapes (also an escaped quote or backslash right before a closing quote), \u escapes and raw
// UTF-8, whitespace between tokens, long strings and numbers, nesting, empty containers.
const HANDMADE_EVENTS = [
  '{"source":"app","detail":{"s":"a\\"b\\\\","n":-12.5e3,"t":true,"z":null,"e":{},"a":[]}}',
  '{ "source" : "app" ,\n\t"detail" : { "s" : "caf\\u00e9 \u00e9\u4e2d\ud83d\ude00" , "n" : 0 } }',
  `{"source":"app","detail":{"s":"${'x'.repeat(37)}\\\\","list":[1,2,[3,{"k":"${'y'.repeat(15)}\\""}]]}}`,
  `{"source":"app","detail":{"n":${'9'.repeat(15)},"s":"${'a\\"'.repeat(20)}","deep":{"a":{"b":{"c":["v"]}}}}}`,
];
const HANDMADE_RULES = [
  '{"source":["app"],"detail":{"s":[{"prefix":"a\\"b"}]}}',
  '{"detail":{"s":[{"equals-ignore-case":"CAF\u00c9 \u00c9\u4e2d\ud83d\ude00"}]}}',
  '{"detail":{"n":[{"numeric":["<",0]}]}}',
  '{"detail":{"list":{"k":[{"suffix":"y\\""}]}}}',
  '{"detail":{"deep":{"a":{"b":{"c":["v"]}}}}}',
  '{"detail":{"s":[{"wildcard":"*x\\\\\\\\"}]}}',
  '{"detail":{"z":[null],"t":[true]}}',
];
const INVALID_EVENTS = ['', '{', '[1,2]', '"text"', '{"a":}', '{"a":1}x', '{"a":"\\q"}', '{"a":"\u0001"}', '{"a":' + '['.repeat(2000)];

let events: string[] = [];
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-wasm-variant-'));
  try {
    const file = path.join(dir, 'citylots2.jsonl');
    execFileSync(process.execPath, [path.join(shared, 'gen-citylots2.mjs'), file, String(EVENTS)], { stdio: 'ignore' });
    events = [...fs.readFileSync(file, 'utf8').split('\n').filter(Boolean), ...HANDMADE_EVENTS];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.EBW_WASM_SIMD;
});

/** Every answer of one variant: match() and matchMany() per event, the thrown errors, explain(). */
function answers(simd: boolean) {
  const pkg = freshPackage();
  pkg.initSync({ simd });
  const m = new pkg.Matcher();
  try {
    const rules = JSON.parse(fs.readFileSync(path.join(shared, 'citylots2-rules.json'), 'utf8')) as Record<string, unknown[]>;
    for (const [category, list] of Object.entries(rules)) list.forEach((p, i) => m.addRule(`${category}-${i}`, JSON.stringify(p)));
    HANDMADE_RULES.forEach((p, i) => m.addRule(`handmade-${i}`, p));
    const errorOf = (f: () => unknown) => {
      try {
        return { result: f() };
      } catch (e) {
        return { name: (e as Error).name, message: (e as Error).message };
      }
    };
    return {
      variant: pkg.wasmVariant(),
      matches: events.map((e) => m.match(e)),
      many: m.matchMany(events),
      invalid: INVALID_EVENTS.map((e) => errorOf(() => m.match(e))),
      invalidMany: INVALID_EVENTS.map((e) => errorOf(() => m.matchMany([events[0], e]))),
      explained: HANDMADE_RULES.map((_, i) => m.explain(`handmade-${i}`, HANDMADE_EVENTS[i % HANDMADE_EVENTS.length])),
    };
  } finally {
    m.dispose();
  }
}

test('the SIMD128 and the scalar binary give the same matches, errors and explanations', () => {
  const simd = answers(true);
  const scalar = answers(false);
  expect(simd.variant).toBe('simd128');
  expect(scalar.variant).toBe('scalar');
  // Not a comparison of two empty answers: the rules match, and every invalid event is an error.
  expect(simd.matches.filter((names) => names.length > 0).length).toBeGreaterThan(EVENTS / 10);
  for (const i of [0, 1, 2, 3]) expect(simd.matches[EVENTS + i]).toEqual(expect.arrayContaining([expect.stringMatching(/^handmade-/)]));
  expect(simd.many).toEqual(simd.matches);
  for (const e of simd.invalid) expect(e).toEqual({ name: expect.any(String), message: expect.any(String) });
  expect(scalar).toEqual({ ...simd, variant: 'scalar' });
});

test('the engine decides: WebAssembly.validate of the SIMD128 probe', () => {
  const { chooseVariant, simd128Supported } = require('../../js/src/core/wasm-variant') as Variant;
  // This Node runs SIMD128: the probe is a valid module here, and it uses a SIMD instruction.
  expect(simd128Supported()).toBe(true);
  const validate = jest.spyOn(WebAssembly, 'validate');
  expect(chooseVariant(undefined)).toBe('simd128');
  const probe = validate.mock.calls[0][0] as Uint8Array;
  expect(probe).toContain(0xfd); // the SIMD opcode prefix

  validate.mockReturnValue(false);
  expect(chooseVariant(undefined)).toBe('scalar');
  expect(chooseVariant(true)).toBe('simd128'); // forced: the engine is not asked
  validate.mockImplementation(() => {
    throw new Error('no WebAssembly.validate here');
  });
  expect(chooseVariant(undefined)).toBe('scalar');
});

test('Node loads the scalar binary from ebw-scalar-binary.js where the engine rejects SIMD128, ebw.wasm where it accepts it', () => {
  const validate = jest.spyOn(WebAssembly, 'validate').mockReturnValue(false);
  // The fs module itself (the `import * as fs` namespace here has read-only properties).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const read = jest.spyOn(require('fs') as typeof fs, 'readFileSync');
  const pkg = freshPackage();
  pkg.initSync();
  expect(validate).toHaveBeenCalled();
  expect(pkg.wasmVariant()).toBe('scalar'); // as the loaded binary itself says
  // Decoded from the base64 module, not read from a .wasm file (the package has one: ebw.wasm).
  expect(read.mock.calls.filter(([file]) => /\.wasm$/.test(String(file)))).toEqual([]);
  read.mockRestore();
  const m = new pkg.Matcher();
  m.addRule('r', '{"source":["app"]}');
  expect(m.match(HANDMADE_EVENTS[0])).toEqual(['r']);
  m.dispose();

  validate.mockRestore();
  const readAgain = jest.spyOn(require('fs') as typeof fs, 'readFileSync');
  const other = freshPackage();
  expect(other.wasmVariant()).toBeUndefined(); // not loaded yet
  other.initSync();
  expect(other.wasmVariant()).toBe('simd128');
  // The spy sees the reads: ebw.wasm is read from disk.
  expect(readAgain.mock.calls.filter(([file]) => /\.wasm$/.test(String(file))).map(([file]) => path.basename(String(file)))).toEqual(['ebw.wasm']);
});

test('ebw-scalar-binary.js is an ES module whose default export is ebw.scalar.wasm byte for byte, as base64', () => {
  const text = fs.readFileSync(path.join(root, 'dist/wasm/ebw-scalar-binary.js'), 'utf8');
  const exported = /^export default "([A-Za-z0-9+/=]+)";$/m.exec(text);
  expect(exported).not.toBeNull();
  expect(Buffer.from(exported![1], 'base64').equals(fs.readFileSync(path.join(root, 'dist/wasm/ebw.scalar.wasm')))).toBe(true);
});

test('EBW_WASM_SIMD=0 forces the scalar binary in Node, init({ simd }) overrides it, and a bad value is an error', () => {
  process.env.EBW_WASM_SIMD = '0';
  const scalar = freshPackage();
  scalar.initSync();
  expect(scalar.wasmVariant()).toBe('scalar');

  const simd = freshPackage();
  simd.initSync({ simd: true });
  expect(simd.wasmVariant()).toBe('simd128');

  process.env.EBW_WASM_SIMD = 'no';
  expect(() => freshPackage().initSync()).toThrow('eventbridge-wasm: EBW_WASM_SIMD must be 0 (scalar module) or 1 (SIMD128 module), not "no"');
});

test('a wasmBinary given by the caller is used as it is, whatever simd or EBW_WASM_SIMD say', async () => {
  process.env.EBW_WASM_SIMD = 'ignored when the binary is given';
  const simdBytes = fs.readFileSync(path.join(root, 'dist/wasm/ebw.wasm'));
  const pkg = freshPackage();
  await pkg.init({ wasmBinary: simdBytes, simd: false });
  expect(pkg.wasmVariant()).toBe('simd128');

  const scalarBytes = fs.readFileSync(path.join(root, 'dist/wasm/ebw.scalar.wasm'));
  const other = freshPackage();
  await other.init({ wasmBinary: scalarBytes });
  expect(other.wasmVariant()).toBe('scalar');
});
