// `serve` as users run it, for deliveries: one log line per request and per delivery attempt
// (text, JSON, --quiet), every attempt's error with its cause and next attempt time, the
// /_emulator routes (paged deliveries, DELETE, firing a scheduled rule) and the trigger-schedule
// command, retries cancelled by RemoveTargets over the wire, DLQ messages to a --target URL with
// AWS's attributes as headers, `serve --help`.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { closedPort, startLambdaStandIn } from './helpers/lambda-stand-in';
import { Server, assertBuilt, call, killChildren, request, runCli, startServe } from './helpers/serve-process';

const ACCOUNT = '123456789012';
const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`;
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

interface Sink {
  url: string;
  posts: { url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const posts: Sink['posts'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push({ url: req.url!, headers: req.headers, body });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

async function until<T>(what: () => T | undefined | false, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lines = (s: Server) => s.stdout().split('\n').filter(Boolean).slice(1); // after `listening on`

beforeAll(assertBuilt);
afterAll(killChildren);

test('serve --help prints the usage on stdout and exits 0; a bad flag is exit 2 on stderr', async () => {
  const help = await runCli(['serve', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^usage: eventbridge-wasm serve \[options\]/);
  expect(help.stdout).toContain('--cors-origin ORIGIN');
  expect(help.stderr).toBe('');
  const bad = await runCli(['serve', '--colour']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("serve: Unknown option '--colour'");
  const format = await runCli(['serve', '--log-format', 'xml']);
  expect(format.code).toBe(2);
  expect(format.stderr).toBe('serve: --log-format must be text or json, not xml\n');
  const trig = await runCli(['trigger-schedule', '--help']);
  expect(trig.code).toBe(0);
  expect(trig.stdout).toMatch(/^usage: eventbridge-wasm trigger-schedule --rule NAME/);
});

test('one text line per request and per delivery attempt, with the cause and the next attempt time', async () => {
  const port = await closedPort();
  const s = await startServe(['--target', `${queue}=http://127.0.0.1:${port}/q`]);
  await call(s.port, 'PutRule', { Name: 'orders', EventPattern: '{"source":["shop"]}' });
  await call(s.port, 'PutTargets', { Rule: 'orders', Targets: [{ Id: 'q', Arn: queue, RetryPolicy: { MaximumRetryAttempts: 1 } }] });
  await call(s.port, 'DescribeRule', { Name: 'missing' });
  await call(s.port, 'PutEvents', { Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{}' }, { Source: 'shop' }] });
  await until(() => lines(s).filter((l) => l.includes(' delivery ')).length >= 2);
  const out = lines(s);
  const ts = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
  expect(out[0]).toMatch(new RegExp(`^${ts} PutRule 200 \\d+ms rule=orders$`));
  expect(out[1]).toMatch(new RegExp(`^${ts} PutTargets 200 \\d+ms rule=orders$`));
  expect(out[2]).toMatch(new RegExp(`^${ts} DescribeRule 400 \\d+ms rule=missing error="ResourceNotFoundException: Rule missing does not exist on EventBus default."$`));
  expect(out[3]).toMatch(new RegExp(`^${ts} PutEvents 200 \\d+ms entries=2 failedEntries=1$`));
  const cause = `POST http://127.0.0.1:${port}/q failed: ECONNREFUSED 127.0.0.1:${port}`;
  const deliveries = out.filter((l) => l.includes(' delivery '));
  expect(deliveries[0]).toMatch(
    new RegExp(`^${ts} delivery attempt rule=orders target="q \\(${queue}\\)" attempt=1 retrying error="${cause.replace(/[.()]/g, '\\$&')}" next=${ts} retriedBy=eventbridge$`),
  );
  expect(deliveries[1]).toMatch(new RegExp(`^${ts} delivery attempt rule=orders target="q \\(${queue}\\)" attempt=2 failed error=`));
  s.child.kill('SIGTERM');
  await s.exited;
});

test('--log-format json: one JSON object per line; --quiet: nothing but the listening line', async () => {
  const sink = await startSink();
  try {
    const s = await startServe(['--log-format', 'json', '--target', `${queue}=${sink.url}/q`]);
    await call(s.port, 'PutRule', { Name: 'orders', EventPattern: '{"source":["shop"]}' });
    await call(s.port, 'PutTargets', { Rule: 'orders', Targets: [{ Id: 'q', Arn: queue }] });
    await call(s.port, 'PutEvents', { Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{"n":1}' }] });
    await until(() => lines(s).length >= 4);
    const objects = lines(s).map((l) => JSON.parse(l));
    expect(objects[0]).toEqual({ time: expect.any(String), type: 'request', method: 'POST', path: '/', operation: 'PutRule', status: 200, durationMs: expect.any(Number), rule: 'orders' });
    const delivery = objects.find((o) => o.type === 'delivery');
    expect(delivery).toEqual({
      time: expect.any(String),
      type: 'delivery',
      event: 'attempt',
      rule: 'orders',
      target: 'q',
      targetArn: queue,
      eventId: expect.any(String),
      status: 'delivered',
      attempt: 1,
      by: 'eventbridge',
      result: 'delivered',
    });
    s.child.kill('SIGTERM');
    await s.exited;

    const q = await startServe(['--quiet', '--target', `${queue}=${sink.url}/q`]);
    await call(q.port, 'PutRule', { Name: 'orders', EventPattern: '{"source":["shop"]}' });
    await call(q.port, 'PutTargets', { Rule: 'orders', Targets: [{ Id: 'q', Arn: queue }] });
    await call(q.port, 'PutEvents', { Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{"n":2}' }] });
    await until(() => sink.posts.length >= 2);
    q.child.kill('SIGTERM');
    await q.exited;
    expect(q.stdout()).toBe(`listening on ${q.url}\n`);
  } finally {
    await sink.close();
  }
});

test('fire a scheduled rule over HTTP and with trigger-schedule; deliveries paged; DELETE cancels retries and empties the log', async () => {
  const sink = await startSink();
  const port = await closedPort();
  try {
    const s = await startServe(['--quiet', '--target', `${queue}=${sink.url}/q`, '--target', `${dlq}=http://127.0.0.1:${port}/dlq`]);
    await call(s.port, 'PutRule', { Name: 'tick', ScheduleExpression: 'rate(1 day)' });
    await call(s.port, 'PutTargets', { Rule: 'tick', Targets: [{ Id: 'q', Arn: queue }, { Id: 'down', Arn: dlq }] });
    const fired = await request(s.port, 'POST', '/_emulator/rules/default/tick/fire');
    expect(fired.status).toBe(200);
    expect(fired.body).toEqual({ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const cli = await runCli(['trigger-schedule', '--rule', 'tick', '--endpoint-url', s.url]);
    expect(cli.code).toBe(0);
    const second = JSON.parse(cli.stdout).EventId;
    await until(() => sink.posts.length >= 2);
    expect(sink.posts.map((p) => JSON.parse(p.body).id)).toEqual([fired.body.EventId, second]);
    const missing = await runCli(['trigger-schedule', '--rule', 'nope', '--endpoint-url', s.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('trigger-schedule: ResourceNotFoundException: Rule nope does not exist on EventBus default.\n');
    const bad = await request(s.port, 'POST', '/_emulator/rules/default/nope/fire');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Rule nope does not exist on EventBus default.' });

    // Four records: two delivered to the sink, two retrying against the closed port.
    const list = async (q = '') => request(s.port, 'GET', `/_emulator/deliveries${q}`);
    let page = await list();
    for (let i = 0; i < 100 && page.body.filter((d: { status: string }) => d.status !== 'pending').length < 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      page = await list();
    }
    expect(page.body.map((d: { targetId: string; status: string }) => [d.targetId, d.status]).sort()).toEqual([
      ['down', 'retrying'], ['down', 'retrying'], ['q', 'delivered'], ['q', 'delivered'],
    ]);
    const first = await list('?limit=3');
    expect(first.body).toHaveLength(3);
    expect(first.headers['x-emulator-next-after']).toBe(String(first.body[2].id));
    const rest = await list(`?after=${first.headers['x-emulator-next-after']}&limit=3`);
    expect(rest.body.map((d: { id: number }) => d.id)).toEqual([page.body[3].id]);
    expect(rest.headers['x-emulator-next-after']).toBeUndefined();
    expect((await list('?limit=0')).status).toBe(400);

    const cleared = await request(s.port, 'DELETE', '/_emulator/deliveries');
    expect(cleared.body).toEqual({ cancelledRetries: 2, clearedRecords: 4 });
    expect((await list()).body).toEqual([]);
    s.child.kill('SIGTERM');
    await s.exited;
  } finally {
    await sink.close();
  }
});

test('RemoveTargets over the wire cancels the target\'s pending retries', async () => {
  const port = await closedPort();
  const s = await startServe(['--quiet', '--target', `${queue}=http://127.0.0.1:${port}/q`]);
  await call(s.port, 'PutRule', { Name: 'orders', EventPattern: '{"source":["shop"]}' });
  await call(s.port, 'PutTargets', { Rule: 'orders', Targets: [{ Id: 'q', Arn: queue }] });
  await call(s.port, 'PutEvents', { Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{}' }] });
  let d: any;
  for (let i = 0; i < 200; i++) {
    d = (await request(s.port, 'GET', '/_emulator/deliveries')).body[0];
    if (d?.status === 'retrying') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(d.status).toBe('retrying');
  await call(s.port, 'RemoveTargets', { Rule: 'orders', Ids: ['q'] });
  d = (await request(s.port, 'GET', '/_emulator/deliveries')).body[0];
  expect(d.status).toBe('cancelled');
  expect(d.error).toMatch(/^cancelled: target q was removed from rule orders; last error: POST .* failed: ECONNREFUSED 127\.0\.0\.1:\d+$/);
  s.child.kill('SIGTERM');
  await s.exited;
});

test('DLQ messages to a --target URL carry AWS\'s message attributes as headers; a runner refusing Event is noticed once', async () => {
  const sink = await startSink();
  const runner = await startLambdaStandIn('sam', { known: () => undefined });
  try {
    const s = await startServe(['--lambda-endpoint', runner.url, '--target', `${dlq}=${sink.url}/dlq`]);
    await call(s.port, 'PutRule', { Name: 'orders', EventPattern: '{"source":["shop"]}' });
    await call(s.port, 'PutTargets', { Rule: 'orders', Targets: [
      { Id: 'ok', Arn: fn('known') },
      { Id: 'typo', Arn: fn('audit'), DeadLetterConfig: { Arn: dlq } },
    ] });
    await call(s.port, 'PutEvents', { Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{"n":1}' }] });
    const post = await until(() => sink.posts[0]);
    expect(post.url).toBe('/dlq');
    expect(JSON.parse(post.body)).toMatchObject({ source: 'shop', detail: { n: 1 } });
    expect(post.headers).toMatchObject({
      'x-eventbridge-target-arn': dlq,
      'x-eventbridge-attribute-rule-arn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders`,
      'x-eventbridge-attribute-target-arn': fn('audit'),
      'x-eventbridge-attribute-error-code': 'NO_RESOURCE',
      'x-eventbridge-attribute-error-message': '404 Function not found: arn:aws:lambda:us-west-2:012345678901:function:audit',
      'x-eventbridge-attribute-retry-attempts': '0',
    });
    const records = (await request(s.port, 'GET', '/_emulator/deliveries')).body;
    const dead = records.find((r: { destination?: string }) => r.destination === 'dead-letter-queue');
    expect(dead.attributes).toMatchObject({ ERROR_CODE: 'NO_RESOURCE', TARGET_ARN: fn('audit') });
    await until(() => lines(s).some((l) => l.includes(' notice ')));
    expect(lines(s).filter((l) => l.includes(' notice '))).toEqual([
      expect.stringContaining(`notice lambda endpoint ${runner.url} does not accept asynchronous invocations (501 `),
    ]);
    s.child.kill('SIGTERM');
    await s.exited;
  } finally {
    await sink.close();
    await runner.close();
  }
});
