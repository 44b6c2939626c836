#!/usr/bin/env node
// Hostile-request soak (issue 14): requests that once exhausted memory or the stack, sent through
// the endpoint's protocol code (the in-process SDK request handler: the same code `serve` runs,
// without sockets), in turn:
//   - PutPermission with a Policy nested 3000 or 5000 deep (refused: 400);
//   - PutTargets with an unknown member nested 995 deep (accepted, the member dropped) and
//     PutEvents with a member nested 5000 deep (refused: 400);
//   - PutEvents of 10 entries of 24 KB to 300 rules x 5 targets (15,000 deliveries);
//   - PutEvents of a 240 KB event to 1 rule x 5 targets with 100-path InputTransformers.
// After a warm-up (each kind four times), the process's RSS must end within 50 MB of where it started,
// and every later request must be answered correctly (lists, deliveries and payloads, the state).
//
//   node --expose-gc scripts/soak-hostile.cjs [--requests 1000] [--json]
//   /usr/bin/time -v node scripts/soak-hostile.cjs --fan-out-once
//       one PutEvents of 10 x 24 KB entries to 300 rules x 5 targets in a fresh process: the time
//       to its answer and to its last delivery (peak RSS from /usr/bin/time)
//
// Needs `npm run build` (js/dist, dist/wasm). tests/js/soak-hostile.test.ts runs a tenth of it in
// npm test through the same runSoak(). Exits 1 when a check fails.
'use strict';

const RSS_SLACK = 50 * 1024 * 1024;
// Rounds of every kind before RSS is taken: the WebAssembly memory (which never shrinks) and V8's
// heap reach their working size over the first few fan-outs, not only the first.
const WARM_UP_ROUNDS = 4;
const SQS = 'arn:aws:sqs:us-east-1:123456789012:';

const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);

function fanOutBody() {
  const detail = JSON.stringify({ pad: 'x'.repeat(24 * 1024 - 200) });
  const entries = Array.from({ length: 10 }, (_, i) => ({ Source: 'fan', DetailType: `d${i}`, Detail: detail, EventBusName: 'fan' }));
  return JSON.stringify({ Entries: entries });
}

function transformerSetup() {
  const paths = {};
  const fields = [];
  const detail = {};
  for (let i = 0; i < 100; i++) {
    paths[`p${i}`] = `$.detail.k${i}.v`;
    fields.push(`"p${i}":<p${i}>`);
    detail[`k${i}`] = { v: i, pad: 'y'.repeat(2300) };
  }
  return {
    transformer: { InputPathsMap: paths, InputTemplate: `{${fields.join(',')}}` },
    body: JSON.stringify({ Entries: [{ Source: 'tf', DetailType: 'd', Detail: JSON.stringify(detail) }] }),
  };
}

/**
 * Runs the soak against the package `pkg` ({ EventBridge, createRequestHandler }). Returns a report:
 * `failures` lists the requests answered wrongly (empty when all were right), `rssOk` says whether
 * RSS ended within 50 MB of where it started.
 */
async function runSoak(pkg, { requests = 1000, log = () => undefined } = {}) {
  const { EventBridge, createRequestHandler } = pkg;
  const failures = [];
  const gc = typeof global.gc === 'function' ? global.gc : () => undefined;
  // A small delivery log where the package bounds it (options.deliveryLog); the soak is about
  // what the requests leave behind, not about a log of every delivery.
  const eb = await EventBridge.create({ deliveryLog: { maxRecords: 2000, maxBytes: 16 * 1024 * 1024 } });
  const handler = createRequestHandler(eb);
  const send = async (operation, body) => {
    const { response } = await handler.handle({
      method: 'POST',
      headers: { 'x-amz-target': `AWSEvents.${operation}`, 'content-type': 'application/x-amz-json-1.1' },
      body,
    });
    const chunks = [];
    for await (const c of response.body) chunks.push(c);
    return { status: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  };
  const expectStatus = (what, r, status) => {
    if (r.status !== status) failures.push(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)} (expected ${status})`);
  };

  // Setup: 300 rules x 5 targets on bus "fan"; a rule with five 100-path transformers on default.
  let delivered = 0;
  const payloads = new Map();
  eb.onTarget(() => true, (payload, ctx) => {
    delivered += 1;
    payloads.set(ctx.targetArn, payload);
  });
  expectStatus('CreateEventBus', await send('CreateEventBus', '{"Name":"fan"}'), 200);
  for (let r = 0; r < 300; r++) {
    await send('PutRule', JSON.stringify({ Name: `r${r}`, EventBusName: 'fan', EventPattern: '{"source":["fan"]}' }));
    const targets = [0, 1, 2, 3, 4].map((t) => ({ Id: `t${t}`, Arn: `${SQS}fan${t}` }));
    expectStatus('PutTargets', await send('PutTargets', JSON.stringify({ Rule: `r${r}`, EventBusName: 'fan', Targets: targets })), 200);
  }
  const tf = transformerSetup();
  await send('PutRule', '{"Name":"tf","EventPattern":"{\\"source\\":[\\"tf\\"]}"}');
  const tfTargets = [0, 1, 2, 3, 4].map((t) => ({ Id: `t${t}`, Arn: `${SQS}tf${t}`, InputTransformer: tf.transformer }));
  expectStatus('PutTargets tf', await send('PutTargets', JSON.stringify({ Rule: 'tf', Targets: tfTargets })), 200);
  await send('PutRule', '{"Name":"deep","EventPattern":"{\\"source\\":[\\"deep\\"]}"}');

  const fanBody = fanOutBody();
  const kinds = [
    async (i) => {
      const policy = `{"Version":"2012-10-17","Statement":[],"X":${nested(i % 2 ? 5000 : 3000)}}`;
      expectStatus('deep Policy', await send('PutPermission', JSON.stringify({ Policy: policy })), 400);
    },
    async (i) => {
      if (i % 2) {
        const body = `{"Rule":"deep","Targets":[{"Id":"t","Arn":"${SQS}deep","Extra":${nested(995)}}]}`;
        expectStatus('deep unknown member', await send('PutTargets', body), 200);
      } else {
        const body = `{"Entries":[{"Source":"deep","DetailType":"d","Detail":"{}","Extra":${nested(5000)}}]}`;
        expectStatus('deep PutEvents member', await send('PutEvents', body), 400);
      }
    },
    async () => {
      const r = await send('PutEvents', fanBody);
      expectStatus('fan-out', r, 200);
      if (r.body.FailedEntryCount !== 0) failures.push(`fan-out: ${JSON.stringify(r.body).slice(0, 200)}`);
      await eb.flush();
    },
    async () => {
      const r = await send('PutEvents', tf.body);
      expectStatus('transformer', r, 200);
      await eb.flush();
    },
  ];

  const rss = () => process.memoryUsage().rss;
  const started = Date.now();
  for (let i = 0; i < WARM_UP_ROUNDS * kinds.length; i++) await kinds[i % kinds.length](i);
  gc();
  const rssStart = rss();
  let rssPeak = rssStart;
  for (let i = 0; i < requests; i++) {
    await kinds[i % kinds.length](i);
    if (i % 20 === 19) {
      rssPeak = Math.max(rssPeak, rss());
      log(`${i + 1} requests, RSS ${(rss() / 1048576).toFixed(0)} MB`);
    }
  }
  await eb.flush();
  gc();
  const rssEnd = rss();
  const rssOk = rssEnd - rssStart <= RSS_SLACK;
  // How many delivery records the package keeps (bounded by its delivery log, where it has one).
  const deliveryRecords = eb.deliveries().length;

  // Every later request is answered correctly.
  const rules = await send('ListRules', '{"EventBusName":"fan","Limit":100}');
  if (rules.status !== 200 || rules.body.Rules.length !== 100 || !rules.body.NextToken) failures.push('ListRules after the soak');
  const targets = await send('ListTargetsByRule', '{"Rule":"deep"}');
  if (JSON.stringify(targets.body) !== `{"Targets":[{"Id":"t","Arn":"${SQS}deep"}]}`) {
    failures.push(`the unknown member was kept: ${JSON.stringify(targets.body).slice(0, 200)}`);
  }
  delivered = 0;
  payloads.clear();
  expectStatus('fan-out after', await send('PutEvents', fanBody), 200);
  expectStatus('transformer after', await send('PutEvents', tf.body), 200);
  await eb.flush();
  if (delivered !== 15005) failures.push(`after the soak: ${delivered} deliveries instead of 15,005`);
  const tfPayload = JSON.parse(payloads.get(`${SQS}tf4`) ?? '{}');
  if (tfPayload.p0 !== 0 || tfPayload.p99 !== 99) failures.push(`transformer payload after the soak: ${payloads.get(`${SQS}tf4`)}`);
  const again = await EventBridge.create();
  try {
    again.importState(eb.exportState());
    if (again.exportState() !== eb.exportState()) failures.push('the state does not round-trip after the soak');
  } catch (e) {
    failures.push(`the state does not load after the soak: ${e.message}`);
  }
  again.dispose();
  eb.dispose();

  return {
    requests,
    seconds: (Date.now() - started) / 1000,
    rssStartMB: +(rssStart / 1048576).toFixed(1),
    rssEndMB: +(rssEnd / 1048576).toFixed(1),
    rssPeakMB: +(rssPeak / 1048576).toFixed(1),
    rssGrowthMB: +((rssEnd - rssStart) / 1048576).toFixed(1),
    rssOk,
    deliveryRecords,
    gcExposed: typeof global.gc === 'function',
    failures,
  };
}

/** One fan-out PutEvents in a fresh emulator: milliseconds to the answer and to the last delivery. */
async function fanOutOnce(pkg) {
  const { EventBridge, createRequestHandler } = pkg;
  const eb = await EventBridge.create();
  eb.createEventBus({ Name: 'fan' });
  for (let r = 0; r < 300; r++) {
    eb.putRule({ Name: `r${r}`, EventBusName: 'fan', EventPattern: '{"source":["fan"]}' });
    eb.putTargets({ Rule: `r${r}`, EventBusName: 'fan', Targets: [0, 1, 2, 3, 4].map((t) => ({ Id: `t${t}`, Arn: `${SQS}fan${t}` })) });
  }
  let delivered = 0;
  eb.onTarget(() => true, () => {
    delivered += 1;
  });
  const handler = createRequestHandler(eb);
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const { response } = await handler.handle({
    method: 'POST',
    headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
    body: fanOutBody(),
  });
  const answeredMs = Date.now() - started;
  await eb.flush();
  const report = {
    status: response.statusCode,
    answeredMs,
    deliveredMs: Date.now() - started,
    delivered,
    rssBeforeMB: +(rssBefore / 1048576).toFixed(1),
    rssAfterMB: +(process.memoryUsage().rss / 1048576).toFixed(1),
  };
  eb.dispose();
  return report;
}

module.exports = { runSoak, fanOutOnce };

if (require.main === module) {
  const path = require('path');
  const { parseArgs } = require('util');
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
      'fan-out-once': { type: 'boolean', default: false },
    },
  });
  const pkg = require(path.join(__dirname, '..', 'js/dist/cjs/index.node.js'));
  if (values['fan-out-once']) {
    fanOutOnce(pkg).then(
      (report) => {
        console.log(JSON.stringify(report));
        process.exitCode = report.status === 200 && report.delivered === 15000 ? 0 : 1;
      },
      (e) => {
        console.error(e);
        process.exitCode = 1;
      },
    );
    return;
  }
  if (typeof global.gc !== 'function') console.error('soak-hostile: run with node --expose-gc for steadier RSS figures');
  runSoak(pkg, { requests: Number(values.requests), log: values.json ? undefined : (line) => console.error(line) }).then(
    (report) => {
      console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
      process.exitCode = report.failures.length || !report.rssOk ? 1 : 0;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
