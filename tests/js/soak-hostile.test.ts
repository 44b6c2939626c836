// Issue 14's soak, scaled down: 40 of the 1000 requests of `node --expose-gc
// scripts/soak-hostile.cjs` (deep policies, deep unknown members, 300 x 5 fan-outs of 10 x 24 KB
// entries and 100-path transformers on 240 KB events, through the endpoint's protocol code), run
// by that script in a child process of the built package, with garbage collection exposed so that
// RSS measures what the requests leave behind rather than garbage not yet collected. Afterwards
// every request is answered correctly, and RSS is within 50 MB of where it started (after a
// warm-up). The delivery log is the package's bounded ring (the soak gives it 2,000 records and
// 16 MiB), so what stays is what the requests leak, not the log.
import { spawnSync } from 'child_process';
import * as path from 'path';

interface Report {
  failures: string[];
  rssOk: boolean;
  rssGrowthMB: number;
}

const root = path.resolve(__dirname, '../..');
let report: Report;

beforeAll(() => {
  const run = spawnSync(process.execPath, ['--expose-gc', 'scripts/soak-hostile.cjs', '--requests', '40', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 170000,
  });
  const lines = (run.stdout ?? '').trim().split('\n');
  try {
    report = JSON.parse(lines[lines.length - 1]);
  } catch {
    throw new Error(`the soak did not report (exit ${run.status}): ${run.stdout} ${run.stderr}`);
  }
  // eslint-disable-next-line no-console
  console.log(`soak: ${JSON.stringify(report)}`);
}, 180000);

test('after 40 hostile requests every request is answered correctly', () => {
  expect(report.failures).toEqual([]);
});

test('after 40 hostile requests RSS is within 50 MB of where it started', () => {
  expect(report.rssGrowthMB).toBeLessThan(50);
  expect(report.rssOk).toBe(true);
});
