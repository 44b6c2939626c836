#!/usr/bin/env node
// Builds the static playground: web-demo/src/* and the browser build of the package
// (js/dist/esm, made by `node scripts/build.mjs --ts`) copied into web-demo/dist/, which any static
// file server can serve. The page imports the package as ./pkg/index.browser.js; no bundler.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'web-demo/src');
const pkg = path.join(root, 'js/dist/esm');
const out = path.join(root, 'web-demo/dist');

for (const need of [path.join(pkg, 'index.browser.js'), path.join(pkg, 'wasm/ebw.wasm'), path.join(pkg, 'wasm/ebw.mjs')]) {
  if (!fs.existsSync(need)) {
    console.error(`build-web: ${path.relative(root, need)} is missing; run \`node scripts/build.mjs --ts\` (or npm run build) first`);
    process.exit(1);
  }
}

function copyTree(from, to, keep) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(a, b, keep);
    else if (keep(entry.name)) fs.copyFileSync(a, b);
  }
}

fs.rmSync(out, { recursive: true, force: true });
copyTree(src, out, () => true);
// The package without its type declarations and source maps: only what the browser loads.
copyTree(pkg, path.join(out, 'pkg'), (name) => !name.endsWith('.d.ts') && !name.endsWith('.map'));

let files = 0;
let bytes = 0;
(function count(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) count(p);
    else { files++; bytes += fs.statSync(p).size; }
  }
})(out);
console.log(`build-web: ${path.relative(root, out)}/ (${files} files, ${Math.round(bytes / 1024)} KiB)`);
