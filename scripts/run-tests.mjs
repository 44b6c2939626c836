// Runs every test suite and ends with one line, alone on its line: "N passed, N failed" (then
// ", N skipped" when any were skipped). Suites: native C++ (ctest), the package's Jest tests, the
// conformance corpus, browser tests, the packed package in fresh projects. Expects `npm run build`
// to have run (npm test does that).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const suites = [];
// Seconds per suite, printed in the per-suite lines (to keep the whole run inside CI's budget).
let suiteStart = Date.now();

function run(name, cmd, args, opts = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  suiteStart = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return r;
}

function add(name, counts, exitStatus) {
  // A suite that exited non-zero without reporting a failure still counts as one failure.
  if (exitStatus !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped ?? 0;
  const seconds = Math.round((Date.now() - suiteStart) / 1000);
  suites.push(`${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${seconds} s)`);
}

function lastJsonLine(text) {
  const lines = (text ?? '').trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]);
    } catch {
      /* not the summary line */
    }
  }
  return undefined;
}

// 1. Native C++ tests.
for (const [name, dir] of [['native (ctest)', 'build/native'], ['native sanitized (ctest, ASan+UBSan)', 'build/sanitize']]) {
  if (!fs.existsSync(path.join(root, dir, 'CTestTestfile.cmake'))) continue;
  const r = run(name, 'ctest', ['--test-dir', dir, '--output-on-failure', '-j', '2']);
  const m = /(\d+)% tests passed, (\d+) tests failed out of (\d+)/.exec(r.stdout ?? '');
  const total = m ? Number(m[3]) : 0;
  const failed = m ? Number(m[2]) : 0;
  add(name, { passed: total - failed, failed }, r.status);
}

// 2. Jest: the package's tests through its public API.
{
  const jsonFile = path.join(outDir, 'jest.json');
  fs.rmSync(jsonFile, { force: true });
  const r = run('jest', process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--json', `--outputFile=${jsonFile}`]);
  const j = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : undefined;
  add('jest', j ? { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites || 0), skipped: j.numPendingTests } : { passed: 0, failed: 1 }, r.status);
}

// 3. The conformance corpus (every record of ../shared/conformance).
{
  const r = run('conformance', process.execPath, [path.join(root, 'tests/conformance/run.mjs'), '--json']);
  add('conformance', lastJsonLine(r.stdout) ?? { passed: 0, failed: 1 }, r.status);
}

// 4. Browser tests (Debian's Chromium through playwright-core).
if (fs.existsSync(path.join(root, 'tests/browser/run.mjs'))) {
  const r = run('browser', process.execPath, [path.join(root, 'tests/browser/run.mjs'), '--json']);
  add('browser', lastJsonLine(r.stdout) ?? { passed: 0, failed: 1 }, r.status);
}

// 5. The package as users install it: the packed tarball in fresh projects (tests/package/run.mjs).
if (fs.existsSync(path.join(root, 'tests/package/run.mjs'))) {
  const r = run('package', process.execPath, [path.join(root, 'tests/package/run.mjs'), '--json']);
  add('package', lastJsonLine(r.stdout) ?? { passed: 0, failed: 1 }, r.status);
}

process.stdout.write(`\n${suites.join('\n')}\n`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exitCode = totals.failed ? 1 : 0;
