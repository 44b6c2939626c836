// putEvents(): AWS's output and validation errors, routing to several targets of several rules,
// each input kind, disabled rules, unknown buses and bus-to-bus forwarding.
import { EventBridge } from '../../js/src/index.node';

const ACCOUNT = '123456789012';
const lambda = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const sqs = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
const busArn = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${name}`;

const manual = () =>
  EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock: 'manual', startTime: new Date('2024-05-01T12:00:00Z') });

const entry = (detail: object, extra: object = {}) => ({
  Source: 'app',
  DetailType: 'order',
  Detail: JSON.stringify(detail),
  ...extra,
});

describe('putEvents: AWS output and validation', () => {
  test('accepted entries get EventIds; failed ones keep their index with AWS codes', async () => {
    const eb = await manual();
    const out = await eb.putEvents({
      Entries: [
        entry({ a: 1 }),
        { DetailType: 'x', Detail: '{}' },
        { Source: 'a', DetailType: '', Detail: '{}' },
        { Source: 'a', DetailType: 'x' },
        { Source: 'a', DetailType: 'x', Detail: '[]' },
        { Source: 'a', DetailType: 'x', Detail: 'NotJSON' },
      ],
    });
    expect(out.FailedEntryCount).toBe(5);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.Entries[0].EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries.slice(1)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);
  });

  test('more than 10 entries and more than 256 KB fail the whole request', async () => {
    const eb = await manual();
    await expect(eb.putEvents({ Entries: Array.from({ length: 11 }, () => entry({})) })).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(/' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/),
    });
    await expect(
      eb.putEvents({ Entries: [{ Source: 's', DetailType: 't', Detail: JSON.stringify({ payload: ['p'.repeat(262127)] }) }] }),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' });
  });

  test('an unknown bus accepts the event and delivers it nowhere', async () => {
    const eb = await manual();
    const out = await eb.putEvents({ Entries: [entry({}, { EventBusName: 'nope' })] });
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries[0].EventId).toBeDefined();
    await eb.flush();
    expect(eb.deliveries()).toEqual([]);
  });
});

describe('putEvents: routing and input shaping', () => {
  test('several rules, several targets, each input kind; the event envelope in AWS order', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'orders', EventPattern: JSON.stringify({ source: ['app'] }) });
    eb.putRule({ Name: 'big', EventPattern: JSON.stringify({ detail: { total: [{ numeric: ['>', 100] }] } }) });
    eb.putRule({ Name: 'other', EventPattern: JSON.stringify({ source: ['elsewhere'] }) });
    eb.putTargets({
      Rule: 'orders',
      Targets: [
        { Id: 'whole', Arn: lambda('whole') },
        { Id: 'path', Arn: sqs('path'), InputPath: '$.detail' },
      ],
    });
    eb.putTargets({
      Rule: 'big',
      Targets: [
        { Id: 'const', Arn: sqs('const'), Input: '{"fixed":true}' },
        {
          Id: 'tmpl',
          Arn: sqs('tmpl'),
          InputTransformer: {
            InputPathsMap: { total: '$.detail.total', src: '$.source' },
            InputTemplate: '{"t": <total>, "s": "<src>", "r": "<aws.events.rule-name>"}',
          },
        },
      ],
    });
    eb.putTargets({ Rule: 'other', Targets: [{ Id: 'no', Arn: sqs('no') }] });

    const received: Record<string, unknown[]> = {};
    for (const name of ['path', 'const', 'tmpl']) {
      eb.onTarget(sqs(name), (payload) => {
        (received[name] ??= []).push(payload);
      });
    }
    let lambdaEvent: any;
    let lambdaContext: any;
    eb.onTarget(lambda('whole'), async (event, context) => {
      lambdaEvent = event;
      lambdaContext = context;
    });

    const out = await eb.putEvents({
      Entries: [entry({ total: 250 }, { Time: new Date('2024-01-02T03:04:05Z'), Resources: ['r1'] })],
    });
    const id = out.Entries[0].EventId;
    await eb.flush();

    expect(Object.keys(lambdaEvent)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(lambdaEvent).toEqual({
      version: '0',
      id,
      'detail-type': 'order',
      source: 'app',
      account: ACCOUNT,
      time: '2024-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: ['r1'],
      detail: { total: 250 },
    });
    expect(lambdaContext).toMatchObject({ functionName: 'whole', invokedFunctionArn: lambda('whole'), attempt: 1 });
    expect(typeof lambdaContext.awsRequestId).toBe('string');
    expect(lambdaContext.getRemainingTimeInMillis()).toBe(3000);
    expect(received).toEqual({
      path: ['{"total":250}'],
      const: ['{"fixed":true}'],
      tmpl: ['{"t":250,"s":"app","r":"big"}'], // JSON templates arrive compacted
    });
    const log = eb.deliveries();
    expect(log.map((d) => [d.targetId, d.status, d.attempts])).toEqual([
      ['whole', 'delivered', 1],
      ['path', 'delivered', 1],
      ['const', 'delivered', 1],
      ['tmpl', 'delivered', 1],
    ]);
    expect(log[2]).toEqual({
      id: expect.any(Number),
      eventId: id,
      ruleArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/big`,
      targetId: 'const',
      targetArn: sqs('const'),
      payload: '{"fixed":true}',
      status: 'delivered',
      attempts: 1,
      history: [{ attempt: 1, time: '2024-05-01T12:00:00.000Z', by: 'eventbridge', result: 'delivered' }],
    });
  });

  test('a target without a handler is recorded as unhandled, with the reason; Resources default to []', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: sqs('q') }] });
    await eb.putEvents({ Entries: [entry({ x: 1 })] });
    await eb.flush();
    const [d] = eb.deliveries();
    expect(d.status).toBe('unhandled');
    expect(d.error).toBe(`no handler or endpoint for ${sqs('q')} (register one with onTarget, or serve --target / --lambda-endpoint)`);
    expect(JSON.parse(d.payload).resources).toEqual([]);
    expect(JSON.parse(d.payload).time).toBe('2024-05-01T12:00:00Z');
  });

  test('disabled rules deliver nothing until enabled again', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}', State: 'DISABLED' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: sqs('q') }] });
    await eb.putEvents({ Entries: [entry({})] });
    await eb.flush();
    expect(eb.deliveries()).toHaveLength(0);
    eb.enableRule({ Name: 'r' });
    await eb.putEvents({ Entries: [entry({})] });
    eb.disableRule({ Name: 'r' });
    await eb.putEvents({ Entries: [entry({})] });
    await eb.flush();
    expect(eb.deliveries()).toHaveLength(1);
  });

  test('bus-to-bus: an event bus target re-puts the event on that bus, same id', async () => {
    const eb = await manual();
    eb.createEventBus({ Name: 'orders' });
    eb.putRule({ Name: 'fwd', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'fwd', Targets: [{ Id: 'bus', Arn: busArn('orders') }] });
    eb.putRule({ Name: 'onOrders', EventBusName: 'orders', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'onOrders', EventBusName: 'orders', Targets: [{ Id: 'fn', Arn: lambda('f') }] });
    const seen: any[] = [];
    eb.onTarget(lambda('f'), (e) => {
      seen.push(e);
    });
    const out = await eb.putEvents({ Entries: [entry({ n: 1 })] });
    await eb.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0].id).toBe(out.Entries[0].EventId);
    expect(eb.deliveries().map((d) => [d.ruleArn, d.targetArn, d.status])).toEqual([
      [`arn:aws:events:us-east-1:${ACCOUNT}:rule/fwd`, busArn('orders'), 'delivered'],
      [`arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/onOrders`, lambda('f'), 'delivered'],
    ]);
  });

  test('bus-to-bus cycles stop after the hop limit', async () => {
    const eb = await manual();
    eb.createEventBus({ Name: 'a' });
    eb.putRule({ Name: 'toA', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'toA', Targets: [{ Id: 'a', Arn: busArn('a') }] });
    eb.putRule({ Name: 'back', EventBusName: 'a', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'back', EventBusName: 'a', Targets: [{ Id: 'd', Arn: busArn('default') }] });
    await eb.putEvents({ Entries: [entry({})] });
    await eb.flush();
    // hops 0..5: default->a, a->default, ... six deliveries, then the guard stops the cycle.
    expect(eb.deliveries()).toHaveLength(6);
  });
});
