// The playground's explanation view, sample-event catalogue, pattern builder, editor features,
// themes, narrow screens and large-event responsiveness. Expected reasons and verdicts come from the
// package itself in Node (ctx.pkg): the page must show exactly the core's explanation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { editorText, lineAndColumns, open, stateHash, textOf, verdict } from './helpers.mjs';

const EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Order Placed',
  source: 'com.example.shop',
  account: '123456789012',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::photos/a.jpg', 'arn:aws:s3:::photos/b.png'],
  detail: {
    state: 'running',
    total: 149.5,
    email: 'Alice@Example.com',
    ip: '10.0.1.7',
    items: [{ sku: 'BOOK-42', qty: 2 }, { sku: 'PEN-7', qty: 10 }],
  },
};
const EVENT_TEXT = JSON.stringify(EVENT, null, 2);

// One failing and one matching pattern per operator family, on the field each names.
const FAMILIES = [
  { family: 'exact', field: 'detail.state', fail: { detail: { state: ['stopped'] } }, pass: { detail: { state: ['running'] } } },
  { family: 'prefix', field: 'source', fail: { source: [{ prefix: 'aws.' }] }, pass: { source: [{ prefix: 'com.' }] } },
  { family: 'suffix', field: 'resources', fail: { resources: [{ suffix: '.gif' }] }, pass: { resources: [{ suffix: '.png' }] } },
  { family: 'equals-ignore-case', field: 'detail.email', fail: { detail: { email: [{ 'equals-ignore-case': 'bob@example.com' }] } }, pass: { detail: { email: [{ 'equals-ignore-case': 'alice@example.com' }] } } },
  { family: 'wildcard', field: 'detail-type', fail: { 'detail-type': [{ wildcard: 'Order *ing' }] }, pass: { 'detail-type': [{ wildcard: 'Order *' }] } },
  { family: 'anything-but', field: 'detail.state', fail: { detail: { state: [{ 'anything-but': 'running' }] } }, pass: { detail: { state: [{ 'anything-but': ['stopped', 'pending'] }] } } },
  { family: 'numeric', field: 'detail.total', fail: { detail: { total: [{ numeric: ['>=', 200] }] } }, pass: { detail: { total: [{ numeric: ['>', 100, '<=', 150] }] } } },
  { family: 'cidr', field: 'detail.ip', fail: { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, pass: { detail: { ip: [{ cidr: '10.0.0.0/16' }] } } },
  { family: 'exists', field: 'detail.coupon', fail: { detail: { coupon: [{ exists: true }] } }, pass: { detail: { coupon: [{ exists: false }] } } },
];

async function explained(page, pattern) {
  await page.fill('[data-testid=pattern]', JSON.stringify(pattern, null, 2));
}

/** The data-field-state of every element carrying `path` in the explained event. */
function fieldStates(page, path) {
  return page.$$eval(`#event-view [data-field-path="${path}"]`, (els) => els.map((e) => e.dataset.fieldState ?? ''));
}

async function waitFieldState(page, path, state) {
  await page.waitForFunction(({ p, s }) => {
    const els = [...document.querySelectorAll('#event-view [data-field-path]')].filter((e) => e.dataset.fieldPath === p);
    return els.length > 0 && els.every((e) => e.dataset.fieldState === s);
  }, { p: path, s: state }, { timeout: 5_000 }).catch(async () => {
    throw new Error(`${path}: field states ${JSON.stringify(await fieldStates(page, path))}, expected all ${state}`);
  });
}

/** The JSON token of `text` at a 1-based line and column: its text and 1-based columns [from, to). */
function tokenAt(text, line, column) {
  const lineText = text.split('\n')[line - 1];
  const tokens = [...lineText.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\]:,]|-?\d[\d.eE+-]*|true|false|null/g)];
  const t = tokens.find((m) => m.index <= column - 1 && column - 1 < m.index + m[0].length);
  assert.ok(t, `a token at line ${line}, column ${column} of ${JSON.stringify(lineText)}`);
  return { from: t.index + 1, to: t.index + 1 + t[0].length, text: t[0] };
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

export const tests = [
  {
    name: 'explanation: every operator family marks its field failed with the core\'s reason, and matched',
    timeout: 90_000,
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      await page.waitForSelector('#event-view [data-field-path="detail.state"]');
      for (const f of FAMILIES) {
        const want = ctx.pkg.explainEventPattern(f.fail, EVENT_TEXT);
        assert.equal(want.matched, false, f.family);
        await explained(page, f.fail);
        await verdict(page, 'NO MATCH');
        await textOf(page, '[data-testid=explanation]', want.reason);
        assert.match(want.reason, new RegExp(`^${f.field.replace('.', '\\.')}: `), want.reason);
        await waitFieldState(page, f.field, 'failed');
        await ctx.shot(page, `20-explain-${f.family}-failed`, { fullPage: false });

        const ok = ctx.pkg.explainEventPattern(f.pass, EVENT_TEXT);
        assert.equal(ok.matched, true, f.family);
        await explained(page, f.pass);
        await verdict(page, 'MATCH');
        await waitFieldState(page, f.field, 'matched');
        await ctx.shot(page, `20-explain-${f.family}-matched`, { fullPage: false });
      }
      // The reason for the anything-but family, word for word as the issue asks for it.
      await explained(page, FAMILIES[5].fail);
      await textOf(page, '[data-testid=explanation]', 'detail.state: "running" is excluded by anything-but "running"');
      // A field the event lacks is listed after the event, with its state.
      await explained(page, FAMILIES[8].fail);
      await page.waitForSelector('#event-view .ev-absent[data-field-path="detail.coupon"][data-field-state=failed]');
      // Array elements: the element that satisfied the field is marked, the others are not.
      await explained(page, { resources: [{ suffix: '.png' }] });
      await verdict(page, 'MATCH');
      await page.waitForSelector('#event-view button[data-path="resources"][data-indices="1"][data-chosen=true]');
      assert.equal(await page.getAttribute('#event-view button[data-path="resources"][data-indices="0"]', 'data-value-state'), 'failed');
      assert.equal(await page.getAttribute('#event-view button[data-path="resources"][data-indices="1"]', 'data-value-state'), 'matched');
      await ctx.shot(page, '21-explain-array-element');
    },
  },
  {
    name: 'explanation: $or branches each show their outcome, and fields must match in one array element',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      const pattern = { $or: [{ detail: { state: ['stopped'] } }, { detail: { total: [{ numeric: ['>', 100] }] } }] };
      await explained(page, pattern);
      // The page's first example already reads MATCH: wait for this pattern's own explanation (drawn
      // in the same frame as the branches) before reading them.
      await textOf(page, '[data-testid=explanation]', 'Its one field matched ($or, branch 2 of 2).');
      await verdict(page, 'MATCH');
      const alts = await page.$$eval('[data-testid=alternative]', (els) => els.map((e) => [e.dataset.state, e.textContent]));
      assert.equal(alts.length, 2, JSON.stringify(alts));
      assert.equal(alts[0][0], 'failed');
      assert.match(alts[0][1], /\$or, branch 1 of 2/);
      assert.match(alts[0][1], /detail\.state: "running" is not "stopped"/);
      assert.equal(alts[1][0], 'matched');
      assert.match(alts[1][1], /\$or, branch 2 of 2/);
      await ctx.shot(page, '22-explain-or-branches');

      // sku BOOK-42 is in element 0, qty 10 in element 1: each matches alone, never together.
      const split = { detail: { items: { sku: ['BOOK-42'], qty: [10] } } };
      const want = ctx.pkg.explainEventPattern(split, EVENT_TEXT);
      assert.equal(want.matched, false);
      await explained(page, split);
      await verdict(page, 'NO MATCH');
      await textOf(page, '[data-testid=explanation]', want.reason);
      assert.match(want.reason, /other elements of the same array/);
      await ctx.shot(page, '23-explain-array-consistency');
    },
  },
  {
    name: 'rules mode: each rule says why it fired or not for each event',
    async run(ctx) {
      const page = await open(ctx);
      await page.click('[data-testid=mode-rules]');
      await page.waitForSelector('[data-testid=rule-status].ok');
      await page.click('[data-testid=put-events]');
      await page.waitForSelector('[data-index="0"] [data-testid=rule-why-item]');
      const why = await page.$$eval('[data-testid=rule]', (rules) => rules.map((r) =>
        [...r.querySelectorAll('[data-testid=rule-why-item]')].map((li) => [li.dataset.fired, li.textContent])));
      // big-orders: total >= 100. Entry 1 has 149.5, entry 2 has 20.
      assert.deepEqual(why[0].map((w) => w[0]), ['true', 'false'], JSON.stringify(why[0]));
      assert.equal(why[0][1][1], 'did not fire for entry 2: detail.total: 20 is not in the range >= 100');
      // vip-customers: tier equals-ignore-case GOLD. Entry 2 is bronze.
      assert.deepEqual(why[1].map((w) => w[0]), ['true', 'false'], JSON.stringify(why[1]));
      assert.equal(why[1][1][1], 'did not fire for entry 2: detail.customer.tier: "bronze" is not "gold", ignoring case');
      // The scheduled-only rule has no pattern.
      assert.match(why[2][0][1], /no event pattern: this rule fires only on its schedule/);
      // The page's observer rule (the source of these events) is not a delivery of the table.
      const rows = await page.$$eval('tr[data-testid=delivery]', (trs) => trs.map((tr) => tr.cells[0].textContent));
      assert.deepEqual(rows.sort(), ['big-orders', 'big-orders', 'vip-customers']);
      await ctx.shot(page, '24-rules-why-not');
    },
  },
  {
    name: 'catalogue: at least 60 cited samples, searchable; loading one replaces the event',
    async run(ctx) {
      const page = await open(ctx);
      await page.waitForSelector('[data-testid=sample-events] button');
      const all = await page.$$eval('[data-testid=sample-events] button', (bs) => bs.map((b) => b.dataset.sampleId));
      assert.ok(all.length >= 60, `${all.length} samples`);
      const sources = fs.readFileSync(path.join(ctx.root, 'web-demo/samples/SOURCES.md'), 'utf8');
      for (const id of all) assert.ok(sources.includes(`| \`${id}\` |`), `${id} is cited in SOURCES.md`);
      for (const service of ['Amazon EC2', 'Amazon S3', 'Amazon ECS', 'AWS CodePipeline', 'AWS Health', 'Amazon EventBridge', 'AWS CloudTrail', 'Partner: SailPoint IdentityNow']) {
        const n = await page.$$eval('.sample-service', (els, s) => els.filter((e) => e.textContent === s).length, service);
        assert.ok(n >= 1, `a ${service} sample`);
      }

      await page.fill('[data-testid=sample-search]', 'ecs task state');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=sample-events] button').length === 1);
      assert.equal(await page.textContent('[data-testid=sample-events] .sample-title'), 'Task State Change (Fargate, RUNNING)');
      await ctx.shot(page, '25-catalogue-search', { fullPage: false });
      // Keyboard: one tab stop for the list, arrow keys between samples, Enter loads one.
      await page.click('[data-testid=sample-search]');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.sampleId), 'ecs-task-state-change');
      await page.fill('[data-testid=sample-search]', 'amazon ecs');
      await page.focus('[data-testid=sample-events] button');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.sampleId), 'ecs-task-state-change');
      await page.keyboard.press('Enter');
      const samples = JSON.parse(fs.readFileSync(path.join(ctx.root, 'web-demo/samples/ecs-developer-guide.json'), 'utf8'));
      const task = samples.find((s) => s.id === 'ecs-task-state-change').event;
      await page.waitForFunction(() => document.querySelector('[data-testid=event]').textContent.includes('ECS Task State Change'));
      await page.fill('[data-testid=pattern]', '{"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"], "detail": {"lastStatus": ["RUNNING"]}}');
      await verdict(page, 'MATCH');
      assert.equal(ctx.pkg.explainEventPattern({ source: ['aws.ecs'], 'detail-type': ['ECS Task State Change'], detail: { lastStatus: ['RUNNING'] } }, task).matched, true);
      assert.match(await page.textContent('[data-testid=sample-source]'), /Amazon ECS Developer Guide.*MIT-0/);
      await ctx.shot(page, '26-catalogue-loaded');
    },
  },
  {
    name: 'builder: three values clicked become a pattern; changing one operator rewrites it',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=sample-search]', 'ec2 instance state-change');
      await page.click('[data-testid=sample-events] button[data-sample-id=ec2-instance-state-change]');
      await page.fill('[data-testid=pattern]', '');
      await page.waitForSelector('#event-view [data-field-path="detail.state"]');
      await page.waitForFunction(() => document.querySelector('#event-view')?.textContent.includes('"i-abcd1111"'));
      await page.click('#event-view button[data-path="source"]');
      await page.click('#event-view button[data-path="detail-type"]');
      // The third by keyboard: the arrow keys move between the event's values, Enter adds one.
      await page.focus('#event-view button[data-path="detail.instance-id"]');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'detail.state');
      await page.keyboard.press('Enter');
      const three = '{\n  "source": ["aws.ec2"],\n  "detail-type": ["EC2 Instance State-change Notification"],\n  "detail": {"state": ["pending"]}\n}';
      await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid=pattern] .cm-line')].map((l) => l.textContent).join('\n') === t, three)
        .catch(async () => assert.fail(`pattern is ${await editorText(page, 'pattern')}`));
      await verdict(page, 'MATCH');
      // The verdict already read MATCH with two values, so it does not show that the frame which
      // redraws the builder has run: wait for the rows themselves.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=condition]').length === 3)
        .catch(async () => assert.fail(`${await page.$$eval('[data-testid=condition]', (els) => els.length)} condition rows, expected 3`));
      await ctx.shot(page, '27-builder-three-values');

      // detail-type: equals -> prefix, then the operand narrowed to "EC2 Instance".
      const row = '[data-testid=condition][data-path="detail-type"]';
      await page.selectOption(`${row} [data-testid=condition-operator]`, 'prefix');
      await page.waitForSelector('[data-testid=condition][data-path="detail-type"][data-op=prefix]');
      await page.fill(`${row} [data-testid=condition-value]`, 'EC2 Instance');
      await page.press(`${row} [data-testid=condition-value]`, 'Enter');
      const built = '{\n  "source": ["aws.ec2"],\n  "detail-type": [{"prefix": "EC2 Instance"}],\n  "detail": {"state": ["pending"]}\n}';
      await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid=pattern] .cm-line')].map((l) => l.textContent).join('\n') === t, built)
        .catch(async () => assert.fail(`pattern is ${await editorText(page, 'pattern')}`));
      await verdict(page, 'MATCH');
      const samples = JSON.parse(fs.readFileSync(path.join(ctx.root, 'web-demo/samples/eventbridge-user-guide.json'), 'utf8'));
      const ec2 = samples.find((s) => s.id === 'ec2-instance-state-change').event;
      assert.equal(ctx.pkg.explainEventPattern(built, ec2).matched, true);
      await ctx.shot(page, '28-builder-operator-changed');

      // The menu offers every operator family the issue names.
      const ops = await page.$$eval(`${row} [data-testid=condition-operator] option`, (os) => os.map((o) => o.value));
      for (const op of ['prefix', 'suffix', 'anything-but', 'numeric-range', 'exists', 'cidr', 'wildcard']) assert.ok(ops.includes(op), op);
      await page.selectOption('[data-testid=condition][data-path="detail.state"] [data-testid=condition-operator]', 'anything-but');
      await verdict(page, 'NO MATCH');
      await textOf(page, '[data-testid=explanation]', 'detail.state: "pending" is excluded by anything-but "pending"');
    },
  },
  {
    name: 'editor: AWS error underlined at its line and column; format on demand keeps every token',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      const invalid = '{\n  "source": ["aws.ec2"],\n  "detail": { "state": [{ "prefixx": "run" }] }\n}';
      await page.fill('[data-testid=pattern]', invalid);
      const text = await verdict(page, /^InvalidEventPatternException: /);
      const [, line, column] = /line: (\d+), column: (\d+)\]$/.exec(text).map(Number);
      assert.equal(line, 3);
      await page.waitForSelector('[data-testid=pattern] .cm-lintRange-error');
      const u = await lineAndColumns(page, '[data-testid=pattern] .cm-lintRange-error');
      // The underline is the JSON token at AWS's line and column.
      assert.deepEqual(u, { line, ...tokenAt(invalid, line, column) }, `AWS column ${column}`);
      await ctx.shot(page, '29-error-underline', { fullPage: false });

      // A syntax error: the unexpected character itself.
      const bad = '{"source": ["aws.ec2"],}';
      await page.fill('[data-testid=pattern]', bad);
      const syntax = await verdict(page, /^InvalidEventPatternException: .*Unexpected character \('\}'/);
      const col = Number(/column: (\d+)\]$/.exec(syntax)[1]);
      await page.waitForFunction(() => document.querySelector('[data-testid=pattern] .cm-lintRange-error')?.textContent === '}');
      const v = await lineAndColumns(page, '[data-testid=pattern] .cm-lintRange-error');
      assert.deepEqual(v, { line: 1, ...tokenAt(bad, 1, col) }, `AWS column ${col}`);

      // Format (button, then keyboard): indentation only; 1.0 and the big integer keep their text.
      await page.fill('[data-testid=pattern]', '{"source":["aws.ec2"],"detail":{"total":[1.0,12345678901234567890],"state":["running"]}}');
      await page.click('[data-testid=format-pattern]');
      const formatted = '{\n  "source": ["aws.ec2"],\n  "detail": {"total": [1.0, 12345678901234567890], "state": ["running"]}\n}';
      assert.equal(await editorText(page, 'pattern'), formatted);
      await page.fill('[data-testid=pattern]', '{"source":["aws.ec2"]}');
      await page.focus('[data-testid=pattern]');
      await page.keyboard.press('Shift+Alt+F');
      assert.equal(await editorText(page, 'pattern'), '{"source": ["aws.ec2"]}');
    },
  },
  {
    name: 'dark theme: page and editors switch, and the choice is remembered',
    async run(ctx) {
      const page = await open(ctx);
      const luminance = (page2, selector) => page2.$eval(selector, (el) => {
        const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
      assert.ok(await luminance(page, 'body') > 0.8);
      await page.click('[data-testid=theme]');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      assert.equal(await page.getAttribute('[data-testid=theme]', 'aria-pressed'), 'true');
      assert.ok(await luminance(page, 'body') < 0.15, 'dark page');
      assert.ok(await luminance(page, '#event-editor .cm-editor') < 0.2, 'dark editor');
      await verdict(page, 'MATCH');
      await ctx.shot(page, '30-dark-theme');
      await page.reload();
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    },
  },
  {
    name: '375 px wide: editors, explanation, builder and catalogue fit without horizontal scrolling',
    async run(ctx) {
      const page = await open(ctx, { width: 375, height: 812 });
      await page.fill('[data-testid=pattern]', '{"detail": {"state": ["running"]}}');
      await verdict(page, 'NO MATCH');
      await page.waitForSelector('#event-view [data-field-state=failed]');
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        views: ['#event-editor', '#pattern-editor', '#event-view', '#builder', '#why', '#sample-events'].map((s) => document.querySelector(s).getBoundingClientRect().right),
      }));
      assert.ok(widths.page <= 375, `page is ${widths.page}px wide`);
      assert.ok(widths.views.every((r) => r <= 375), JSON.stringify(widths));
      await ctx.shot(page, '31-mobile-375-explained');
    },
  },
  {
    name: 'a 256 KB event: typing stays responsive (measured per keystroke) and the verdict follows',
    timeout: 120_000,
    async run(ctx) {
      const items = [];
      for (let i = 0; i < 1440; i++) items.push({ id: `item-${i}`, n: i, tags: ['a', 'b'], note: 'x'.repeat(40) });
      const event = { ...EVENT, detail: { state: 'running', items } };
      const text = JSON.stringify(event, null, 2);
      assert.ok(text.length >= 250 * 1024 && text.length <= 260 * 1024, `${text.length} bytes`);
      const page = await open(ctx, undefined, stateHash({ mode: 'pattern', event: text, pattern: '{"detail": {"state": ["running"]}}' }));
      await verdict(page, 'MATCH');
      await page.waitForSelector('#event-view [data-field-path="detail.state"][data-field-state=matched]', { timeout: 20_000 });
      // The caret after "running", in the editor.
      await page.evaluate(() => {
        const content = document.querySelector('[data-testid=event]');
        content.focus();
        const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const i = node.data.indexOf('"running"');
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(node, i + 8);
          r.collapse(true);
          getSelection().removeAllRanges();
          getSelection().addRange(r);
          return;
        }
      });
      await page.waitForTimeout(300);
      // Per keystroke: from keydown to the first task after the next frame (the frame that shows
      // it), and the page's own measure of the verdict's computation (ebw:verdict).
      await page.evaluate(() => {
        window.__latencies = [];
        document.addEventListener('keydown', () => {
          const t = performance.now();
          requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - t), 0));
        }, { capture: true });
        performance.clearMeasures();
      });
      const KEYS = 30;
      for (let k = 0; k < KEYS; k++) {
        await page.keyboard.type(k === 0 ? 'X' : 'y');
        await page.waitForTimeout(40);
      }
      await verdict(page, 'NO MATCH');
      await textOf(page, '[data-testid=explanation]', /^detail\.state: "runningXy+" is not "running"$/);
      const { latencies, verdicts } = await page.evaluate(() => ({
        latencies: window.__latencies,
        verdicts: performance.getEntriesByName('ebw:verdict').map((m) => m.duration),
      }));
      assert.equal(latencies.length, KEYS);
      const report = {
        eventBytes: text.length,
        keystrokes: KEYS,
        keystrokeToNextFrameMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100) },
        verdictComputationMs: { count: verdicts.length, p50: percentile(verdicts, 50), p95: percentile(verdicts, 95), max: percentile(verdicts, 100) },
        machineLoad: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      };
      fs.writeFileSync(path.join(ctx.outDir, 'typing-256k.json'), `${JSON.stringify(report, null, 2)}\n`);
      await ctx.shot(page, '35-typing-256k', { fullPage: false });
      console.log(`    256 KB event typing: ${JSON.stringify(report)}`);
      // One frame is 16.7 ms: the verdict's own work stays within it for the median keystroke; the
      // whole keystroke (the editor's own work included) stays interactive on a busy shared machine.
      assert.ok(report.verdictComputationMs.p50 < 16.7, JSON.stringify(report));
      assert.ok(report.keystrokeToNextFrameMs.p50 < 100, JSON.stringify(report));
    },
  },
];
