#!/usr/bin/env node
// Browser tests of the static playground (web-demo/dist): serves it with a tiny static server on
// 127.0.0.1, drives Debian's Chromium through playwright-core, prints one PASS/FAIL line per test
// and, with --json, a last line {"passed":N,"failed":N}. Exit status 1 on any failure.
// Builds nothing but web-demo/dist (a copy) when it is missing or stale; npm test builds the package.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tests as basicTests } from './playground.test.mjs';
import { tests as explainTests } from './explain.test.mjs';
import { tests as stackTests } from './stack.test.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'web-demo/dist');
const outDir = path.join(root, 'test-output/browser');
const CHROMIUM = '/usr/bin/chromium';
const TEST_TIMEOUT_MS = 45_000;
const json = process.argv.includes('--json');
// The network and console check runs last, over everything the other tests did.
const isFinalCheck = (t) => t.name.startsWith('no request left');
const tests = [...basicTests.filter((t) => !isFinalCheck(t)), ...explainTests, ...stackTests, ...basicTests.filter(isFinalCheck)];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

let passed = 0;
let failed = 0;
function report(name, error) {
  if (error) {
    failed++;
    console.log(`FAIL ${name}: ${String(error?.stack ?? error).split('\n').slice(0, 4).join('\n    ')}`);
  } else {
    passed++;
    console.log(`PASS ${name}`);
  }
}
function finish() {
  if (json) console.log(JSON.stringify({ passed, failed }));
  process.exit(failed ? 1 : 0);
}

// --- Preconditions ----------------------------------------------------------------------------

if (!fs.existsSync(CHROMIUM)) {
  report('browser tests', new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium); playwright's own browsers are not used`));
  finish();
}
// npm test builds the package but not web-demo/dist: build it (scripts/build-web.mjs) when it is
// missing or older than its sources (page, samples, package), so the tests never see a stale page.
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}
const builtAt = fs.existsSync(path.join(dist, 'index.html')) ? fs.statSync(path.join(dist, 'index.html')).mtimeMs : 0;
if (builtAt < Math.max(newestMtime(path.join(root, 'web-demo/src')), newestMtime(path.join(root, 'web-demo/samples')), newestMtime(path.join(root, 'js/dist/esm')), fs.statSync(path.join(root, 'scripts/build-web.mjs')).mtimeMs)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(path.join(dist, 'index.html'))) {
    report('browser tests', new Error('web-demo/dist is missing or stale and scripts/build-web.mjs could not build it'));
    finish();
  }
}
fs.mkdirSync(outDir, { recursive: true });

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
// The Node build of the same package: the page's answers must be exactly the package's answers.
const pkg = require(path.join(root, 'js/dist/cjs/index.node.js'));
await pkg.init();

// --- Static server ----------------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const served = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let rel = decodeURIComponent(url.pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(dist, path.normalize(rel));
  served.push(rel);
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- Browser ----------------------------------------------------------------------------------

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    timeout: 30_000,
  });
} catch (e) {
  report('launch chromium', e);
  server.close();
  finish();
}

// Every request any page makes; requests leaving 127.0.0.1 are recorded and aborted.
const foreign = [];
const consoleErrors = [];

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    foreign.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.setDefaultTimeout(15_000);
  return page;
}

const ctx = {
  root,
  origin,
  outDir,
  pkg,
  newPage,
  foreign,
  consoleErrors,
  served,
  shot: (page, name, options = {}) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true, ...options }),
};

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${name} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

for (const t of tests) {
  if (only.length && !only.some((o) => t.name.includes(o))) continue;
  const pages = [];
  const tracked = { ...ctx, newPage: async (vp) => { const p = await newPage(vp); pages.push(p); return p; } };
  try {
    await withTimeout(t.run(tracked), t.timeout ?? TEST_TIMEOUT_MS, t.name);
    report(t.name);
  } catch (e) {
    report(t.name, e);
  }
  for (const p of pages) await p.context().close().catch(() => {});
}

await browser.close().catch(() => {});
server.close();
finish();
