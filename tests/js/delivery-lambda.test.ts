// Deliveries as AWS makes them (issue 21), in-process on the manual clock: a Lambda target is
// invoked asynchronously, so a function error is Lambda's to retry (2 retries, 1 and 2 minutes
// apart, then the function's on-failure destination), never the target's RetryPolicy or DLQ;
// failures to invoke (TargetInvocationError) are EventBridge's; other targets keep EventBridge's
// retries. Pending retries belong to their target. Record states, the log ring and its paging,
// handler registration checks.
import { DeliveryEvent, EventBridge, TargetInvocationError } from '../../js/src/index.node';

const ACCOUNT = '123456789012';
const START = Date.parse('2024-05-01T00:00:00Z');
const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:audit`;
const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`;
const failures = `arn:aws:sqs:us-east-1:${ACCOUNT}:audit-failures`;
const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`;
const MINUTE = 60_000;

async function manual(options: Parameters<typeof EventBridge.create>[0] = {}) {
  return EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock: 'manual', startTime: new Date(START), ...options });
}

async function withTarget(target: { Arn: string } & Record<string, unknown>) {
  const eb = await manual();
  eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', ...target }] });
  return eb;
}

const put = (eb: EventBridge) => eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'job', Detail: '{"n":1}' }] });

describe('a Lambda target: function errors are Lambda\'s to retry', () => {
  test('a throwing handler is called exactly 3 times (0, 1 and 3 minutes) and never reaches the target\'s DLQ', async () => {
    const eb = await withTarget({ Arn: fn, RetryPolicy: { MaximumRetryAttempts: 5 }, DeadLetterConfig: { Arn: dlq } });
    const calls: { t: number; attempt: number; requestId?: string }[] = [];
    eb.onTarget(fn, (_e, ctx) => {
      calls.push({ t: eb.now() - START, attempt: ctx.attempt, requestId: ctx.awsRequestId });
      throw new TypeError('order.total is undefined');
    });
    const dead: unknown[] = [];
    eb.onTarget(dlq, (body) => void dead.push(body));
    await put(eb);
    await eb.flush();
    expect(eb.deliveries()[0]).toMatchObject({
      status: 'retrying',
      retriedBy: 'lambda',
      attempts: 1,
      error: 'order.total is undefined',
      nextAttemptAt: new Date(START + MINUTE).toISOString(),
    });
    await eb.advanceTime(24 * 60 * MINUTE);
    expect(calls.map((c) => [c.t, c.attempt])).toEqual([[0, 1], [MINUTE, 2], [3 * MINUTE, 3]]);
    // Lambda's retries of one event keep its request id.
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(1);
    expect(dead).toEqual([]);
    const log = eb.deliveries();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ targetArn: fn, status: 'failed', attempts: 3, error: 'order.total is undefined' });
    expect(log[0].nextAttemptAt).toBeUndefined();
    expect(log[0].history).toEqual([
      { attempt: 1, time: '2024-05-01T00:00:00.000Z', by: 'eventbridge', result: 'function-error', error: 'order.total is undefined', nextAttemptAt: '2024-05-01T00:01:00.000Z' },
      { attempt: 2, time: '2024-05-01T00:01:00.000Z', by: 'lambda', result: 'function-error', error: 'order.total is undefined', nextAttemptAt: '2024-05-01T00:03:00.000Z' },
      { attempt: 3, time: '2024-05-01T00:03:00.000Z', by: 'lambda', result: 'function-error', error: 'order.total is undefined' },
    ]);
  });

  test('a function that succeeds on Lambda\'s retry is delivered', async () => {
    const eb = await withTarget({ Arn: fn });
    eb.onTarget(fn, (_e, ctx) => {
      if (ctx.attempt === 1) throw new Error('cold');
    });
    await put(eb);
    await eb.advanceTime(MINUTE);
    expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2, error: 'cold' });
  });

  test('configureFunction: no retries, then the on-failure destination gets Lambda\'s invocation record', async () => {
    const eb = await withTarget({ Arn: fn, DeadLetterConfig: { Arn: dlq } });
    expect(eb.configureFunction('audit', { maximumRetryAttempts: 0, onFailure: failures })).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 21600,
      onFailure: failures,
    });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw Object.assign(new Error('boom'), { name: 'OrderError' });
    });
    const records: any[] = [];
    eb.onTarget(failures, (body) => void records.push(JSON.parse(body)));
    const out = await put(eb);
    await eb.advanceTime(10 * MINUTE);
    expect(calls).toBe(1);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toEqual({
      version: '1.0',
      timestamp: '2024-05-01T00:00:00.000Z',
      requestContext: { requestId: expect.any(String), functionArn: `${fn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      requestPayload: expect.objectContaining({ id: out.Entries[0].EventId, source: 'app', detail: { n: 1 } }),
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'boom', errorType: 'OrderError' },
    });
    const log = eb.deliveries();
    expect(log.map((d) => [d.targetArn, d.status, d.destination])).toEqual([
      [fn, 'failed', undefined],
      [failures, 'delivered', 'on-failure'],
    ]);
  });

  test('maximumEventAgeInSeconds: a retry that would come later is not made (EventAgeExceeded)', async () => {
    const eb = await withTarget({ Arn: fn });
    eb.configureFunction(fn, { maximumEventAgeInSeconds: 120, onFailure: failures });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new Error('x');
    });
    const conditions: string[] = [];
    eb.onTarget(failures, (body) => void conditions.push(JSON.parse(body).requestContext.condition));
    await put(eb);
    await eb.advanceTime(60 * MINUTE);
    expect(calls).toBe(2); // at 0 and 1 minute; the next would be at 3 minutes > 120 s
    expect(conditions).toEqual(['EventAgeExceeded']);
  });

  test('an on-failure destination that is an event bus of the emulator gets Lambda\'s failure event', async () => {
    const eb = await withTarget({ Arn: fn });
    eb.createEventBus({ Name: 'failures' });
    eb.putRule({ Name: 'f', EventBusName: 'failures', EventPattern: '{"source":["lambda"]}' });
    eb.putTargets({ Rule: 'f', EventBusName: 'failures', Targets: [{ Id: 'q', Arn: failures }] });
    eb.configureFunction(fn, { maximumRetryAttempts: 0, onFailure: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/failures` });
    eb.onTarget(fn, () => {
      throw new Error('x');
    });
    const got: any[] = [];
    eb.onTarget(failures, (body) => void got.push(JSON.parse(body)));
    await put(eb);
    await eb.flush();
    await eb.flush();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      source: 'lambda',
      'detail-type': 'Lambda Function Invocation Result - Failure',
      detail: { requestContext: { condition: 'RetriesExhausted', functionArn: `${fn}:$LATEST` } },
    });
  });

  test('configureFunction validates as Lambda does', async () => {
    const eb = await manual();
    expect(() => eb.configureFunction(fn, { maximumRetryAttempts: 3 })).toThrow(RangeError);
    expect(() => eb.configureFunction(fn, { maximumRetryAttempts: 3 })).toThrow('maximumRetryAttempts must be an integer from 0 to 2, not 3');
    expect(() => eb.configureFunction(fn, { maximumEventAgeInSeconds: 59 })).toThrow('from 60 to 21600');
    expect(() => eb.configureFunction(fn, { maximumRetryAttempt: 1 } as never)).toThrow('unknown option maximumRetryAttempt');
    expect(() => eb.configureFunction(fn, { onFailure: 'queue' })).toThrow('onFailure must be a destination ARN');
    expect(() => eb.configureFunction('bad.name', {})).toThrow('is not a function name');
    expect(() => eb.configureFunction(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:..`, {})).toThrow('is not a valid Lambda function ARN');
  });

  test('a qualified function ARN uses the function\'s handler and configuration', async () => {
    const eb = await withTarget({ Arn: `${fn}:prod` });
    eb.configureFunction(fn, { maximumRetryAttempts: 1 });
    const got: string[] = [];
    eb.onTarget(fn, (_e, ctx) => {
      got.push(ctx.invokedFunctionArn!);
      throw new Error('x');
    });
    await put(eb);
    await eb.advanceTime(60 * MINUTE);
    expect(got).toEqual([`${fn}:prod`, `${fn}:prod`]);
  });
});

describe('failures to invoke are EventBridge\'s, for every target type', () => {
  test('a missing function (NO_RESOURCE) goes to the target\'s DLQ at once, with the cause', async () => {
    const eb = await withTarget({ Arn: fn, RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: dlq } });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new TargetInvocationError('NO_RESOURCE', '404 Function not found: audit');
    });
    const dead: any[] = [];
    eb.onTarget(dlq, (body, ctx) => void dead.push({ body, attrs: ctx.messageAttributes }));
    await put(eb);
    await eb.advanceTime(60 * MINUTE);
    expect(calls).toBe(1);
    expect(dead).toEqual([
      {
        body: expect.any(String),
        attrs: { RULE_ARN, TARGET_ARN: fn, ERROR_CODE: 'NO_RESOURCE', ERROR_MESSAGE: '404 Function not found: audit', RETRY_ATTEMPTS: '0' },
      },
    ]);
    expect(eb.deliveries().map((d) => [d.targetArn, d.status, d.error])).toEqual([
      [fn, 'dead-lettered', '404 Function not found: audit'],
      [dlq, 'dead-lettered', undefined],
    ]);
  });

  test('an unreachable function service is retried per the RetryPolicy, then dead-lettered', async () => {
    const eb = await withTarget({ Arn: fn, RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq } });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new TargetInvocationError('CONNECTION_FAILURE', 'ECONNREFUSED 127.0.0.1:3002');
    });
    await put(eb);
    await eb.flush();
    expect(eb.deliveries()[0]).toMatchObject({ status: 'retrying', retriedBy: 'eventbridge', error: 'ECONNREFUSED 127.0.0.1:3002' });
    await eb.advanceTime(60 * MINUTE);
    expect(calls).toBe(3);
    const log = eb.deliveries();
    expect(log[0].status).toBe('dead-lettered');
    expect(log[1].attributes).toMatchObject({
      ERROR_CODE: 'CONNECTION_FAILURE',
      ERROR_MESSAGE: 'ECONNREFUSED 127.0.0.1:3002',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: '2',
    });
  });

  test('an SQS target\'s failing handler keeps EventBridge\'s retries and DLQ', async () => {
    const eb = await withTarget({ Arn: queue, RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: dlq } });
    const times: number[] = [];
    eb.onTarget(queue, () => {
      times.push(eb.now() - START);
      throw new Error('queue full');
    });
    await put(eb);
    await eb.advanceTime(60 * MINUTE);
    expect(times).toHaveLength(4);
    expect(times[3]).toBeLessThan(MINUTE); // EventBridge's backoff (seconds), not Lambda's minutes
    expect(eb.deliveries().map((d) => d.status)).toEqual(['dead-lettered', 'dead-lettered']);
    expect(eb.deliveries()[0].history.every((h) => h.by === 'eventbridge' && h.result === 'failed')).toBe(true);
  });
});

describe('pending retries belong to their target', () => {
  async function failingQueue() {
    const eb = await withTarget({ Arn: queue });
    let calls = 0;
    eb.onTarget(queue, () => {
      calls++;
      throw new Error('down');
    });
    await put(eb);
    await eb.flush();
    expect(eb.deliveries()[0].status).toBe('retrying');
    return { eb, calls: () => calls };
  }

  test('removing the target stops its retries (recorded cancelled, with the last error)', async () => {
    const { eb, calls } = await failingQueue();
    eb.removeTargets({ Rule: 'r', Ids: ['t'] });
    await eb.advanceTime(24 * 60 * MINUTE);
    expect(calls()).toBe(1);
    expect(eb.deliveries()[0]).toMatchObject({
      status: 'cancelled',
      attempts: 1,
      error: 'cancelled: target t was removed from rule r; last error: down',
    });
    expect(eb.deliveries()[0].nextAttemptAt).toBeUndefined();
  });

  test('deleting or disabling the rule, or pointing the target elsewhere, stops them too', async () => {
    for (const [change, reason] of [
      [(eb: EventBridge) => eb.disableRule({ Name: 'r' }), 'cancelled: rule r was disabled'],
      [(eb: EventBridge) => { eb.removeTargets({ Rule: 'r', Ids: ['t'] }); eb.deleteRule({ Name: 'r' }); }, 'cancelled: target t was removed from rule r'],
      [(eb: EventBridge) => eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: dlq }] }), `cancelled: target t of rule r now points at ${dlq}`],
    ] as const) {
      const { eb, calls } = await failingQueue();
      change(eb);
      await eb.advanceTime(60 * MINUTE);
      expect(calls()).toBe(1);
      expect(eb.deliveries()[0].error).toBe(`${reason}; last error: down`);
    }
  });

  test('on a custom bus named by ARN; the same rule name on another bus keeps its retries', async () => {
    const eb = await manual();
    eb.createEventBus({ Name: 'orders' });
    const busArn = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`;
    eb.putRule({ Name: 'r', EventBusName: 'orders', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'r', EventBusName: 'orders', Targets: [{ Id: 't', Arn: queue }] });
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: queue }] });
    eb.onTarget(queue, () => {
      throw new Error('down');
    });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'job', Detail: '{}', EventBusName: busArn }, { Source: 'app', DetailType: 'job', Detail: '{}' }] });
    await eb.flush();
    eb.removeTargets({ Rule: 'r', EventBusName: busArn, Ids: ['t'] });
    expect(eb.deliveries().map((d) => [d.ruleArn, d.status])).toEqual([
      [`arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/r`, 'cancelled'],
      [RULE_ARN, 'retrying'],
    ]);
  });

  test('Lambda\'s pending retries of a function error are dropped with the rule', async () => {
    const eb = await withTarget({ Arn: fn });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new Error('x');
    });
    await put(eb);
    await eb.flush();
    eb.removeTargets({ Rule: 'r', Ids: ['t'] });
    eb.deleteRule({ Name: 'r' });
    await eb.advanceTime(60 * MINUTE);
    expect(calls).toBe(1);
    expect(eb.deliveries()[0].status).toBe('cancelled');
  });

  test('an unchanged target keeps retrying; cancelPendingRetries() drops every pending retry', async () => {
    const { eb, calls } = await failingQueue();
    eb.putRule({ Name: 'other', EventPattern: '{"source":["x"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: queue }] });
    await eb.advanceTime(1000); // the first retry comes 0.5-1 s after the failure
    expect(calls()).toBe(2);
    expect(eb.cancelPendingRetries()).toBe(1);
    expect(eb.cancelPendingRetries()).toBe(0);
    await eb.advanceTime(60 * MINUTE);
    expect(calls()).toBe(2);
    expect(eb.deliveries()[0]).toMatchObject({ status: 'cancelled', error: 'cancelled by cancelPendingRetries(); last error: down' });
  });
});

describe('record states and the log', () => {
  test('pending until the first attempt ends; unhandled when nobody listens; delivered', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 'a', Arn: queue }, { Id: 'b', Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:typo` }] });
    eb.onTarget(queue, () => undefined);
    await put(eb);
    expect(eb.deliveries().map((d) => [d.targetId, d.status, d.attempts])).toEqual([['a', 'pending', 0], ['b', 'pending', 0]]);
    await eb.flush();
    expect(eb.deliveries().map((d) => [d.targetId, d.status, d.attempts])).toEqual([['a', 'delivered', 1], ['b', 'unhandled', 1]]);
    expect(eb.deliveries()[1].error).toMatch(/^no handler or endpoint for arn:aws:lambda:us-east-1:123456789012:function:typo/);
  });

  test('onDelivery() sees every attempt and cancellation', async () => {
    const eb = await withTarget({ Arn: queue, RetryPolicy: { MaximumRetryAttempts: 1 } });
    eb.onTarget(queue, () => {
      throw new Error('e');
    });
    const events: DeliveryEvent[] = [];
    const off = eb.onDelivery((e) => events.push(e));
    await put(eb);
    await eb.advanceTime(MINUTE);
    expect(events.map((e) => [e.type, e.record.status, e.attempt?.attempt])).toEqual([
      ['attempt', 'retrying', 1],
      ['attempt', 'failed', 2],
    ]);
    off();
    await put(eb);
    await eb.flush();
    expect(events).toHaveLength(2);
  });

  test('a bounded ring: the newest records within maxRecords and maxBytes, paged by id', async () => {
    const eb = await manual({ deliveryLog: { maxRecords: 5 } });
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: queue }] });
    eb.onTarget(queue, () => undefined);
    for (let i = 0; i < 8; i++) await put(eb);
    await eb.flush();
    const all = eb.deliveries();
    expect(all.map((d) => d.id)).toEqual([4, 5, 6, 7, 8]);
    expect(eb.deliveries({ after: 5, limit: 2 }).map((d) => d.id)).toEqual([6, 7]);
    expect(eb.deliveries({ after: 8 })).toEqual([]);
    eb.clearDeliveries();
    expect(eb.deliveries()).toEqual([]);
    await put(eb);
    await eb.flush();
    expect(eb.deliveries().map((d) => d.id)).toEqual([9]);

    const small = await manual({ deliveryLog: { maxBytes: 4000 } });
    small.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    small.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: queue }] });
    for (let i = 0; i < 20; i++) await small.putEvents({ Entries: [{ Source: 'app', DetailType: 'x', Detail: JSON.stringify({ pad: 'x'.repeat(1000) }) }] });
    await small.flush();
    const kept = small.deliveries();
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(kept[kept.length - 1].id).toBe(20);
    await expect(manual({ deliveryLog: { maxRecords: 0 } })).rejects.toThrow('deliveryLog.maxRecords must be a positive integer');
  });
});

describe('handler registration is validated', () => {
  test('a handler that is not a function is a TypeError', async () => {
    const eb = await manual();
    expect(() => eb.onTarget(queue, 'not a function' as never)).toThrow(TypeError);
    expect(() => eb.onTarget(queue, 'not a function' as never)).toThrow(
      'onTarget(target, handler): handler must be a function, not the string "not a function"',
    );
    expect(() => eb.onTarget(42 as never, () => undefined)).toThrow('target must be an ARN or a predicate function, not number');
    expect(() => eb.onTarget('orders', () => undefined)).toThrow('target must be an ARN (arn:...)');
  });

  test('a Lambda ARN AWS would refuse is refused', async () => {
    const eb = await manual();
    for (const [arn, why] of [
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:..`, 'function name ".." must be 1-64 characters'],
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:a/b`, 'function name "a/b"'],
      [`arn:aws:lambda:us-east-1:12345:function:f`, 'account "12345" is not 12 digits'],
      [`arn:aws:lambda:mars:${ACCOUNT}:function:f`, 'region "mars" is not valid'],
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:f`, 'the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]'],
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:${'f'.repeat(65)}`, `function name "${'f'.repeat(65)}" must be 1-64 characters`],
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:f:a.b`, 'qualifier "a.b"'],
    ]) {
      expect(() => eb.onTarget(arn, () => undefined)).toThrow(`onTarget: ${arn} is not a valid Lambda function ARN: ${why}`);
    }
    for (const ok of [fn, `${fn}:$LATEST`, `${fn}:7`, `arn:aws-us-gov:lambda:us-gov-west-1:${ACCOUNT}:function:f`]) {
      expect(() => eb.onTarget(ok, () => undefined)).not.toThrow();
    }
  });
});
