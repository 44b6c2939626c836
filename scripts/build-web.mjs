#!/usr/bin/env node
// Builds the static playground into web-demo/dist/, which any static file server can serve:
// - app.js: web-demo/src/main.js and everything it imports (CodeMirror 6 included), bundled and
//   minified by esbuild, except the package itself (./pkg/index.browser.js), which stays a separate
//   module so that it finds its .wasm next to it;
// - pkg/: the browser build of the package (js/dist/esm, made by `node scripts/build.mjs --ts`),
//   bundled with its dependencies (the scalar WebAssembly binary, for browsers without SIMD128, is
//   one of its chunks), and ebw.wasm;
// - samples.json: the sample-event catalogue (web-demo/samples/*.json), checked here: every event
//   is a JSON object with EventBridge's envelope and every sample names a source listed in
//   web-demo/samples/SOURCES.md;
// - THIRD-PARTY-LICENSES.txt: the licence of every npm package bundled into app.js and pkg/;
// - index.html and style.css as they are.
// esbuild: one maintained dependency with no plugins to configure, ES modules in and out, and
// about a second for the whole page (rollup or webpack would need plugins for the same result).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'web-demo/src');
const samplesDir = path.join(root, 'web-demo/samples');
const pkg = path.join(root, 'js/dist/esm');
const out = path.join(root, 'web-demo/dist');
const require = createRequire(import.meta.url);

for (const need of [path.join(pkg, 'index.browser.js'), path.join(pkg, 'wasm/ebw.wasm'), path.join(pkg, 'wasm/ebw-scalar-binary.js'), path.join(pkg, 'wasm/ebw.mjs')]) {
  if (!fs.existsSync(need)) {
    console.error(`build-web: ${path.relative(root, need)} is missing; run \`node scripts/build.mjs --ts\` (or npm run build) first`);
    process.exit(1);
  }
}

/** The catalogue: every sample of web-demo/samples/*.json, checked. Exits on a bad one. */
function catalogue() {
  // SOURCES.md: a table of sources (`id` | title | licence | where), then, after "## Events", a
  // table of every sample (`sample id` | `source id` | where in the source).
  const [sourcesPart, eventsPart = ''] = fs.readFileSync(path.join(samplesDir, 'SOURCES.md'), 'utf8').split(/^## Events$/m);
  const listed = new Map();
  for (const m of sourcesPart.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \|/gm)) {
    listed.set(m[1], { title: m[2].trim(), licence: m[3].trim() });
  }
  const cited = new Map();
  for (const m of eventsPart.matchAll(/^\| `([a-z0-9-]+)` \| `([a-z0-9-]+)` \|/gm)) cited.set(m[1], m[2]);
  const problems = [];
  const samples = [];
  const ids = new Set();
  for (const file of fs.readdirSync(samplesDir).filter((f) => f.endsWith('.json')).sort()) {
    let entries;
    try {
      entries = JSON.parse(fs.readFileSync(path.join(samplesDir, file), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not JSON: ${e.message}`);
      continue;
    }
    for (const s of entries) {
      const where = `${file}: ${s.id}`;
      const source = listed.get(s.source);
      if (!source) problems.push(`${where}: source "${s.source}" is not listed in SOURCES.md`);
      if (cited.get(s.id) !== s.source) problems.push(`${where}: SOURCES.md's Events table does not cite it with source "${s.source}"`);
      if (ids.has(s.id)) problems.push(`${where}: duplicate id`);
      ids.add(s.id);
      const e = s.event;
      if (!e || typeof e !== 'object' || Array.isArray(e)) {
        problems.push(`${where}: the event is not a JSON object`);
        continue;
      }
      for (const key of ['id', 'detail-type', 'source', 'account', 'time', 'region', 'detail']) {
        if (!(key in e)) problems.push(`${where}: the event has no ${key}`);
      }
      if (!s.title || !s.service) problems.push(`${where}: title and service are required`);
      samples.push({ id: s.id, title: s.title, service: s.service, source: s.source, sourceTitle: source?.title, licence: source?.licence, event: e });
    }
  }
  if (problems.length) {
    console.error(`build-web: the sample catalogue has problems:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return samples;
}

const samples = catalogue();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const f of ['index.html', 'style.css']) fs.copyFileSync(path.join(src, f), path.join(out, f));
fs.writeFileSync(path.join(out, 'samples.json'), JSON.stringify(samples));

const esbuild = require('esbuild');
const app = await esbuild.build({
  metafile: true,
  entryPoints: [path.join(src, 'main.js')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  target: ['es2020'],
  external: ['./pkg/index.browser.js'],
  legalComments: 'linked',
  logLevel: 'warning',
});

// The package's browser build, bundled with its dependencies (the template loader's `yaml` and
// `@noble/hashes`: bare names a browser cannot resolve) into pkg/: index.browser.js plus chunks
// that load on first use (split at the package's dynamic imports, so the template loader and YAML
// only load when "Your stack" loads a template, and the scalar WebAssembly binary, base64 in
// wasm/ebw-scalar-binary.js, only in a browser without SIMD128). esbuild does not follow the
// package's `new URL('./ebw.wasm', import.meta.url)`, so ebw.wasm is copied next to the chunks, as
// the README says to do with esbuild.
const pkgBundle = await esbuild.build({
  metafile: true,
  entryPoints: [path.join(pkg, 'index.browser.js')],
  outdir: path.join(out, 'pkg'),
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2020'],
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
fs.copyFileSync(path.join(pkg, 'wasm/ebw.wasm'), path.join(out, 'pkg/ebw.wasm'));

// The licences of the npm packages bundled into the page (CodeMirror, lezer, yaml, @noble/hashes,
// ...): their notices must travel with the copies, and most keep them in a LICENSE file rather than
// in legal comments.
function bundledPackages(...metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) dirs.add(path.resolve(root, m[1]));
    }
  }
  return [...dirs].sort();
}
const notices = [];
for (const dir of bundledPackages(app.metafile, pkgBundle.metafile)) {
  const { name, version, license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!file) {
    console.error(`build-web: ${name} is bundled into the page but has no LICENSE file to ship with it`);
    process.exit(1);
  }
  notices.push(`${name}@${version} (${license})\n\n${fs.readFileSync(path.join(dir, file), 'utf8').trim()}\n`);
}
fs.writeFileSync(path.join(out, 'THIRD-PARTY-LICENSES.txt'),
  `The npm packages bundled into this page (app.js, pkg/), with their licences.\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`);

let files = 0;
let bytes = 0;
(function count(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) count(p);
    else { files++; bytes += fs.statSync(p).size; }
  }
})(out);
console.log(`build-web: ${path.relative(root, out)}/ (${files} files, ${Math.round(bytes / 1024)} KiB; ${samples.length} sample events)`);
