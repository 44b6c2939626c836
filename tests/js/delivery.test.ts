// The delivery runtime for non-Lambda targets (an SQS queue here): EventBridge's retries with
// backoff on the manual clock, dead-letter queues with AWS's attributes, MaximumEventAgeInSeconds
// expiry, flush() and the real clock. Lambda targets: delivery-lambda.test.ts.
import { EventBridge } from '../../js/src/index.node';

const ACCOUNT = '123456789012';
const fn = `arn:aws:sqs:us-east-1:${ACCOUNT}:worker`;
const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`;
const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`;

async function setup(target: Record<string, unknown> = {}, clock: 'manual' | 'real' = 'manual') {
  const eb = await EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock, startTime: new Date('2024-05-01T00:00:00Z') });
  eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: fn, ...target }] });
  return eb;
}

const lastOf = <T>(a: T[]): T => a[a.length - 1];

const put = (eb: EventBridge) =>
  eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'job', Detail: '{"n":1}' }] });

describe('retries on the manual clock', () => {
  test('a failing handler is retried with growing delays, then succeeds', async () => {
    const eb = await setup();
    const times: number[] = [];
    eb.onTarget(fn, (_e, ctx) => {
      times.push(eb.now());
      if (ctx.attempt < 4) throw new Error('not yet');
    });
    await put(eb);
    await eb.flush();
    expect(times).toHaveLength(1);
    const first = eb.deliveries()[0];
    expect(first).toMatchObject({ status: 'retrying', attempts: 1, error: 'not yet', retriedBy: 'eventbridge' });
    expect(Date.parse(first.nextAttemptAt!) - times[0]).toBeGreaterThanOrEqual(500);
    expect(first.history).toEqual([
      { attempt: 1, time: new Date(times[0]).toISOString(), by: 'eventbridge', result: 'failed', error: 'not yet', nextAttemptAt: first.nextAttemptAt },
    ]);
    await eb.advanceTime(60_000);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Equal jitter around 1 s, 2 s, 4 s: each gap within [base/2, base].
    gaps.forEach((g, i) => {
      const base = 1000 * 2 ** i;
      expect(g).toBeGreaterThanOrEqual(base / 2);
      expect(g).toBeLessThanOrEqual(base);
    });
    expect(eb.deliveries()).toEqual([
      expect.objectContaining({ targetArn: fn, status: 'delivered', attempts: 4 }),
    ]);
    expect(eb.now()).toBe(Date.parse('2024-05-01T00:00:00Z') + 60_000);
  });

  test('the manual schedule is deterministic', async () => {
    const run = async () => {
      const eb = await setup({ RetryPolicy: { MaximumRetryAttempts: 5 } });
      const times: number[] = [];
      eb.onTarget(fn, () => {
        times.push(eb.now());
        throw new Error('x');
      });
      await put(eb);
      await eb.advanceTime(3_600_000);
      return times;
    };
    const a = await run();
    expect(a).toHaveLength(6);
    expect(await run()).toEqual(a);
  });

  test('retries exhausted by MaximumRetryAttempts go to the DLQ with its attributes', async () => {
    const eb = await setup({ RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq } });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw Object.assign(new Error('boom'), { code: 'TIMEOUT' });
    });
    const dead: any[] = [];
    eb.onTarget(dlq, (body, ctx) => {
      dead.push({ body, attrs: ctx.messageAttributes });
    });
    const out = await put(eb);
    await eb.advanceTime(10 * 60_000);
    expect(calls).toBe(3);
    const attributes = {
      RULE_ARN: RULE_ARN,
      TARGET_ARN: fn,
      ERROR_CODE: 'TIMEOUT',
      ERROR_MESSAGE: 'boom',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: '2',
    };
    const log = eb.deliveries();
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual({
      id: expect.any(Number),
      eventId: out.Entries[0].EventId,
      ruleArn: RULE_ARN,
      targetId: 't',
      targetArn: fn,
      payload: expect.any(String),
      status: 'dead-lettered',
      attempts: 3,
      error: 'boom',
      history: [1, 2, 3].map((attempt) => expect.objectContaining({ attempt, by: 'eventbridge', result: 'failed', error: 'boom' })),
    });
    expect(log[0].history[2].nextAttemptAt).toBeUndefined();
    expect(log[1]).toEqual({
      id: log[0].id + 1,
      eventId: out.Entries[0].EventId,
      ruleArn: RULE_ARN,
      targetId: 't',
      targetArn: dlq,
      payload: log[0].payload,
      status: 'dead-lettered',
      attempts: 1,
      history: [expect.objectContaining({ attempt: 1, result: 'delivered' })],
      destination: 'dead-letter-queue',
      attributes,
    });
    expect(dead).toEqual([{ body: log[0].payload, attrs: attributes }]);
  });

  test('without a DeadLetterConfig an exhausted event is dropped', async () => {
    const eb = await setup({ RetryPolicy: { MaximumRetryAttempts: 0 } });
    eb.onTarget(fn, () => Promise.reject(new Error('no')));
    await put(eb);
    await eb.flush();
    expect(eb.deliveries()).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, error: 'no' })]);
  });

  test('MaximumEventAgeInSeconds expires the event before MaximumRetryAttempts', async () => {
    const eb = await setup({
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 60 },
      DeadLetterConfig: { Arn: dlq },
    });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new Error('down');
    });
    await put(eb);
    await eb.advanceTime(24 * 3600_000);
    // 1 s, 2 s, 4 s, 8 s, 16 s backoff (with jitter) fits in 60 s only a few times.
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(7);
    const last = lastOf(eb.deliveries());
    expect(last.status).toBe('dead-lettered');
    expect(last.attributes).toMatchObject({
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
      ERROR_CODE: 'INVOCATION_FAILED',
      ERROR_MESSAGE: 'down',
      RETRY_ATTEMPTS: String(calls - 1),
    });
  });

  test('the default policy retries 185 times over a day of emulator time', async () => {
    const eb = await setup({ DeadLetterConfig: { Arn: dlq } });
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      throw new Error('down');
    });
    await put(eb);
    await eb.advanceTime(25 * 3600_000);
    expect(calls).toBe(186);
    expect(lastOf(eb.deliveries()).attributes!.EXHAUSTED_RETRY_CONDITION).toBe('MaximumRetryAttempts');
  });

  test('flush() waits for attempts in flight but not for future retries', async () => {
    const eb = await setup();
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      if (calls === 1) throw new Error('once');
    });
    await put(eb);
    await eb.flush();
    expect(calls).toBe(1);
    await eb.advanceTime(1000);
    await eb.flush();
    expect(calls).toBe(2);
    expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  test('advanceTime needs the manual clock', async () => {
    const eb = await setup({}, 'real');
    await expect(eb.advanceTime(1)).rejects.toThrow(/manual/);
  });
});

describe('real clock', () => {
  test('deliveries run asynchronously and retries use timers', async () => {
    const eb = await setup({}, 'real');
    let calls = 0;
    eb.onTarget(fn, () => {
      calls++;
      if (calls === 1) throw new Error('once');
    });
    await put(eb);
    expect(calls).toBe(0); // putEvents answers before targets run
    await eb.flush();
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    await eb.flush();
    expect(calls).toBe(2);
    expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});
