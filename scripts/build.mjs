// Builds what is missing or stale: the native core and tests (CMake; again with sanitizers), the
// WebAssembly module (Emscripten), and the TypeScript package. `--native`, `--sanitize`, `--wasm`,
// `--ts` limit it to those parts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const all = !['--native', '--wasm', '--ts', '--sanitize'].some((a) => args.has(a));
const jobs = String(Math.max(1, Math.min(4, (await import('node:os')).cpus().length)));

function run(cmd, cmdArgs, opts = {}) {
  execFileSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts });
}

// Newest modification time of the files under the given paths.
function newest(paths) {
  let t = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else t = Math.max(t, st.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(root, p)));
  return t;
}

function stale(output, inputs) {
  const out = path.join(root, output);
  return !fs.existsSync(out) || fs.statSync(out).mtimeMs < newest(inputs);
}

const coreInputs = ['src', 'CMakeLists.txt'];

function buildNative(dir, extra, targets = []) {
  if (!fs.existsSync(path.join(root, dir, 'CMakeCache.txt'))) {
    run('cmake', ['-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release', ...extra]);
  }
  run('cmake', ['--build', dir, '-j', jobs, ...(targets.length ? ['--target', ...targets] : [])]);
}

if (all || args.has('--native')) {
  buildNative('build/native', []);
}

// The native tests again under AddressSanitizer and UndefinedBehaviorSanitizer (npm test runs both;
// EBW_SKIP_SANITIZE=1 skips this build for a quicker local loop).
if ((all && process.env.EBW_SKIP_SANITIZE !== '1') || args.has('--sanitize')) {
  // Only the test binary: the tools (benchmarks) are not run under sanitizers.
  buildNative('build/sanitize', ['-DEBW_SANITIZE=ON', '-DCMAKE_BUILD_TYPE=RelWithDebInfo'], ['ebw_native_tests']);
}

// The WebAssembly links (CMakeLists.txt): the Node glue writes dist/wasm/ebw.js + ebw.wasm (SIMD128),
// the browser glue dist/wasm/ebw.web.mjs + ebw.web.wasm (the same binary), and the scalar link
// dist/wasm/ebw.scalar.js (the same glue, checked below) + ebw.scalar.wasm. What ships: ebw.js,
// ebw.web.mjs (rewritten by webGlue() below), ebw.wasm and ebw.scalar.wasm.
const wasmOutputs = ['dist/wasm/ebw.js', 'dist/wasm/ebw.wasm', 'dist/wasm/ebw.web.mjs', 'dist/wasm/ebw.scalar.wasm'];

// The package ships one glue per platform for both binaries, so the scalar link must not need a glue
// of its own: its glue must be the SIMD link's byte for byte (apart from the default file name it
// names), and the two binaries must import and export the same names (what a glue binds to).
function checkOneGlue(dist) {
  const glue = fs.readFileSync(path.join(dist, 'ebw.js'), 'utf8');
  const scalarGlue = fs.readFileSync(path.join(dist, 'ebw.scalar.js'), 'utf8');
  if (scalarGlue.replaceAll('ebw.scalar.wasm', 'ebw.wasm') !== glue) {
    throw new Error('build: dist/wasm/ebw.scalar.js differs from dist/wasm/ebw.js; the SIMD128 and scalar links must need the same glue');
  }
  const surface = (file) => {
    const mod = new WebAssembly.Module(fs.readFileSync(path.join(dist, file)));
    return JSON.stringify([WebAssembly.Module.imports(mod), WebAssembly.Module.exports(mod)]);
  };
  if (surface('ebw.wasm') !== surface('ebw.scalar.wasm')) {
    throw new Error('build: dist/wasm/ebw.wasm and dist/wasm/ebw.scalar.wasm import or export different names; one glue cannot drive both');
  }
}

if (all || args.has('--wasm')) {
  if (wasmOutputs.some((f) => stale(f, [...coreInputs, 'bindings']))) {
    const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
    const dir = 'build/wasm';
    if (!fs.existsSync(path.join(root, dir, 'CMakeCache.txt'))) {
      run('emcmake', ['cmake', '-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { env });
    }
    run('cmake', ['--build', dir, '-j', jobs], { env });
    const dist = path.join(root, 'dist/wasm');
    const webWasm = path.join(dist, 'ebw.web.wasm');
    try {
      // The package ships one .wasm for both glues: they must be byte for byte the same binary.
      if (!fs.readFileSync(webWasm).equals(fs.readFileSync(path.join(dist, 'ebw.wasm')))) {
        throw new Error('build: dist/wasm/ebw.web.wasm differs from dist/wasm/ebw.wasm; the two links must produce one binary');
      }
      checkOneGlue(dist);
    } catch (e) {
      // Otherwise the next build finds the outputs up to date and ships them unchecked: without the
      // links' outputs CMake links all three again and these checks run again.
      for (const f of ['ebw.js', 'ebw.wasm', 'ebw.web.mjs', 'ebw.scalar.js']) fs.rmSync(path.join(dist, f), { force: true });
      throw e;
    }
    // ebw.web.wasm and ebw.scalar.js stay in dist/wasm (nothing ships them): these checks need them
    // whenever CMake runs, also when it links nothing again.
    for (const f of wasmOutputs) fs.utimesSync(path.join(root, f), new Date(), new Date());
  }
  // An earlier build's ES-module copy of the Node glue, loaded by nothing.
  fs.rmSync(path.join(root, 'dist/wasm/ebw.mjs'), { force: true });
}

// The browser glue as the package ships it: Emscripten 3.1.6 refers to its binary by its own
// output name, as `new URL("ebw.web.wasm", import.meta.url)`. The package's loader instantiates the
// module itself (platform/browser.ts, with the URL from wasm/locate.ts), so that reference becomes
// a plain name: a bundler must not see a second URL, let alone one to a file that is not shipped.
function webGlue() {
  const glue = fs.readFileSync(path.join(root, 'dist/wasm/ebw.web.mjs'), 'utf8');
  const from = 'new URL("ebw.web.wasm",import.meta.url).toString()';
  if (glue.split(from).length !== 2) {
    throw new Error(`build: dist/wasm/ebw.web.mjs does not contain ${from} exactly once; update webGlue() in scripts/build.mjs`);
  }
  const out = glue.replace(from, '"ebw.wasm"').replace(/"ebw\.web\.wasm"/g, '"ebw.wasm"');
  for (const nodeOnly of ['require(', '__dirname']) {
    if (out.includes(nodeOnly)) throw new Error(`build: the browser glue contains ${nodeOnly}`);
  }
  return out;
}

if (all || args.has('--ts')) {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const tsInputs = ['js/src', 'tsconfig.base.json'];
  // Each build starts from an empty folder, so that no file of a removed source reaches the package.
  for (const [config, outDir, entry] of [['tsconfig.cjs.json', 'js/dist/cjs', 'index.node.js'], ['tsconfig.esm.json', 'js/dist/esm', 'index.browser.js']]) {
    if (!stale(`${outDir}/${entry}`, [...tsInputs, config])) continue;
    fs.rmSync(path.join(root, outDir), { recursive: true, force: true });
    run(process.execPath, [tsc, '-p', config]);
  }
  // The module's files: the browser glue and the two binaries (ebw.wasm with SIMD128,
  // ebw.scalar.wasm without) with the browser build (a bundler finds them next to the glue; the Node
  // loader reads them there too), the Node glue with the CommonJS build; the hand-written
  // declarations next to each (tsc does not copy .d.ts files).
  const esmWasm = path.join(root, 'js/dist/esm/wasm');
  const cjsWasm = path.join(root, 'js/dist/cjs/wasm');
  fs.mkdirSync(esmWasm, { recursive: true });
  fs.mkdirSync(cjsWasm, { recursive: true });
  fs.writeFileSync(path.join(esmWasm, 'ebw.mjs'), webGlue());
  for (const f of ['ebw.wasm', 'ebw.scalar.wasm']) fs.copyFileSync(path.join(root, 'dist/wasm', f), path.join(esmWasm, f));
  fs.copyFileSync(path.join(root, 'dist/wasm/ebw.js'), path.join(cjsWasm, 'ebw.js'));
  for (const d of ['ebw-module.d.ts', 'ebw.d.mts']) fs.copyFileSync(path.join(root, 'js/src/wasm', d), path.join(esmWasm, d));
  fs.copyFileSync(path.join(root, 'js/src/wasm/ebw-module.d.ts'), path.join(cjsWasm, 'ebw-module.d.ts'));
  fs.writeFileSync(path.join(root, 'js/dist/esm/package.json'), '{"type":"module"}\n');
  fs.writeFileSync(path.join(root, 'js/dist/cjs/package.json'), '{"type":"commonjs"}\n');
}

// Outside checks and examples use the package by name: link node_modules/eventbridge-wasm to here.
const link = path.join(root, 'node_modules', 'eventbridge-wasm');
if (fs.existsSync(path.join(root, 'node_modules'))) {
  let ok = false;
  try {
    ok = fs.realpathSync(link) === fs.realpathSync(root);
  } catch {
    ok = false;
  }
  if (!ok) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync('..', link, 'dir');
  }
}
