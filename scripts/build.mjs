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

if (all || args.has('--wasm')) {
  if (stale('dist/wasm/ebw.wasm', [...coreInputs, 'bindings'])) {
    const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
    const dir = 'build/wasm';
    if (!fs.existsSync(path.join(root, dir, 'CMakeCache.txt'))) {
      run('emcmake', ['cmake', '-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { env });
    }
    run('cmake', ['--build', dir, '-j', jobs], { env });
    fs.utimesSync(path.join(root, 'dist/wasm/ebw.wasm'), new Date(), new Date());
  }
  // The same glue as an ES module for browsers: Emscripten 3.1.6's MODULARIZE output plus an
  // export (its Node branch is never taken in a browser).
  const glue = fs.readFileSync(path.join(root, 'dist/wasm/ebw.js'), 'utf8');
  fs.writeFileSync(path.join(root, 'dist/wasm/ebw.mjs'), `${glue}\nexport default createEbwModule;\n`);
}

if (all || args.has('--ts')) {
  if (stale('js/dist/cjs/index.node.js', ['js/src', 'tsconfig.base.json', 'tsconfig.cjs.json'])) {
    run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cjs.json']);
  }
  if (stale('js/dist/esm/index.browser.js', ['js/src', 'tsconfig.base.json', 'tsconfig.esm.json'])) {
    run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.esm.json']);
  }
  const wasmDir = path.join(root, 'js/dist/esm/wasm');
  fs.mkdirSync(wasmDir, { recursive: true });
  for (const f of ['ebw.mjs', 'ebw.wasm']) {
    fs.copyFileSync(path.join(root, 'dist/wasm', f), path.join(wasmDir, f));
  }
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
