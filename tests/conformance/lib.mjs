// Shared helpers for the conformance runners: read a corpus file, tally, report.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sharedDir = process.env.EBW_SHARED_DIR || path.resolve(here, '../../../shared');

export function readCorpus(file) {
  const text = fs.readFileSync(path.join(sharedDir, 'conformance', file), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** Collects one corpus file's outcome: pass, fail (with expected vs got) or skip (out of scope). */
export class Tally {
  constructor(file, { advisory = false } = {}) {
    this.file = file;
    this.advisory = advisory; // moto files: disagreements are reported, never failures
    this.passed = 0;
    this.failed = [];
    this.skipped = 0;
    this.note = ''; // what was compared, when it is more than the verdict
  }
  pass() {
    this.passed++;
  }
  fail(id, expected, got) {
    this.failed.push({ id, expected, got });
  }
  skip() {
    this.skipped++;
  }
  report(out = process.stdout) {
    const total = this.passed + this.failed.length;
    const skipped = this.skipped ? ` (${this.skipped} skipped)` : '';
    const note = this.note ? ` [${this.note}]` : '';
    out.write(`${this.file}: ${this.passed}/${total} passed${skipped}${note}\n`);
    for (const f of this.failed) {
      out.write(`  ${this.advisory ? 'disagrees' : 'FAIL'} ${f.id}\n    expected: ${f.expected}\n    got:      ${f.got}\n`);
    }
  }
}
