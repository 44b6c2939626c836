// The real AWS SDK for JavaScript v3 (@aws-sdk/client-eventbridge) against the emulator: over HTTP
// (the serve endpoint on 127.0.0.1, port 0) and in-process through createRequestHandler (no socket).
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { EventBridge, createRequestHandler } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const event = JSON.stringify({
  id: '1', account: '123456789012', source: 'app.orders', time: '2024-01-01T00:00:00Z',
  region: 'us-east-1', 'detail-type': 'Order', resources: [], detail: { state: 'paid' },
});

async function expectAwsError(p: Promise<unknown>, name: string, message: RegExp | string, status = 400) {
  let err: any;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeDefined();
  expect(err.name).toBe(name);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  expect(err.$metadata.httpStatusCode).toBe(status);
  expect(err.$fault).toBe('client');
  return err;
}

type Mode = { name: string; client: () => EventBridgeClient };

let endpoint: RunningEndpoint;
let httpEb: EventBridge;
let inProcessEb: EventBridge;

beforeAll(async () => {
  httpEb = await EventBridge.create();
  inProcessEb = await EventBridge.create();
  endpoint = await startEndpoint({ eb: httpEb, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await endpoint?.close();
});

const modes: Mode[] = [
  {
    name: 'over HTTP',
    client: () => new EventBridgeClient({ region: 'us-east-1', credentials, endpoint: endpoint.url, maxAttempts: 1 }),
  },
  {
    name: 'in-process (createRequestHandler)',
    client: () =>
      new EventBridgeClient({ region: 'us-east-1', credentials, requestHandler: createRequestHandler(inProcessEb), maxAttempts: 1 }),
  },
];

describe.each(modes)('AWS SDK v3 $name', ({ client: make }) => {
  let client: EventBridgeClient;
  beforeAll(() => {
    client = make();
  });
  afterAll(() => client.destroy());

  test('PutRule, DescribeRule, ListRules', async () => {
    const put = await client.send(new PutRuleCommand({
      Name: 'orders', EventPattern: '{"source":["app.orders"]}', Description: 'paid orders',
    }));
    expect(put.RuleArn).toBe('arn:aws:events:us-east-1:123456789012:rule/orders');
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(put.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const d = await client.send(new DescribeRuleCommand({ Name: 'orders' }));
    expect(d.Name).toBe('orders');
    expect(d.Arn).toBe(put.RuleArn);
    expect(d.EventPattern).toBe('{"source":["app.orders"]}');
    expect(d.State).toBe('ENABLED');
    expect(d.Description).toBe('paid orders');
    expect(d.EventBusName).toBe('default');

    const l = await client.send(new ListRulesCommand({}));
    expect(l.Rules?.map((r) => r.Name)).toContain('orders');
  });

  test('PutTargets and ListTargetsByRule', async () => {
    const r = await client.send(new PutTargetsCommand({
      Rule: 'orders',
      Targets: [
        { Id: 't1', Arn: 'arn:aws:sqs:us-east-1:123456789012:q1' },
        { Id: 't2', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', Input: '{"a":1}' },
      ],
    }));
    expect(r.FailedEntryCount).toBe(0);
    expect(r.FailedEntries).toEqual([]);
    const l = await client.send(new ListTargetsByRuleCommand({ Rule: 'orders' }));
    expect(l.Targets).toEqual([
      { Id: 't1', Arn: 'arn:aws:sqs:us-east-1:123456789012:q1' },
      { Id: 't2', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', Input: '{"a":1}' },
    ]);
  });

  test('TestEventPattern', async () => {
    const yes = await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"state":["paid"]}}', Event: event }));
    expect(yes.Result).toBe(true);
    const no = await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"state":["new"]}}', Event: event }));
    expect(no.Result).toBe(false);
  });

  test('DeleteRule is refused while targets exist, then succeeds', async () => {
    await expectAwsError(client.send(new DeleteRuleCommand({ Name: 'orders' })), 'ValidationException', 'Rule can\'t be deleted since it has targets.');
    await client.send(new RemoveTargetsCommand({ Rule: 'orders', Ids: ['t1', 't2'] }));
    const del = await client.send(new DeleteRuleCommand({ Name: 'orders' }));
    expect(del.$metadata.httpStatusCode).toBe(200);
    await expectAwsError(client.send(new DescribeRuleCommand({ Name: 'orders' })), 'ResourceNotFoundException', 'Rule orders does not exist on EventBus default.');
  });

  test('errors: ResourceNotFoundException, InvalidEventPatternException, ValidationException', async () => {
    const nf = await expectAwsError(
      client.send(new ListTargetsByRuleCommand({ Rule: 'missing' })),
      'ResourceNotFoundException',
      'Rule missing does not exist on EventBus default.',
    );
    expect(nf.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expectAwsError(
      client.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":[{"bad":1}]}' })),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: Unrecognized match type bad/,
    );
    await expectAwsError(
      client.send(new PutRuleCommand({ Name: 'bad name!', EventPattern: '{"source":["a"]}' })),
      'ValidationException',
      /^1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint/,
    );
    await expectAwsError(
      client.send(new TestEventPatternCommand({ EventPattern: '{"source":["a"]}', Event: '{"not":"an event"}' })),
      'ValidationException',
      /Event/,
    );
  });
});
