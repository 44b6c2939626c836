// The playground's browser tests of its original hooks (editors, verdict, errors, target, rules,
// URL state, keyboard, narrow screens, no network); tests/browser/run.mjs runs them (each bounded in
// time). The explanation, catalogue, builder, editor and performance tests are in explain.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { awsError, editorText, open, payload, verdict } from './helpers.mjs';

const EC2_EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'stopped' },
};
const EVENT_TEXT = JSON.stringify(EC2_EVENT, null, 2);
const MATCHING = '{\n  "source": ["aws.ec2"],\n  "detail": { "state": [{ "anything-but": "running" }] }\n}';
const NOT_MATCHING = '{\n  "source": ["aws.ec2"],\n  "detail": { "state": ["running"] }\n}';
const INVALID = '{\n  "source": ["aws.ec2"],\n  "detail": { "state": [{ "prefixx": "run" }] }\n}';

export const tests = [
  {
    name: 'page loads the engine and evaluates the first example',
    async run(ctx) {
      const page = await open(ctx);
      assert.equal(await page.title(), 'EventBridge playground (eventbridge-wasm)');
      await verdict(page, 'MATCH');
      const expected = ctx.pkg.renderTargetInput(
        {
          Id: 'x',
          Arn: 'arn:aws:sqs:us-east-1:123456789012:q',
          InputTransformer: {
            InputPathsMap: { instance: '$.detail.instance-id', state: '$.detail.state' },
            InputTemplate: '{"instance": <instance>, "state": <state>, "rule": "<aws.events.rule-name>"}',
          },
        },
        EVENT_TEXT,
        { RuleName: 'playground-rule', RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/playground-rule' },
      );
      assert.match(expected, /"instance":\s*"i-1234567890abcdef0"/);
      await payload(page, expected);
      await ctx.shot(page, '01-loaded');
      assert.ok(ctx.served.includes('/pkg/ebw.wasm'), 'the page fetched the .wasm from its own server');
    },
  },
  {
    name: 'a browser without WebAssembly SIMD128 gets the scalar binary from its chunk (no second .wasm) and the same verdict',
    async run(ctx) {
      // The chunk esbuild made of the package's wasm/ebw-scalar-binary.js: the one holding the
      // scalar binary's base64.
      const pkgDir = path.join(ctx.root, 'web-demo/dist/pkg');
      const base64 = fs.readFileSync(path.join(ctx.root, 'dist/wasm/ebw.scalar.wasm')).toString('base64');
      const chunks = fs.readdirSync(pkgDir).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(pkgDir, f), 'utf8').includes(base64));
      assert.equal(chunks.length, 1, `chunks holding the scalar binary: ${chunks}`);
      assert.notEqual(chunks[0], 'index.browser.js', 'the scalar binary is in the entry module, not a chunk of its own');
      const chunk = `/pkg/${chunks[0]}`;
      assert.deepEqual(fs.readdirSync(pkgDir).filter((f) => f.endsWith('.wasm')), ['ebw.wasm'], 'the .wasm files in pkg/');
      assert.ok(!ctx.served.includes(chunk), 'the scalar chunk was fetched by a browser with SIMD128');
      const page = await ctx.newPage();
      // As in an engine without SIMD128 (Safari before 16.4): the package's probe module is rejected.
      await page.addInitScript(() => (WebAssembly.validate = () => false));
      const before = ctx.served.length;
      await page.goto(`${ctx.origin}/`);
      await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
      await verdict(page, 'MATCH');
      const served = ctx.served.slice(before);
      assert.ok(served.includes(chunk), `the page did not fetch the scalar chunk ${chunk}`);
      assert.deepEqual(served.filter((f) => f.endsWith('.wasm')), [], 'a page without SIMD128 fetched a .wasm');
    },
  },
  {
    name: 'every example is a valid pattern that matches its event, with a deliverable target',
    async run(ctx) {
      const page = await open(ctx);
      const ids = await page.$$eval('[data-testid=example] option', (os) => os.map((o) => o.value).filter(Boolean));
      assert.ok(ids.length >= 5, `${ids.length} examples`);
      const operators = new Set();
      for (const id of ids) {
        await page.selectOption('[data-testid=example]', id);
        await verdict(page, 'MATCH');
        const p = await page.textContent('[data-testid=payload]');
        assert.ok(!/^(Not delivered|ValidationException)/.test(p), `${id}: payload ${p}`);
        const pattern = await editorText(page, 'pattern');
        for (const op of ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr', '$or']) {
          if (pattern.includes(`"${op}"`)) operators.add(op);
        }
      }
      assert.equal(operators.size, 9, `operators used: ${[...operators].join(', ')}`);
    },
  },
  {
    name: 'verdict goes MATCH -> NO MATCH (failing field) -> AWS error with position',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      await page.fill('[data-testid=pattern]', MATCHING);
      await verdict(page, 'MATCH');
      await ctx.shot(page, '02-match');

      await page.fill('[data-testid=pattern]', NOT_MATCHING);
      await verdict(page, 'NO MATCH');
      const detail = await page.textContent('[data-testid=explanation]');
      assert.equal(detail, 'detail.state: "stopped" is not "running"');
      await ctx.shot(page, '03-no-match');

      await page.fill('[data-testid=pattern]', INVALID);
      // Exactly the error the package (and AWS) gives, name and message.
      const eb = await ctx.pkg.EventBridge.create();
      const expected = awsError(() => eb.testEventPattern({ EventPattern: INVALID, Event: EVENT_TEXT }));
      eb.dispose();
      assert.match(expected, /^InvalidEventPatternException: Event pattern is not valid\. Reason: Unrecognized match type prefixx/);
      await verdict(page, expected);
      const where = await page.textContent('[data-testid=verdict-detail]');
      assert.match(where, /^At line 3, column \d+ of the pattern\.$/, where);
      // "Go to the position" puts the caret in the pattern at that line (CodeMirror marks the caret's
      // line as its active line).
      await page.click('[data-testid=goto-position]');
      const caret = await page.evaluate(() => {
        const el = document.activeElement;
        const lines = [...el.querySelectorAll('.cm-line')];
        return { id: el.id, line: lines.findIndex((l) => l.classList.contains('cm-activeLine')) + 1 };
      });
      assert.deepEqual(caret, { id: 'pattern', line: 3 });
      await ctx.shot(page, '04-error');

      // A syntax error carries Jackson's position too.
      await page.fill('[data-testid=pattern]', '{"source": ["aws.ec2"],}');
      await verdict(page, /^InvalidEventPatternException: Event pattern is not valid\. Reason: Unexpected character \('}'/);
      const column = /column: (\d+)\]$/.exec(await page.textContent('[data-testid=verdict]'))[1];
      assert.equal(await page.textContent('[data-testid=verdict-detail]'), `At line 1, column ${column} of the pattern.`);

      // An invalid event: AWS's ValidationException.
      await page.fill('[data-testid=pattern]', MATCHING);
      await page.fill('[data-testid=event]', '{"source": ');
      await verdict(page, 'ValidationException: Parameter Event is not valid.');
    },
  },
  {
    name: 'target pane renders Input, InputPath and InputTransformer payloads',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      await page.fill('[data-testid=pattern]', MATCHING);
      await verdict(page, 'MATCH');

      await page.selectOption('[data-testid=target-kind]', 'InputTransformer');
      const map = '{"id": "$.detail.instance-id", "state": "$.detail.state"}';
      const template = '"Instance <id> is now <state> (rule <aws.events.rule-name>)"';
      await page.fill('[data-testid=target-paths-map]', map);
      await page.fill('[data-testid=target-template]', template);
      const expected = ctx.pkg.renderTargetInput(
        { Id: 'x', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputTransformer: { InputPathsMap: JSON.parse(map), InputTemplate: template } },
        EVENT_TEXT,
        { RuleName: 'playground-rule', RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/playground-rule' },
      );
      assert.equal(expected, '"Instance i-1234567890abcdef0 is now stopped (rule playground-rule)"');
      await payload(page, expected);
      await ctx.shot(page, '05-transformer');

      // An invalid transformer: PutTargets' ValidationException.
      await page.fill('[data-testid=target-template]', '{"id": <nope>}');
      await payload(page, /^ValidationException: /);
      await ctx.shot(page, '06-transformer-error');

      await page.selectOption('[data-testid=target-kind]', 'InputPath');
      await page.fill('[data-testid=target-input-path]', '$.detail.state');
      await payload(page, '"stopped"');

      await page.selectOption('[data-testid=target-kind]', 'Input');
      await page.fill('[data-testid=target-input]', '{"constant": true}');
      await payload(page, '{"constant": true}');

      // No match: nothing is delivered.
      await page.fill('[data-testid=pattern]', NOT_MATCHING);
      await payload(page, /^Not delivered/);
    },
  },
  {
    name: 'rules mode: PutEvents delivers to the matching rules\' targets',
    async run(ctx) {
      const page = await open(ctx);
      await page.click('[data-testid=mode-rules]');
      await page.waitForSelector('[data-testid=rule-status].ok');
      await page.click('[data-testid=put-events]');
      await page.waitForSelector('tr[data-testid=delivery]');
      const rows = await page.$$eval('tr[data-testid=delivery]', (trs) =>
        trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      const byKey = Object.fromEntries(rows.map(([rule, target, p]) => [`${rule}/${target}`, p]));
      assert.deepEqual(Object.keys(byKey).sort(), ['big-orders/audit', 'big-orders/queue', 'vip-customers/notify'], JSON.stringify(rows));
      assert.equal(byKey['vip-customers/notify'], '"Order o-1001 from VIP Alice@Example.com"');
      assert.equal(JSON.parse(byKey['big-orders/audit']).orderId, 'o-1001');
      const event = JSON.parse(byKey['big-orders/queue']);
      assert.equal(event.source, 'com.example.orders');
      assert.equal(event['detail-type'], 'OrderPlaced');
      assert.equal(event.detail.total, 149.5);
      assert.match(await page.textContent('[data-testid=put-result]'), /2 entries accepted, 0 failed/);
      await ctx.shot(page, '07-rules-deliveries');

      // An invalid pattern on a rule shows PutRule's error.
      await page.fill('#rule-0-pattern', '{"source": [{"numeric": [">", "x"]}]}');
      await page.waitForSelector('[data-index="0"] .rule-status.error');
      assert.match(await page.textContent('[data-index="0"] .rule-status'), /^PutRule: InvalidEventPatternException: /);
    },
  },
  {
    name: 'rules mode: a scheduled rule shows its next 5 fire times and Fire now delivers its Scheduled Event',
    async run(ctx) {
      const page = await open(ctx);
      await page.click('[data-testid=mode-rules]');
      await page.waitForSelector('[data-index="2"] [data-testid=fire-time]');
      // The example's third rule is nightly-report, cron(0 2 * * ? *): the package's own answer.
      const shown = await page.$$eval('[data-index="2"] [data-testid=fire-time] time', (ts) => ts.map((t) => t.dateTime));
      const eb = await ctx.pkg.EventBridge.create();
      eb.putRule({ Name: 'nightly-report', ScheduleExpression: 'cron(0 2 * * ? *)' });
      const expected = eb.nextFireTimes('nightly-report', 5).map((d) => d.toISOString());
      eb.dispose();
      assert.equal(shown.length, 5, JSON.stringify(shown));
      assert.deepEqual(shown, expected);
      assert.ok(shown.every((t) => /T02:00:00\.000Z$/.test(t)), JSON.stringify(shown));
      // Rules without a schedule have no schedule box.
      assert.equal(await page.isVisible('[data-index="0"] [data-testid=schedule-box]'), false, 'rule 0 has no schedule box');
      assert.equal(await page.isVisible('[data-index="2"] [data-testid=schedule-box]'), true, 'rule 2 has a schedule box');

      const before = Date.now();
      await page.click('[data-index="2"] [data-testid=fire-now]');
      await page.waitForSelector('tr[data-testid=delivery]');
      const rows = await page.$$eval('tr[data-testid=delivery]', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.deepEqual(rows, [['nightly-report', 'report', '{"report": "daily"}']]);
      const result = await page.textContent('[data-testid=put-result]');
      assert.match(result, /^Fire now \(nightly-report\): Scheduled Event [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; 1 delivery\.$/, result);
      await ctx.shot(page, '11-rules-fire-now');

      // A schedule on the first rule (which keeps its pattern): five times 5 minutes apart from now,
      // and Fire now sends the Scheduled Event itself to its targets (no InputPath on "queue").
      await page.fill('#rule-0-schedule', 'rate(5 minutes)');
      await page.waitForSelector('[data-index="0"] [data-testid=fire-time]');
      const times = (await page.$$eval('[data-index="0"] [data-testid=fire-time] time', (ts) => ts.map((t) => t.dateTime))).map(Date.parse);
      assert.equal(times.length, 5);
      times.slice(1).forEach((t, i) => assert.equal(t - times[i], 5 * 60_000));
      assert.ok(times[0] > before && times[0] <= Date.now() + 5 * 60_000, `first fire time ${new Date(times[0]).toISOString()}`);
      await page.click('[data-index="0"] [data-testid=fire-now]');
      await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=delivery]').length === 3);
      const more = await page.$$eval('tr[data-testid=delivery]', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
      const byTarget = Object.fromEntries(more.map(([rule, target, p]) => [`${rule}/${target}`, p]));
      assert.deepEqual(Object.keys(byTarget).sort(), ['big-orders/audit', 'big-orders/queue']);
      const event = JSON.parse(byTarget['big-orders/queue']);
      assert.deepEqual(Object.keys(event), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      assert.equal(event.source, 'aws.events');
      assert.equal(event['detail-type'], 'Scheduled Event');
      assert.deepEqual(event.resources, ['arn:aws:events:us-east-1:123456789012:rule/big-orders']);
      assert.equal(byTarget['big-orders/audit'], '{}'); // InputPath $.detail of a Scheduled Event

      // An invalid schedule: PutRule's error, and no schedule box.
      await page.fill('#rule-0-schedule', 'rate(5 minute)');
      await page.waitForSelector('[data-index="0"] .rule-status.error');
      assert.equal(await page.textContent('[data-index="0"] .rule-status'), 'PutRule: ValidationException: Parameter ScheduleExpression is not valid.');
      assert.equal(await page.isVisible('[data-index="0"] [data-testid=schedule-box]'), false, 'no schedule box after an invalid schedule');
    },
  },
  {
    name: 'the URL hash holds the state and a new page restores it',
    async run(ctx) {
      const page = await open(ctx);
      await page.fill('[data-testid=event]', EVENT_TEXT);
      await page.fill('[data-testid=pattern]', NOT_MATCHING);
      await page.selectOption('[data-testid=target-kind]', 'InputPath');
      await page.fill('[data-testid=target-input-path]', '$.detail');
      await verdict(page, 'NO MATCH');
      await page.click('[data-testid=mode-rules]');
      await page.fill('#rule-1-name', 'renamed-rule');
      await page.waitForFunction(() => /^#s=/.test(location.hash));
      await page.waitForTimeout(500);
      const url = page.url();
      const hash = new URL(url).hash;

      const again = await open(ctx, undefined, hash);
      assert.equal(await editorText(again, 'event'), EVENT_TEXT);
      assert.equal(await editorText(again, 'pattern'), NOT_MATCHING);
      assert.equal(await again.inputValue('[data-testid=target-kind]'), 'InputPath');
      assert.equal(await again.inputValue('[data-testid=target-input-path]'), '$.detail');
      assert.equal(await again.inputValue('#rule-1-name'), 'renamed-rule');
      assert.equal(await again.getAttribute('[data-testid=mode-rules]', 'aria-pressed'), 'true');
      await again.click('[data-testid=mode-pattern]');
      await verdict(again, 'NO MATCH');
    },
  },
  {
    name: 'keyboard: labelled controls, focus order, visible focus',
    async run(ctx) {
      const page = await open(ctx);
      const unlabelled = await page.$$eval('textarea, input, select', (els) =>
        els.filter((el) => !el.closest('template') && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.id || el.outerHTML));
      assert.deepEqual(unlabelled, []);
      // Tab from the top reaches the example picker, then the event, then the pattern. The editors
      // draw their focus ring around the whole editor.
      const order = [];
      const noOutline = [];
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press('Tab');
        const [id, outline] = await page.evaluate(() => [
          document.activeElement?.id || document.activeElement?.tagName,
          getComputedStyle(document.activeElement.closest('.cm-editor') ?? document.activeElement).outlineStyle,
        ]);
        order.push(id);
        if (outline === 'none' && id !== 'BODY') noOutline.push(id);
      }
      assert.deepEqual(noOutline, [], `every focused control shows an outline (${order.join(', ')})`);
      const ie = order.indexOf('example');
      const iv = order.indexOf('event');
      const ip = order.indexOf('pattern');
      assert.ok(ie >= 0 && ie < iv && iv < ip, `focus order: ${order.join(', ')}`);
      await page.focus('[data-testid=pattern]');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await ctx.shot(page, '08-keyboard-focus', { fullPage: false });
    },
  },
  {
    name: '375 px wide: single column, no horizontal scrolling',
    async run(ctx) {
      const page = await open(ctx, { width: 375, height: 812 });
      await verdict(page, 'MATCH');
      const layout = await page.evaluate(() => {
        const e = document.querySelector('[data-testid=event]').getBoundingClientRect();
        const p = document.querySelector('[data-testid=pattern]').getBoundingClientRect();
        return { scroll: document.documentElement.scrollWidth, eventBottom: e.bottom, patternTop: p.top, eventWidth: e.width };
      });
      assert.ok(layout.scroll <= 375, `page is ${layout.scroll}px wide`);
      assert.ok(layout.patternTop >= layout.eventBottom, 'pattern is below the event (one column)');
      assert.ok(layout.eventWidth > 300, `event pane is ${layout.eventWidth}px wide`);
      await ctx.shot(page, '09-mobile-375');
      await page.click('[data-testid=mode-rules]');
      await page.click('[data-testid=put-events]');
      await page.waitForSelector('tr[data-testid=delivery]');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 375, `rules mode is ${scroll}px wide`);
      await ctx.shot(page, '10-mobile-375-rules');
    },
  },
  {
    name: 'no request left 127.0.0.1 and no console errors',
    async run(ctx) {
      const page = await open(ctx);
      await verdict(page, 'MATCH');
      await page.waitForTimeout(300);
      assert.deepEqual(ctx.foreign, [], `requests outside 127.0.0.1: ${ctx.foreign.join(', ')}`);
      assert.deepEqual(ctx.consoleErrors, []);
    },
  },
];
