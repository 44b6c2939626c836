// --lambda-endpoint against a Lambda Invoke API stand-in that answers like serverless-offline and
// like SAM CLI's start-lambda (helpers/lambda-stand-in.ts), on the emulator's manual clock:
// asynchronous invocation (Event, 202); a runner that refuses Event is invoked synchronously and its
// function errors are retried as Lambda does (3 calls at 0, 1 and 3 minutes, never the target's
// DLQ); an unknown function and a refused connection go through the target's RetryPolicy and DLQ,
// with the cause; function names and foreign accounts/regions never reach another path.
import { EventBridge } from '../../js/src/index.node';
import { registerLambdaEndpoint } from '../../js/src/server/lambda-invoker';
import type { TargetRegistry } from '../../js/src/server/targets';
import { StandIn, closedPort, startLambdaStandIn } from './helpers/lambda-stand-in';

const ACCOUNT = '123456789012';
const START = Date.parse('2024-05-01T00:00:00Z');
const MINUTE = 60_000;
const fnArn = (name: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`;

let standIns: StandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.map((s) => s.close()));
  standIns = [];
});

async function setup(endpoint: string, target: { Arn: string } & Record<string, unknown>) {
  const eb = await EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock: 'manual', startTime: new Date(START) });
  const notices: string[] = [];
  registerLambdaEndpoint(eb as unknown as TargetRegistry, { endpoint, accountId: ACCOUNT, region: 'us-east-1', notice: (l) => notices.push(l) });
  eb.putRule({ Name: 'r', EventPattern: '{"source":["shop"]}' });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', ...target }] });
  const dead: { body: string; attrs: unknown }[] = [];
  eb.onTarget(dlq, (body, ctx) => void dead.push({ body, attrs: ctx.messageAttributes }));
  return { eb, notices, dead };
}

const put = (eb: EventBridge) => eb.putEvents({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"total":5}' }] });

test('serverless-offline: invoked with X-Amz-Invocation-Type Event; the 202 is a delivery', async () => {
  const runner = await startLambdaStandIn('serverless-offline', { 'shop-dev-orders': () => undefined });
  standIns.push(runner);
  const { eb } = await setup(runner.url, { Arn: fnArn('shop-dev-orders'), InputPath: '$.detail' });
  await put(eb);
  await eb.flush();
  expect(runner.invocations).toEqual([
    { method: 'POST', url: '/2015-03-31/functions/shop-dev-orders/invocations', invocationType: 'Event', body: '{"total":5}' },
  ]);
  expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 1 });
});

test('SAM start-lambda refuses Event (501): invoked RequestResponse from then on, said once; a function error is retried as Lambda does', async () => {
  let calls = 0;
  const runner = await startLambdaStandIn('sam', {
    'shop-dev-audit': () => {
      calls++;
      throw new TypeError('order.total is undefined');
    },
  });
  standIns.push(runner);
  const { eb, notices, dead } = await setup(runner.url, {
    Arn: fnArn('shop-dev-audit'),
    RetryPolicy: { MaximumRetryAttempts: 5 },
    DeadLetterConfig: { Arn: dlq },
  });
  const times: number[] = [];
  eb.onDelivery((e) => e.type === 'attempt' && times.push(Date.parse(e.attempt!.time) - START));
  await put(eb);
  await eb.advanceTime(6 * 60 * MINUTE);
  expect(calls).toBe(3);
  expect(times).toEqual([0, MINUTE, 3 * MINUTE]);
  expect(runner.invocations.map((i) => i.invocationType)).toEqual(['Event', 'RequestResponse', 'RequestResponse', 'RequestResponse']);
  expect(notices).toHaveLength(1);
  expect(notices[0]).toContain('does not accept asynchronous invocations (501 invocation-type: Event is not supported. RequestResponse is only supported.)');
  expect(dead).toEqual([]);
  const [record] = eb.deliveries();
  expect(record).toMatchObject({ status: 'failed', attempts: 3, error: 'function error (Unhandled): TypeError: order.total is undefined' });
  expect(record.history.map((h) => [h.by, h.result])).toEqual([
    ['eventbridge', 'function-error'],
    ['lambda', 'function-error'],
    ['lambda', 'function-error'],
  ]);
});

test.each(['serverless-offline', 'sam'] as const)('%s: an unknown function goes to the target\'s DLQ at once with the cause', async (flavour) => {
  const runner = await startLambdaStandIn(flavour, { other: () => undefined });
  standIns.push(runner);
  const { eb, dead } = await setup(runner.url, {
    Arn: fnArn('audit'),
    RetryPolicy: { MaximumRetryAttempts: 3 },
    DeadLetterConfig: { Arn: dlq },
  });
  await put(eb);
  await eb.advanceTime(60 * MINUTE);
  const message =
    flavour === 'sam' ? '404 Function not found: arn:aws:lambda:us-west-2:012345678901:function:audit' : '404 Function not found: audit';
  expect(dead).toEqual([
    {
      body: expect.any(String),
      attrs: { RULE_ARN: `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`, TARGET_ARN: fnArn('audit'), ERROR_CODE: 'NO_RESOURCE', ERROR_MESSAGE: message, RETRY_ATTEMPTS: '0' },
    },
  ]);
  expect(eb.deliveries()[0]).toMatchObject({ status: 'dead-lettered', attempts: 1, error: message });
});

test('a refused connection is retried per the target\'s RetryPolicy, then dead-lettered with ECONNREFUSED and the address', async () => {
  const port = await closedPort();
  const { eb, dead } = await setup(`http://127.0.0.1:${port}`, {
    Arn: fnArn('shop-dev-orders'),
    RetryPolicy: { MaximumRetryAttempts: 2 },
    DeadLetterConfig: { Arn: dlq },
  });
  await put(eb);
  await eb.flush();
  const first = eb.deliveries()[0];
  expect(first).toMatchObject({ status: 'retrying', retriedBy: 'eventbridge' });
  expect(first.error).toBe(`POST http://127.0.0.1:${port}/2015-03-31/functions/shop-dev-orders/invocations failed: ECONNREFUSED 127.0.0.1:${port}`);
  expect(first.nextAttemptAt).toBeDefined();
  await eb.advanceTime(60 * MINUTE);
  expect(eb.deliveries()[0]).toMatchObject({ status: 'dead-lettered', attempts: 3 });
  expect(dead).toHaveLength(1);
  expect(dead[0].attrs).toMatchObject({
    ERROR_CODE: 'CONNECTION_FAILURE',
    ERROR_MESSAGE: first.error,
    EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    RETRY_ATTEMPTS: '2',
  });
});

test('a function name cannot change the invocation path, and other accounts and regions are not sent to the endpoint', async () => {
  const runner = await startLambdaStandIn('serverless-offline', { f: () => undefined });
  standIns.push(runner);
  const { eb } = await setup(runner.url, { Arn: fnArn('f') });
  eb.putTargets({
    Rule: 'r',
    Targets: [
      { Id: 'dots', Arn: fnArn('..') },
      { Id: 'region', Arn: fnArn('f', 'eu-west-1') },
      { Id: 'account', Arn: fnArn('f', 'us-east-1', '210987654321') },
    ],
  });
  await put(eb);
  await eb.flush();
  expect(runner.invocations.map((i) => i.url)).toEqual(['/2015-03-31/functions/f/invocations']);
  const byId = Object.fromEntries(eb.deliveries().map((d) => [d.targetId, d]));
  expect(byId.t.status).toBe('delivered');
  expect(byId.dots).toMatchObject({ status: 'failed', error: expect.stringContaining('is not a valid Lambda function ARN: function name ".."') });
  expect(byId.region.error).toBe(`Function not found: ${fnArn('f', 'eu-west-1')} (the Lambda endpoint serves account ${ACCOUNT} in us-east-1)`);
  expect(byId.account.status).toBe('failed');
});

test('a qualified ARN is invoked with ?Qualifier=', async () => {
  const runner = await startLambdaStandIn('serverless-offline', { f: () => undefined });
  standIns.push(runner);
  const { eb } = await setup(runner.url, { Arn: `${fnArn('f')}:live` });
  await put(eb);
  await eb.flush();
  expect(runner.invocations.map((i) => i.url)).toEqual(['/2015-03-31/functions/f/invocations?Qualifier=live']);
});

test('serverless-offline with --lambda-invocation-type RequestResponse: 200 + X-Amz-Function-Error is a function error, retried as Lambda does', async () => {
  let calls = 0;
  const runner = await startLambdaStandIn('serverless-offline', {
    'shop-dev-audit': () => {
      calls++;
      throw new Error('boom');
    },
  });
  standIns.push(runner);
  const eb = await EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock: 'manual', startTime: new Date(START) });
  registerLambdaEndpoint(eb as unknown as TargetRegistry, { endpoint: runner.url, accountId: ACCOUNT, region: 'us-east-1', invocationType: 'RequestResponse' });
  eb.putRule({ Name: 'r', EventPattern: '{"source":["shop"]}' });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: fnArn('shop-dev-audit'), DeadLetterConfig: { Arn: dlq } }] });
  await put(eb);
  await eb.advanceTime(10 * MINUTE);
  expect(calls).toBe(3);
  expect(runner.invocations.every((i) => i.invocationType === 'RequestResponse')).toBe(true);
  expect(eb.deliveries().map((d) => [d.targetArn, d.status, d.error])).toEqual([[fnArn('shop-dev-audit'), 'failed', 'function error (Unhandled): Error: boom']]);
});

test('serverless-offline with Event: a function error after the 202 is the runner\'s (it logs it); the delivery is done', async () => {
  const runner = await startLambdaStandIn('serverless-offline', {
    f: () => {
      throw new Error('after the 202');
    },
  });
  standIns.push(runner);
  const { eb, dead } = await setup(runner.url, { Arn: fnArn('f'), DeadLetterConfig: { Arn: dlq } });
  await put(eb);
  await eb.advanceTime(10 * MINUTE);
  expect(runner.invocations).toHaveLength(1);
  expect(runner.backgroundErrors).toEqual(['after the 202']);
  expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  expect(dead).toEqual([]);
});
