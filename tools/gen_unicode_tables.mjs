#!/usr/bin/env node
// Generates src/pattern/unicode_tables.cpp, the Unicode data the pattern code needs, from the Unicode
// Character Database files of Debian's `unicode-data` package (/usr/share/unicode):
//   - the case-fold table of equals-ignore-case: every simple case pair of CaseFolding.txt (status C
//     and S), joined with the simple uppercase mappings of UnicodeData.txt (which add one pair,
//     dotless ı and I); each class of characters equal ignoring case folds to one representative.
//     The simple lowercase mappings are left out: they would add dotted İ to i, I and ı, although
//     İ's case folding is the two characters i̇ (a length-changing fold, not applied);
//   - the BMP characters Java counts as identifier start / identifier part, which Jackson uses to
//     decide what an unquoted token is and how far it extends in an error message.
// The output is committed, so that neither build needs the package; run this script again after a
// Unicode update (`--check` compares instead of writing: the native tests run it that way).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ucd = process.env.EBW_UNICODE_DIR || '/usr/share/unicode';
const outFile = path.join(root, 'src/pattern/unicode_tables.cpp');
const check = process.argv.includes('--check');

function lines(name) {
  const file = path.join(ucd, name);
  if (!fs.existsSync(file)) {
    console.error(`gen_unicode_tables: ${file} is missing (Debian package unicode-data)`);
    process.exit(check ? 77 : 1); // 77: ctest's "skipped"
  }
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => l.split(';').map((f) => f.trim()));
}
const hex = (s) => parseInt(s, 16);
const version = fs.readFileSync(path.join(ucd, 'CaseFolding.txt'), 'utf8').match(/CaseFolding-([\d.]+)\.txt/)[1];

// ---- UnicodeData.txt: general category and simple uppercase mapping ----
const category = new Map(); // code point -> general category
const upper = new Map();
let rangeStart = null;
for (const f of lines('UnicodeData.txt')) {
  const cp = hex(f[0]);
  if (f[1].endsWith(', First>')) {
    rangeStart = cp;
    continue;
  }
  const first = f[1].endsWith(', Last>') ? rangeStart : cp;
  for (let c = first; c <= cp; ++c) category.set(c, f[2]);
  if (f[12]) upper.set(cp, hex(f[12]));
}

// ---- classes of characters equal ignoring case ----
const scf = new Map(); // simple case folding, C + S
for (const [code, status, mapping] of lines('CaseFolding.txt')) {
  if (status === 'C' || status === 'S') scf.set(hex(code), hex(mapping));
}
const folded = (c) => scf.get(c) ?? c;
const parent = new Map();
const find = (c) => {
  while (parent.has(c) && parent.get(c) !== c) c = parent.get(c);
  return c;
};
const union = (a, b) => {
  const ra = find(a);
  const rb = find(b);
  if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb)); // the smaller one represents
};
for (const [c, m] of scf) union(c, m);
for (const [c, m] of upper) union(folded(c), folded(m));
const members = new Map(); // representative -> members
for (const c of new Set([...scf.keys(), ...scf.values(), ...upper.keys(), ...upper.values()])) {
  const r = find(folded(c));
  if (!members.has(r)) members.set(r, []);
  members.get(r).push(c);
}
// The representative of a class: the smallest simple-fold target in it (the lower-case letter for
// the usual pairs), so that folding is idempotent.
const foldMap = new Map();
for (const list of members.values()) {
  if (list.length < 2) continue;
  const rep = Math.min(...list.map(folded));
  for (const c of list) if (c !== rep) foldMap.set(c, rep);
}

// ---- runs: [first, last] with a constant delta, every `stride`-th code point ----
function foldRuns(map) {
  const cps = [...map.keys()].sort((a, b) => a - b);
  const runs = [];
  for (let i = 0; i < cps.length; ) {
    const first = cps[i];
    const delta = map.get(first) - first;
    let best = { last: first, stride: 1, next: i + 1 };
    for (const stride of [1, 2]) {
      let j = i;
      while (j + 1 < cps.length && cps[j + 1] === cps[j] + stride && map.get(cps[j + 1]) - cps[j + 1] === delta) ++j;
      if (cps[j] > best.last) best = { last: cps[j], stride, next: j + 1 };
    }
    runs.push([first, best.last, delta, best.stride]);
    i = best.next;
  }
  return runs;
}
const foldRanges = foldRuns(foldMap);
// Java's Character.isJavaIdentifierStart / isJavaIdentifierPart for UTF-16 units (BMP only: a
// surrogate is neither), as one list of ranges of constant kind: 1 part only, 2 start (and part).
const letter = new Set(['Lu', 'Ll', 'Lt', 'Lm', 'Lo']);
const isStart = (c) => {
  const g = category.get(c);
  return letter.has(g) || g === 'Nl' || g === 'Sc' || g === 'Pc';
};
const isPart = (c) => {
  const g = category.get(c);
  const ignorable = c <= 0x08 || (c >= 0x0e && c <= 0x1b) || (c >= 0x7f && c <= 0x9f) || g === 'Cf';
  return isStart(c) || g === 'Nd' || g === 'Mc' || g === 'Mn' || ignorable;
};
const identifierRanges = [];
for (let c = 0; c <= 0xffff; ++c) {
  const kind = isStart(c) ? 2 : isPart(c) ? 1 : 0;
  if (!kind) continue;
  const last = identifierRanges[identifierRanges.length - 1];
  if (last && last[1] === c - 1 && last[2] === kind) last[1] = c;
  else identifierRanges.push([c, c, kind]);
}

// ---- output ----
const hx = (n) => `0x${n.toString(16).toUpperCase()}`;
const rows = (items, fmt, perLine) => {
  const out = [];
  for (let i = 0; i < items.length; i += perLine) out.push(`    ${items.slice(i, i + perLine).map(fmt).join(' ')}`);
  return out.join('\n');
};
const text = `// Generated by tools/gen_unicode_tables.mjs from the Unicode ${version} Character Database
// (CaseFolding.txt, UnicodeData.txt). Do not edit: run the script again.
#include "pattern/unicode_tables.h"

namespace ebw::pattern::unicode {

// ${foldMap.size} characters in ${foldRanges.length} runs.
const FoldRun kFoldRuns[] = {
${rows(foldRanges, ([f, l, d, s]) => `{${hx(f)}, ${hx(l)}, ${d}, ${s}},`, 3)}
};
const std::size_t kFoldRunCount = sizeof kFoldRuns / sizeof kFoldRuns[0];

// ${identifierRanges.length} ranges.
const IdentifierRange kJavaIdentifierRanges[] = {
${rows(identifierRanges, ([f, l, k]) => `{${hx(f)}, ${hx(l)}, ${k}},`, 4)}
};
const std::size_t kJavaIdentifierRangeCount = sizeof kJavaIdentifierRanges / sizeof kJavaIdentifierRanges[0];

}  // namespace ebw::pattern::unicode
`;

if (check) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    console.error(`gen_unicode_tables: ${path.relative(root, outFile)} is not the output of this script; run node tools/gen_unicode_tables.mjs`);
    process.exit(1);
  }
  console.log(`gen_unicode_tables: ${path.relative(root, outFile)} is up to date (Unicode ${version})`);
} else {
  fs.writeFileSync(outFile, text);
  console.log(`gen_unicode_tables: wrote ${path.relative(root, outFile)}: ${foldMap.size} folded characters in ${foldRanges.length} runs, ` +
    `${identifierRanges.length} identifier ranges (Unicode ${version})`);
}
