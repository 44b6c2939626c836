#!/usr/bin/env node
// The package as users meet it: `npm pack` of the built checkout, installed into fresh projects in a
// temporary directory (outside the checkout, so that nothing resolves to the checkout's own
// node_modules), then used the way the README says: TypeScript under three module resolutions,
// require and import in Node, Jest (node and jsdom environments), Vitest (with and without
// globals), and a page bundled by esbuild, Vite (build and dev server) and webpack, loaded in
// Debian's Chromium (also as an engine without SIMD128, which must get the scalar binary from its
// own chunk). arethetypeswrong checks the tarball.
//
// The fresh projects install the tarball (and its own dependencies) with npm; the tools they run
// (typescript, jest, vitest, vite, webpack, esbuild, the AWS SDK, ...) are the checkout's
// devDependencies, linked into each project's node_modules at the top level, as npm would hoist
// them. The project without the SDK links only typescript and @types.
//
// Prints one PASS/FAIL line per check and, with --json, a last line {"passed":N,"failed":N}; exit
// status 1 on any failure. Needs `npm run build` (npm test does that). Names on the command line
// run only the checks whose name contains one of them (and the set-up they need). The temporary directory is removed unless a
// check failed (its path is printed then).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rootModules = path.join(root, 'node_modules');
const CHROMIUM = '/usr/bin/chromium';
const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

let passed = 0;
let failed = 0;
const children = new Set();

// `always`: set-up steps that the other checks need, run even when names are given.
async function check(name, fn, { always = false } = {}) {
  if (!always && only.length && !only.some((o) => name.includes(o))) return;
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String(e?.stack ?? e).split('\n').slice(0, 12).join('\n    ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, `${what}: expected ${e}, got ${a}`);
}

// A command of the checkout's node_modules/.bin, a path, or a command on PATH (npm).
function bin(cmd) {
  const local = path.join(rootModules, '.bin', cmd);
  return cmd.includes('/') || !fs.existsSync(local) ? cmd : local;
}

// Runs a command (see bin()) in `cwd`.
function run(cmd, args, cwd, { timeout = 180_000, env = {} } = {}) {
  const file = bin(cmd);
  const r = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}${r.stderr}` };
}

function runOk(cmd, args, cwd, opts) {
  const r = run(cmd, args, cwd, opts);
  assert(r.status === 0, `${path.basename(cmd)} ${args.join(' ')} exited ${r.status}:\n${r.output.slice(-3000)}`);
  return r;
}

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(a, b);
    else fs.copyFileSync(a, b);
  }
}

// Links the checkout's top-level packages into a project's node_modules (those `keep` accepts).
function linkTools(dir, keep) {
  const modules = path.join(dir, 'node_modules');
  for (const name of fs.readdirSync(rootModules)) {
    if (name.startsWith('.') || name === pkg.name) continue;
    const scoped = name.startsWith('@');
    for (const sub of scoped ? fs.readdirSync(path.join(rootModules, name)) : ['']) {
      const full = scoped ? `${name}/${sub}` : name;
      if (!keep(full)) continue;
      const link = path.join(modules, full);
      if (fs.existsSync(link)) continue;
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(rootModules, full), link, 'dir');
    }
  }
}

// A fixture folder copied to the temporary directory, with the tarball installed from its file.
function freshProject(tmp, fixture, tarball, keepTool) {
  const dir = path.join(tmp, fixture);
  copyTree(path.join(here, fixture), dir);
  // --prefer-offline: the package's own dependencies (yaml, @noble/hashes) come from npm's cache,
  // which the checkout's npm ci filled; only their registry metadata may have to be fetched.
  runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], dir, {
    timeout: 120_000,
  });
  assert(!fs.lstatSync(path.join(dir, 'node_modules', pkg.name)).isSymbolicLink(), 'the package must be installed, not linked');
  linkTools(dir, keepTool);
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts a long-running command and resolves once a line of its output matches `ready`.
function startServer(cmd, args, cwd, ready, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(cmd), args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    children.add(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, stop: () => stopChild(child) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${cmd} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

// --- The tarball ------------------------------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-package-'));
let tarball;
let packed = [];

await check('npm pack', () => {
  // --ignore-scripts: npm test has built everything already, and prepack's build output would
  // mix with the JSON on stdout.
  const r = runOk('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp, '--loglevel=error'], root);
  const [info] = JSON.parse(r.stdout);
  tarball = path.join(tmp, info.filename);
  packed = info.files.map((f) => f.path);
  assert(fs.existsSync(tarball), `npm pack wrote no ${tarball}`);
}, { always: true });
if (!tarball) {
  console.log(`(temporary files kept in ${tmp})`);
  if (json) console.log(JSON.stringify({ passed, failed }));
  process.exit(1);
}

// ../shared/docs/interfaces.md: the package carries exactly one .wasm. The scalar binary (for
// engines without SIMD128) is base64 in one JavaScript module instead (browsers import it, Node
// reads its text).
const scalarBase64 = fs.readFileSync(path.join(root, 'dist/wasm/ebw.scalar.wasm')).toString('base64');
await check('tarball: exactly one .wasm (ebw.wasm); the scalar binary as base64 in one ebw-scalar-binary.js', () => {
  assertEqual(packed.filter((f) => f.endsWith('.wasm')), ['js/dist/esm/wasm/ebw.wasm'], 'the .wasm files');
  assertEqual(packed.filter((f) => f.endsWith('ebw-scalar-binary.js')), ['js/dist/esm/wasm/ebw-scalar-binary.js'], 'the scalar binary modules');
  const f = 'js/dist/esm/wasm/ebw-scalar-binary.js';
  assert(fs.readFileSync(path.join(root, f), 'utf8').includes(`export default "${scalarBase64}";`), `${f} does not hold dist/wasm/ebw.scalar.wasm as base64`);
});

await check('tarball: a LICENSE, one copy of each file, a web-only browser glue', () => {
  assert(packed.includes('LICENSE'), 'no LICENSE in the tarball');
  const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
  assert(/Apache License\s+Version 2\.0, January 2004/.test(license) && pkg.license === 'Apache-2.0', 'LICENSE is not the Apache-2.0 text');
  // One copy of each file: no two files in the tarball with the same content (beyond tiny ones,
  // and declarations, which each module format needs next to its own JavaScript).
  const seen = new Map();
  for (const f of packed) {
    const bytes = fs.readFileSync(path.join(root, f));
    if (bytes.length < 200 || /\.d\.[cm]?ts$/.test(f)) continue;
    const key = bytes.toString('base64');
    assert(!seen.has(key), `${f} and ${seen.get(key)} are the same file`);
    seen.set(key, f);
  }
  const glue = fs.readFileSync(path.join(root, 'js/dist/esm/wasm/ebw.mjs'), 'utf8');
  for (const nodeOnly of ['require(', '"fs"', '"path"', '"crypto"', '__dirname']) assert(!glue.includes(nodeOnly), `the browser glue contains ${nodeOnly}`);
  const locate = fs.readFileSync(path.join(root, 'js/dist/esm/wasm/locate.js'), 'utf8');
  assert(locate.includes("new URL('./ebw.wasm', import.meta.url)"), 'locate.js does not refer to ebw.wasm as new URL(\'./ebw.wasm\', import.meta.url)');
  // The one URL a bundler follows: no second binary for it to emit.
  assert(!/scalar/.test(locate), 'locate.js refers to a scalar binary');
});

await check('arethetypeswrong: no problems', () => {
  const r = run('attw', [tarball, '--format', 'ascii'], tmp);
  assert(r.status === 0 && /No problems found/.test(r.stdout), `attw reported problems (exit ${r.status}):\n${r.output}`);
});

// --- A project with the AWS SDK and every tool ------------------------------------------------

// The README's code blocks marked `<!-- package-test: FILE -->` become FILE in the project: the
// README's examples are what the checks below compile, run and bundle.
function readmeExamples() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/<!-- package-test: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];
  return blocks.map(([, file, code]) => ({ file, code: `${code}\n` }));
}

let project;
await check('fresh project: npm install of the tarball, the README\'s examples as its files', () => {
  project = freshProject(tmp, 'project', tarball, () => true);
  const examples = readmeExamples();
  assertEqual(examples.map((e) => e.file).sort(), ['readme/usage.mts', 'vitest-tests/readme.test.mjs', 'web/main.js'], 'README examples');
  for (const { file, code } of examples) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), code);
  }
}, { always: true });

await check('README usage example: compiles under tsc --strict and runs in Node', () => {
  runOk(path.join(project, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.readme.json'], project);
  runOk(process.execPath, ['readme-out/usage.mjs'], project);
});

// tsc --strict: the typed uses compile, and the one misspelt call is the only error.
for (const resolution of ['nodenext', 'bundler', 'node10']) {
  await check(`tsc --strict, moduleResolution ${resolution}: SDK types, jest/vitest matchers, typo rejected`, () => {
    if (!project) throw new Error('no project');
    const r = run(path.join(project, 'node_modules/typescript/bin/tsc'), ['-p', `tsconfig.${resolution}.json`], project);
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    assertEqual(
      errors.map((l) => /^(\S+?)\((\d+),\d+\): error (TS\d+)/.exec(l)?.slice(1)),
      [['src/typo.ts', '6', 'TS2353']],
      `tsc errors (all of them:\n${r.output})`,
    );
    assert(errors[0].includes("'Nmae' does not exist in type 'PutRuleCommandInput'"), errors[0]);
  });
}

await check('Node: import and require share one instance; Matcher after await init(); errors are the SDK\'s', () => {
  const esm = JSON.parse(runOk(process.execPath, ['node/esm.mjs'], project).stdout);
  assertEqual(esm, { sameInstance: true, nodeOnly: 'function', matched: ['r'], errorName: 'ResourceNotFoundException', sdkClass: true }, 'import');
  const cjs = JSON.parse(runOk(process.execPath, ['node/cjs.cjs'], project).stdout);
  assertEqual(cjs, { matched: ['r'], result: true }, 'require');
});

// Without SIMD128 (forced, as Node has it) the Node loader reads the base64 in
// ebw-scalar-binary.js: the tarball has no second .wasm to read.
await check('Node with EBW_WASM_SIMD=0: require and import load the scalar binary and answer', () => {
  const use = "m.addRule('r', { source: ['app'] }); console.log(JSON.stringify({ variant: p.wasmVariant(), matched: m.match('{\"source\":\"app\"}') }));";
  const env = { EBW_WASM_SIMD: '0' };
  const cjs = runOk(process.execPath, ['-e', `const p = require('eventbridge-wasm'); const m = new p.Matcher(); ${use}`], project, { env });
  assertEqual(JSON.parse(cjs.stdout), { variant: 'scalar', matched: ['r'] }, 'require');
  const esm = runOk(process.execPath, ['--input-type=module', '-e', `import * as p from 'eventbridge-wasm'; await p.init(); const m = new p.Matcher(); ${use}`], project, { env });
  assertEqual(JSON.parse(esm.stdout), { variant: 'scalar', matched: ['r'] }, 'import');
});

await check('CLI from the installed package: --version, --help', () => {
  const bin = path.join(project, 'node_modules/.bin/eventbridge-wasm');
  assertEqual(runOk(bin, ['--version'], project).stdout, `${pkg.version}\n`, '--version');
  const help = runOk(bin, ['--help'], project);
  assert(/test-pattern/.test(help.stdout) && /serve/.test(help.stdout) && help.stderr === '', `--help:\n${help.output}`);
  const tp = runOk(bin, ['test-pattern', '--help'], project);
  assert(/--pattern/.test(tp.stdout), `test-pattern --help:\n${tp.output}`);
});

await check('Jest, node and jsdom environments: toMatchEventPattern and .not, invalid patterns fail both', () => {
  const out = path.join(tmp, 'jest.json');
  const r = run(path.join(project, 'node_modules/jest/bin/jest.js'), ['--ci', '--rootDir', '.', '--json', `--outputFile=${out}`, 'jest-tests'], project);
  const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  assert(r.status === 0 && result, `jest exited ${r.status}:\n${r.output.slice(-3000)}`);
  const files = result.testResults.map((t) => [path.basename(t.name), t.status, t.assertionResults.length]).sort();
  assertEqual(files, [['jsdom.test.js', 'passed', 5], ['node.test.js', 'passed', 5]], 'jest files');
});

for (const variant of ['explicit', 'globals']) {
  await check(`Vitest (${variant === 'globals' ? 'globals: true' : 'expect imported from vitest'}): toMatchEventPattern and .not`, () => {
    const r = run(path.join(project, 'node_modules/vitest/vitest.mjs'), ['run', '--config', `vitest.${variant}.config.mjs`, '--reporter', 'json'], project);
    const start = r.stdout.indexOf('{');
    const result = start >= 0 ? JSON.parse(r.stdout.slice(start)) : undefined;
    assert(r.status === 0 && result?.success, `vitest exited ${r.status}:\n${r.output.slice(-3000)}`);
    assertEqual(result.numFailedTests, 0, 'failed tests');
    assert(result.numPassedTests >= 1, 'no test ran');
  });
}

// --- Bundlers and Chromium --------------------------------------------------------------------

const site = project && path.join(project, 'site');
const installedWasm = project && path.join(project, 'node_modules/eventbridge-wasm/js/dist/esm/wasm');
const page = (dir, script, type = 'module') =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><pre id="out">pending</pre>` +
  `<script ${type === 'module' ? 'type="module" ' : ''}src="${script}"></script>\n`;

// Bundler output must not mention the Node built-ins the old glue pulled in.
function noNodeBuiltins(output) {
  assert(!/["'](fs|path|crypto)["']|Could not resolve|Can't resolve|externalized/i.test(output), `bundler output:\n${output}`);
}

// The JavaScript files a bundler wrote that hold the scalar binary: exactly one, a chunk of its own
// (not the entry, which every page loads), and the only .wasm it emitted is ebw.wasm, byte for byte.
function assertOneWasmAndScalarChunk(dir, bundler, entry) {
  const files = fs.readdirSync(dir);
  const wasm = files.filter((a) => a.endsWith('.wasm'));
  assert(wasm.length === 1 && fs.readFileSync(path.join(dir, wasm[0])).equals(fs.readFileSync(path.join(installedWasm, 'ebw.wasm'))), `${bundler} emitted .wasm files ${wasm}, not exactly ebw.wasm`);
  const chunks = files.filter((a) => /\.m?js$/.test(a) && fs.readFileSync(path.join(dir, a), 'utf8').includes(scalarBase64));
  assert(chunks.length === 1, `${bundler}: JavaScript files holding the scalar binary: ${chunks}`);
  if (entry) assert(chunks[0] !== entry, `${bundler} put the scalar binary into the entry ${entry}, not a chunk of its own`);
  return chunks[0];
}
const scalarChunk = {};

await check('esbuild --bundle --splitting (README step: copy ebw.wasm next to the bundle)', () => {
  const r = runOk('esbuild', ['web/main.js', '--bundle', '--format=esm', '--splitting', '--outdir=site/esbuild', '--log-level=warning'], project);
  noNodeBuiltins(r.output);
  assertEqual(r.output.trim(), '', 'esbuild warnings');
  fs.copyFileSync(path.join(installedWasm, 'ebw.wasm'), path.join(site, 'esbuild/ebw.wasm'));
  scalarChunk.esbuild = assertOneWasmAndScalarChunk(path.join(site, 'esbuild'), 'esbuild', 'main.js');
  fs.writeFileSync(path.join(site, 'esbuild/index.html'), page('esbuild', 'main.js'));
  // The same bundle without the copy step: the page must say which URL failed and how.
  copyTree(path.join(site, 'esbuild'), path.join(site, 'esbuild-no-wasm'));
  fs.rmSync(path.join(site, 'esbuild-no-wasm/ebw.wasm'));
});

await check('vite build: emits ebw.wasm by itself, and the scalar binary as a chunk of its own', () => {
  const r = runOk('vite', ['build', '--outDir', 'site/vite', '--base', './', '--logLevel', 'warn'], project);
  noNodeBuiltins(r.output);
  scalarChunk.vite = `assets/${assertOneWasmAndScalarChunk(path.join(site, 'vite/assets'), 'vite')}`;
  // Vite's entry is assets/index-HASH.js, named in index.html.
  assert(!fs.readFileSync(path.join(site, 'vite/index.html'), 'utf8').includes(scalarChunk.vite), 'vite made the scalar chunk the entry');
});

await check('webpack: emits ebw.wasm by itself, and the scalar binary as a chunk of its own', () => {
  const r = runOk('webpack', ['--mode', 'production', '--entry', './web/main.js', '--output-path', 'site/webpack', '--no-stats'], project);
  noNodeBuiltins(r.output);
  scalarChunk.webpack = assertOneWasmAndScalarChunk(path.join(site, 'webpack'), 'webpack', 'main.js');
  fs.writeFileSync(path.join(site, 'webpack/index.html'), page('webpack', 'main.js', 'classic'));
});

const expected = '{"result":true,"matched":["r"]}';
let browser;
let server;
// `noSimd`: the page's WebAssembly.validate says no to every module, as in an engine without
// SIMD128, so the package must load the scalar binary's chunk. `fetched`: the paths the page
// requested.
async function loadPage(url, { noSimd = false } = {}) {
  const p = await browser.newPage();
  const problems = [];
  const fetched = [];
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  if (noSimd) await p.addInitScript(() => (WebAssembly.validate = () => false));
  try {
    await p.goto(url);
    await p.waitForFunction(() => document.getElementById('out')?.textContent !== 'pending', null, { timeout: 30_000 });
    return { text: await p.textContent('#out'), problems, fetched };
  } finally {
    await p.close();
  }
}

if (site && fs.existsSync(site)) {
  await check('Chromium and a static server (the package\'s own `serve --web`)', async () => {
    assert(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
    const { chromium } = await import(path.join(rootModules, 'playwright-core/index.mjs'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const bin = path.join(project, 'node_modules/eventbridge-wasm/js/bin/eventbridge-wasm.js');
    server = await startServer(process.execPath, [bin, 'serve', '--port', '0', '--web', 'site'], project, /listening on (http:\/\/\S+)\n/);
  });
}

for (const bundler of ['esbuild', 'vite', 'webpack']) {
  if (!browser || !server) break;
  const chunk = `/${bundler}/${scalarChunk[bundler]}`;
  await check(`Chromium: the ${bundler} bundle answers testEventPattern with ebw.wasm`, async () => {
    const { text, problems, fetched } = await loadPage(`${server.match[1]}/${bundler}/index.html`);
    assertEqual(text, expected, 'the page');
    assertEqual(problems, [], 'page errors');
    const wasm = fetched.filter((f) => f.endsWith('.wasm'));
    assertEqual(wasm.length, 1, `.wasm files fetched (${wasm})`);
    assert(fs.readFileSync(path.join(site, wasm[0])).equals(fs.readFileSync(path.join(installedWasm, 'ebw.wasm'))), `the page fetched ${wasm[0]}, not ebw.wasm`);
    assert(!fetched.includes(chunk), `a page with SIMD128 fetched the scalar chunk ${chunk}`);
  });
  await check(`Chromium without SIMD128: the ${bundler} bundle loads the scalar chunk, no .wasm, and answers`, async () => {
    const { text, problems, fetched } = await loadPage(`${server.match[1]}/${bundler}/index.html`, { noSimd: true });
    assertEqual(text, expected, 'the page');
    assertEqual(problems, [], 'page errors');
    assertEqual(fetched.filter((f) => f.endsWith('.wasm')), [], '.wasm files fetched');
    assert(fetched.includes(chunk), `the page did not fetch the scalar chunk ${chunk} (fetched ${fetched})`);
  });
}

if (browser && server) {
  await check('Chromium: a missing ebw.wasm is reported with its URL and HTTP status', async () => {
    const { text } = await loadPage(`${server.match[1]}/esbuild-no-wasm/index.html`);
    assertEqual(text, `ERROR Error: eventbridge-wasm: fetching ${server.match[1]}/esbuild-no-wasm/ebw.wasm failed: HTTP 404 Not Found`, 'the page');
  });

  await check('Chromium: the Vite dev server serves it with no configuration', async () => {
    const port = await freePort();
    const dev = await startServer('vite', ['--port', String(port), '--strictPort', '--host', '127.0.0.1'], project, /Local:\s+(http:\/\/\S+)/);
    try {
      const { text, problems } = await loadPage(dev.match[1]);
      assertEqual(text, expected, 'the page');
      assertEqual(problems, [], 'page errors');
    } finally {
      await dev.stop();
    }
  });
}
if (server) await server.stop();
if (browser) await browser.close();

// --- A project without the AWS SDK ------------------------------------------------------------

await check('without @aws-sdk/client-eventbridge: the JavaScript works, errors keep their shape, tsc (skipLibCheck) compiles', () => {
  const dir = freshProject(tmp, 'no-sdk', tarball, (name) => name === 'typescript' || name.startsWith('@types/') || name === 'undici-types');
  assert(!fs.existsSync(path.join(dir, 'node_modules/@aws-sdk')), 'the SDK is installed');
  const out = JSON.parse(runOk(process.execPath, ['run.cjs'], dir).stdout);
  assertEqual(out, { rules: ['r'], error: { name: 'ResourceNotFoundException', fault: 'client', status: 400, ours: true }, esm: 'function' }, 'run.cjs');
  runOk(path.join(dir, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.json'], dir);
});

for (const child of children) await stopChild(child);
if (failed) console.log(`(temporary files kept in ${tmp})`);
else fs.rmSync(tmp, { recursive: true, force: true });
if (json) console.log(JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
