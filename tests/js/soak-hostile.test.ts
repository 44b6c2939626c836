// Issue 14's soak, scaled down (40 of the 1000 requests of `node --expose-gc
// scripts/soak-hostile.cjs`, which runs the same runSoak()): deep policies, deep unknown members,
// 300 x 5 fan-outs of 10 x 24 KB entries and 100-path transformers on 240 KB events, through the
// endpoint's protocol code. Afterwards every request is answered correctly, and the process's RSS
// is within 50 MB of where it started (after a warm-up).
//
// The RSS check needs the bounded delivery log (the ring of issue 14's finding 9, another part of
// the issue: EventBridge.clearDeliveries comes with it); without it every one of the 15,000
// deliveries per fan-out stays in deliveries() and the check is reported as skipped.
import * as path from 'path';
import { EventBridge, createRequestHandler } from '../../js/src/index.node';

interface Report {
  failures: string[];
  rssOk: boolean;
  rssGrowthMB: number;
  deliveryRecords: number;
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runSoak } = require(path.join(__dirname, '../../scripts/soak-hostile.cjs')) as {
  runSoak: (pkg: unknown, options: { requests: number }) => Promise<Report>;
};

const boundedLog = 'clearDeliveries' in EventBridge.prototype;
let report: Report;

beforeAll(async () => {
  report = await runSoak({ EventBridge, createRequestHandler }, { requests: 40 });
  // eslint-disable-next-line no-console
  console.log(`soak: ${JSON.stringify(report)}`);
}, 180000);

test('after 40 hostile requests every request is answered correctly', () => {
  expect(report.failures).toEqual([]);
});

(boundedLog ? test : test.skip)('after 40 hostile requests RSS is within 50 MB of where it started', () => {
  expect(report.rssGrowthMB).toBeLessThan(50);
  expect(report.rssOk).toBe(true);
});
