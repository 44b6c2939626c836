// Browser tests of "Your stack": a template loaded in the page through the package's loadTemplate
// (YAML parsed by the bundled `yaml`), its buses, rules and skipped resources, and which functions
// fire with which payloads after PutEvents. The page's answers are checked against the same
// template loaded by the package in Node (ctx.pkg).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { open, textOf } from './helpers.mjs';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/** The template loaded by the package in Node, and what PutEvents of `entries` delivers there. */
async function inNode(ctx, template, entries) {
  const eb = await ctx.pkg.EventBridge.create({ accountId: ACCOUNT, region: REGION });
  try {
    const report = await eb.loadTemplate(template, { env: {} });
    const fired = [];
    for (const [id, info] of Object.entries(report.resources)) {
      if (info.type === 'AWS::Lambda::Function') eb.onFunction(id, (_p, c) => { fired.push({ fn: id, payload: c.payloadText }); });
    }
    if (entries) {
      await eb.putEvents({ Entries: JSON.parse(entries) });
      await eb.flush();
    }
    return { report, fired };
  } finally {
    eb.dispose();
  }
}

const rowsText = (page, testid) => page.$$eval(`[data-testid=${testid}]`, (rows) => rows.map((r) => [...r.cells ?? [r]].map((c) => c.textContent)));

export const tests = [
  {
    name: 'your stack: a SAM template\'s buses, rules and skipped resources; PutEvents shows which functions fire with which payloads, and why each rule fired or not',
    async run(ctx) {
      const page = await open(ctx);
      await page.click('[data-testid=mode-stack]');
      // The page's example template and entries, as the page shows them.
      const template = await page.inputValue('[data-testid=stack-template]');
      const entries = await page.inputValue('[data-testid=stack-entries]');
      const { report, fired } = await inNode(ctx, template, entries);
      const rules = report.created.filter((c) => c.type === 'AWS::Events::Rule');
      await textOf(page, '[data-testid=stack-status]',
        `Loaded template as stack local-stack: ${report.created.length} resources created (${rules.length} rules), ${report.skipped.length} skipped.`);

      const buses = await page.$$eval('[data-testid=stack-bus]', (li) => li.map((x) => x.firstChild.textContent));
      assert.deepEqual(buses, ['default', 'orders']);
      const ruleRows = await rowsText(page, 'stack-rule');
      assert.deepEqual(ruleRows.map((r) => r[0]), rules.map((r) => `${r.logicalId}${r.name}`));
      assert.deepEqual(ruleRows.map((r) => r[1]), ['orders', 'orders', 'default']);
      assert.equal(ruleRows[2][2], 'schedule: cron(0 2 * * ? *)');
      assert.deepEqual(ruleRows.map((r) => r[3]), ['OrderHandler (Lambda)', 'BigOrderAudit (Lambda)', 'NightlyReport (Lambda)']);
      const skipped = await page.$$eval('[data-testid=stack-skipped-item]', (li) => li.map((x) => x.textContent));
      assert.deepEqual(skipped, report.skipped.map((s) => `${s.logicalId} ${s.type}: ${s.reason}`));
      assert.ok(skipped.some((s) => s.startsWith('Reminder AWS::Scheduler::Schedule: EventBridge Scheduler is a different service')), skipped.join('\n'));
      await ctx.shot(page, '32-stack-loaded');
      // The bundled yaml (and the editor) ship with their licences.
      const notices = fs.readFileSync(path.join(ctx.root, 'web-demo/dist/THIRD-PARTY-LICENSES.txt'), 'utf8');
      for (const p of ['yaml@', '@noble/hashes@', '@codemirror/view@']) assert.ok(notices.includes(`\n${p}`), p);

      // Two orders: the first (total 149.5) fires both functions, the second (20) only OrderHandler.
      await page.click('[data-testid=stack-put]');
      await textOf(page, '[data-testid=stack-put-result]', 'PutEvents: 2 entries accepted, 0 failed; 3 function invocations, 0 other deliveries.');
      const invocations = await rowsText(page, 'stack-invocation');
      assert.deepEqual(invocations.map((r) => [r[0], r[2]]), [['OrderHandler', 'delivered'], ['BigOrderAudit', 'delivered'], ['OrderHandler', 'delivered']]);
      assert.deepEqual(invocations.map((r) => r[0]), fired.map((f) => f.fn));
      // InputPath $.detail: exactly what the package delivers in Node.
      assert.equal(invocations[1][3], '{"orderId":"o-1001","total":149.5}');
      assert.equal(invocations[1][3], fired[1].payload);
      // The whole events differ only in their id and time, which the bus sets.
      const norm = (t) => JSON.stringify({ ...JSON.parse(t), id: 'x', time: 'x' });
      assert.deepEqual(invocations.map((r) => norm(r[3] === fired[1].payload ? '{}' : r[3])), fired.map((f) => norm(f.payload === fired[1].payload ? '{}' : f.payload)));
      // Each rule says why it fired or not for each event on its bus (the core's explanation); the
      // scheduled rule is on the default bus, which these events did not go to.
      const why = await page.$$eval('[data-testid=stack-rule]', (rows) => rows.map((r) =>
        [...r.querySelectorAll('[data-testid=rule-why-item]')].map((li) => li.textContent)));
      assert.deepEqual(why, [
        ['fired for entry 1: All 2 fields matched.', 'fired for entry 2: All 2 fields matched.'],
        ['fired for entry 1: All 2 fields matched.', 'did not fire for entry 2: detail.total: 20 is not in the range >= 100'],
        [],
      ]);
      await ctx.shot(page, '33-stack-fired');

      // A failed entry (its Detail is not a JSON object) is named by its number; nothing fires.
      await page.fill('[data-testid=stack-entries]', '[{"Source": "a", "DetailType": "b", "Detail": "{}"}, {"Source": "a", "DetailType": "b", "Detail": "[]"}]');
      await page.click('[data-testid=stack-put]');
      await textOf(page, '[data-testid=stack-put-result]', 'PutEvents: 1 entry accepted, 1 failed (entry 2: MalformedDetail: Detail is malformed.); 0 function invocations, 0 other deliveries.');
      await page.fill('[data-testid=stack-entries]', '[{');
      await page.click('[data-testid=stack-put]');
      await textOf(page, '[data-testid=stack-put-result]', /^Entries are not valid JSON: /);
    },
  },
  {
    name: 'your stack: a dropped serverless.yml and an opened CDK JSON template load; a broken template says why and keeps the loaded stack; 375 px',
    async run(ctx) {
      const page = await open(ctx);
      await page.click('[data-testid=mode-stack]');
      await textOf(page, '[data-testid=stack-status]', /^Loaded template as stack local-stack/);

      const file = path.join(ctx.root, 'tests/templates/aws-python-scheduled-cron/serverless.yml');
      const text = fs.readFileSync(file, 'utf8');
      const { report } = await inNode(ctx, text);
      // A drop of the file on the template box, as a user drags it from the file manager.
      await page.evaluate((t) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], 'serverless.yml', { type: 'application/x-yaml' }));
        document.querySelector('[data-testid=stack-template]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, text);
      await textOf(page, '[data-testid=stack-status]', `Loaded serverless.yml as stack ${report.stackName}: 2 resources created (2 rules), ${report.skipped.length} skipped.`);
      assert.equal(await page.inputValue('[data-testid=stack-template]'), text);
      const ruleRows = await rowsText(page, 'stack-rule');
      assert.deepEqual(ruleRows.map((r) => r[2]), ['schedule: rate(1 minute)', 'schedule: cron(0/2 * ? * MON-FRI *)']);

      // A CDK-synthesized JSON template through "Open a file".
      const cdkFile = path.join(ctx.root, 'tests/templates/cdk-integ-targets-lambda/lambda-events.template.json');
      const cdk = (await inNode(ctx, fs.readFileSync(cdkFile, 'utf8'))).report;
      const cdkRules = cdk.created.filter((c) => c.type === 'AWS::Events::Rule').length;
      assert.ok(cdkRules > 0);
      await page.setInputFiles('[data-testid=stack-file]', cdkFile);
      await textOf(page, '[data-testid=stack-status]',
        `Loaded template as stack local-stack: ${cdk.created.length} resources created (${cdkRules} rule${cdkRules === 1 ? '' : 's'}), ${cdk.skipped.length} skipped.`);
      assert.equal((await rowsText(page, 'stack-rule')).length, cdkRules);

      // Text that is not a template: the package's TemplateError, and the stack above stays.
      const broken = 'Resources:\n  Bus:\n    Type: AWS::Events::EventBus\n    Properties: [unclosed\n';
      const expected = await inNode(ctx, broken).then(() => 'loaded', (e) => `${e.name}: ${e.message}`);
      assert.match(expected, /^TemplateError: /);
      await page.fill('[data-testid=stack-template]', broken);
      await page.click('[data-testid=stack-load]');
      await textOf(page, '[data-testid=stack-status]', expected);
      assert.equal((await rowsText(page, 'stack-rule')).length, cdkRules);

      // 375 px: the stack view fits without horizontal scrolling.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.click('[data-testid=stack-example]');
      await textOf(page, '[data-testid=stack-status]', /^Loaded template as stack local-stack/);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
      await ctx.shot(page, '34-stack-375');
    },
  },
];
