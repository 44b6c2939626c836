// Scheduled rules: firing on the manual clock (every occurrence, in order), the exact Scheduled
// Event, targets' input settings, rules with both a pattern and a schedule, disabling, deleting and
// changing rules, triggerSchedule(), nextFireTimes(), and the real clock's one unref'd timer.
import { EventBridge } from '../../js/src/index.node';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const START = Date.parse('2024-05-01T00:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`;
const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:worker`;
// A queue target: a throwing handler is a failed delivery that EventBridge retries (a Lambda
// function's errors are Lambda's to retry, see delivery-lambda.test.ts).
const workQueue = `arn:aws:sqs:${REGION}:${ACCOUNT}:work`;
const ruleArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const manual = (startMs = START) =>
  EventBridge.create({ accountId: ACCOUNT, region: REGION, clock: 'manual', startTime: new Date(startMs) });

/** A scheduled rule with one queue target; returns the emulator times at which the target ran. */
async function scheduled(expression: string, startMs = START, extra: Record<string, unknown> = {}) {
  const eb = await manual(startMs);
  eb.putRule({ Name: 'tick', ScheduleExpression: expression, ...extra });
  eb.putTargets({ Rule: 'tick', Targets: [{ Id: 'q', Arn: queue }] });
  const times: number[] = [];
  const events: any[] = [];
  eb.onTarget(queue, (body: string) => {
    times.push(eb.now());
    events.push(JSON.parse(body));
  });
  return { eb, times, events };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('firing on the manual clock', () => {
  test('rate(1 minute): a day fires exactly 1440 times, one minute apart from the creation time', async () => {
    const created = Date.parse('2024-05-01T10:17:23.456Z'); // rate() counts from creation, to the ms
    const { eb, times, events } = await scheduled('rate(1 minute)', created);
    const t0 = Date.now();
    await eb.advanceTime(DAY);
    const took = Date.now() - t0;
    expect(times).toHaveLength(1440);
    times.forEach((t, i) => expect(t).toBe(created + (i + 1) * MINUTE));
    expect(times[1439]).toBe(created + DAY);
    expect(events.map((e) => e.time)).toEqual(times.map(iso));
    expect(new Set(events.map((e) => e.id)).size).toBe(1440);
    expect(eb.deliveries()).toHaveLength(1440);
    expect(eb.deliveries().every((d) => d.status === 'delivered' && d.ruleArn === ruleArn('tick'))).toBe(true);
    expect(eb.now()).toBe(created + DAY);
    expect(took).toBeLessThan(15_000); // a simulated day, not a real one (typically well under 1 s)
  });

  test('the anchor is the rule\'s creation time, not the emulator\'s start', async () => {
    const eb = await manual();
    await eb.advanceTime(30_000);
    eb.putRule({ Name: 'late', ScheduleExpression: 'rate(2 minutes)' });
    eb.putTargets({ Rule: 'late', Targets: [{ Id: 'q', Arn: queue }] });
    const times: number[] = [];
    eb.onTarget(queue, () => void times.push(eb.now()));
    await eb.advanceTime(10 * MINUTE);
    expect(times).toEqual([1, 2, 3, 4, 5].map((k) => START + 30_000 + k * 2 * MINUTE));
  });

  test('cron(0 12 * * ? *) over three days fires three times, at 12:00Z', async () => {
    const { eb, times, events } = await scheduled('cron(0 12 * * ? *)');
    await eb.advanceTime(3 * DAY);
    expect(times.map((t) => new Date(t).toISOString())).toEqual([
      '2024-05-01T12:00:00.000Z',
      '2024-05-02T12:00:00.000Z',
      '2024-05-03T12:00:00.000Z',
    ]);
    expect(events.map((e) => e.time)).toEqual(['2024-05-01T12:00:00Z', '2024-05-02T12:00:00Z', '2024-05-03T12:00:00Z']);
  });

  test('advancing in small steps fires the same occurrences as one big step', async () => {
    const a = await scheduled('rate(7 minutes)');
    await a.eb.advanceTime(3 * HOUR);
    const b = await scheduled('rate(7 minutes)');
    for (let i = 0; i < 180; i++) await b.eb.advanceTime(MINUTE);
    expect(b.times).toEqual(a.times);
    expect(a.times).toHaveLength(Math.floor((3 * HOUR) / (7 * MINUTE)));
  });

  test('the exact Scheduled Event AWS sends: key order, every field, a fresh id per firing', async () => {
    const { eb } = await scheduled('rate(1 minute)');
    await eb.advanceTime(2 * MINUTE);
    const [first, second] = eb.deliveries();
    expect(first.eventId).toMatch(UUID_V4);
    expect(second.eventId).toMatch(UUID_V4);
    expect(second.eventId).not.toBe(first.eventId);
    expect(first.payload).toBe(
      `{"version":"0","id":"${first.eventId}","detail-type":"Scheduled Event","source":"aws.events",` +
        `"account":"${ACCOUNT}","time":"2024-05-01T00:01:00Z","region":"${REGION}",` +
        `"resources":["${ruleArn('tick')}"],"detail":{}}`,
    );
    const event = JSON.parse(second.payload);
    expect(Object.keys(event)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(event).toEqual({
      version: '0',
      id: second.eventId,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2024-05-01T00:02:00Z',
      region: REGION,
      resources: [ruleArn('tick')],
      detail: {},
    });
    expect(first).toMatchObject({ ruleArn: ruleArn('tick'), targetId: 'q', targetArn: queue, status: 'delivered', attempts: 1 });
  });

  test('targets\' Input and InputTransformer apply to the Scheduled Event', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'nightly', ScheduleExpression: 'cron(30 2 * * ? *)' });
    eb.putTargets({
      Rule: 'nightly',
      Targets: [
        {
          Id: 'report',
          Arn: fn,
          InputTransformer: {
            InputPathsMap: { at: '$.time', rule: '$.resources[0]', kind: '$.detail-type' },
            InputTemplate: '{"at": <at>, "rule": <rule>, "kind": <kind>, "name": "<aws.events.rule-name>"}',
          },
        },
        { Id: 'constant', Arn: queue, Input: '{"report":"daily"}' },
      ],
    });
    const lambdaGot: unknown[] = [];
    eb.onTarget(fn, (event, ctx) => {
      lambdaGot.push(event);
      expect(ctx.event).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    });
    await eb.advanceTime(DAY);
    expect(lambdaGot).toEqual([
      { at: '2024-05-01T02:30:00Z', rule: ruleArn('nightly'), kind: 'Scheduled Event', name: 'nightly' },
    ]);
    const byTarget = Object.fromEntries(eb.deliveries().map((d) => [d.targetId, d.payload]));
    expect(byTarget.constant).toBe('{"report":"daily"}');
    expect(JSON.parse(byTarget.report)).toEqual(lambdaGot[0]);
  });

  test('a rule with both an EventPattern and a schedule fires on schedule and matches PutEvents', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'both', EventPattern: '{"source":["app"]}', ScheduleExpression: 'rate(1 hour)' });
    eb.putTargets({ Rule: 'both', Targets: [{ Id: 'q', Arn: queue }] });
    eb.putRule({ Name: 'only-schedule', ScheduleExpression: 'rate(1 hour)' });
    eb.putTargets({ Rule: 'only-schedule', Targets: [{ Id: 'q2', Arn: `${queue}-2` }] });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'job', Detail: '{}' }] });
    await eb.putEvents({ Entries: [{ Source: 'other', DetailType: 'job', Detail: '{}' }] });
    await eb.flush();
    // PutEvents reaches the pattern only; the schedule-only rule does not match PutEvents traffic.
    expect(eb.deliveries().map((d) => [d.targetId, JSON.parse(d.payload).source])).toEqual([['q', 'app']]);
    await eb.advanceTime(HOUR);
    const scheduledOnes = eb.deliveries().slice(1);
    expect(scheduledOnes.map((d) => d.targetId).sort()).toEqual(['q', 'q2']);
    for (const d of scheduledOnes) expect(JSON.parse(d.payload)).toMatchObject({ source: 'aws.events', time: '2024-05-01T01:00:00Z' });
  });

  test('firings interleave with delivery retries in time order', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' });
    eb.putTargets({ Rule: 'tick', Targets: [{ Id: 'f', Arn: workQueue, RetryPolicy: { MaximumRetryAttempts: 3 } }] });
    const calls: { t: number; time: string; attempt: number }[] = [];
    eb.onTarget(workQueue, (body, ctx) => {
      const event = JSON.parse(body);
      calls.push({ t: eb.now(), time: event.time, attempt: ctx.attempt });
      if (ctx.attempt === 1) throw new Error('cold start');
    });
    await eb.advanceTime(3 * MINUTE);
    expect(calls.map((c) => [c.time, c.attempt])).toEqual([
      ['2024-05-01T00:01:00Z', 1],
      ['2024-05-01T00:01:00Z', 2],
      ['2024-05-01T00:02:00Z', 1],
      ['2024-05-01T00:02:00Z', 2],
      ['2024-05-01T00:03:00Z', 1],
    ]);
    const ts = calls.map((c) => c.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    await eb.advanceTime(MINUTE);
    expect(eb.deliveries().slice(0, 3).map((d) => [d.status, d.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 2],
    ]);
  });
});

describe('rules that change', () => {
  test('a DISABLED rule does not fire; EnableRule resumes at the next occurrence after now, with no backlog', async () => {
    const { eb, times } = await scheduled('rate(1 minute)');
    await eb.advanceTime(2 * MINUTE + 10_000);
    expect(times).toHaveLength(2);
    eb.disableRule({ Name: 'tick' });
    await eb.advanceTime(HOUR);
    expect(times).toHaveLength(2);
    expect(eb.nextFireTimes('tick', 3)).toEqual([]);
    eb.enableRule({ Name: 'tick' });
    await eb.advanceTime(3 * MINUTE);
    // Still anchored at the creation time: the occurrences after the re-enable instant.
    expect(times.slice(2)).toEqual([63, 64, 65].map((k) => START + k * MINUTE));
  });

  test('a rule created DISABLED (PutRule State) never fires until enabled', async () => {
    const { eb, times } = await scheduled('rate(1 minute)', START, { State: 'DISABLED' });
    await eb.advanceTime(HOUR);
    expect(times).toEqual([]);
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    await eb.advanceTime(MINUTE);
    expect(times).toEqual([START + 61 * MINUTE]);
  });

  test('DeleteRule stops the schedule; a new rule of the same name counts from its own creation', async () => {
    const { eb, times } = await scheduled('rate(1 minute)');
    await eb.advanceTime(MINUTE);
    expect(times).toHaveLength(1);
    eb.removeTargets({ Rule: 'tick', Ids: ['q'] });
    eb.deleteRule({ Name: 'tick' });
    await eb.advanceTime(10 * MINUTE + 20_000);
    expect(times).toHaveLength(1);
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(5 minutes)' });
    eb.putTargets({ Rule: 'tick', Targets: [{ Id: 'q', Arn: queue }] });
    await eb.advanceTime(10 * MINUTE);
    expect(times.slice(1)).toEqual([START + 16 * MINUTE + 20_000, START + 21 * MINUTE + 20_000]);
  });

  test('a new ScheduleExpression replaces the pending firing (rate still counts from creation)', async () => {
    const { eb, times } = await scheduled('rate(1 minute)');
    await eb.advanceTime(MINUTE + 30_000);
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(5 minutes)' });
    await eb.advanceTime(10 * MINUTE);
    expect(times).toEqual([START + MINUTE, START + 5 * MINUTE, START + 10 * MINUTE]);
    // Removing the schedule (a pattern-only rule now) stops it.
    eb.putRule({ Name: 'tick', EventPattern: '{"source":["app"]}' });
    await eb.advanceTime(HOUR);
    expect(times).toHaveLength(3);
  });

  test('rules created through dispatch() (the HTTP endpoint\'s path) and importState() are scheduled too', async () => {
    const a = await manual();
    const r = a.dispatch('PutRule', JSON.stringify({ Name: 'wire', ScheduleExpression: 'rate(10 minutes)' }));
    expect(r.status).toBe(200);
    a.dispatch('PutTargets', JSON.stringify({ Rule: 'wire', Targets: [{ Id: 'q', Arn: queue }] }));
    await a.advanceTime(HOUR);
    expect(a.deliveries()).toHaveLength(6);

    const b = await manual(START + HOUR);
    b.importState(a.exportState());
    await b.advanceTime(HOUR);
    const times = b.deliveries().map((d) => JSON.parse(d.payload).time);
    expect(times).toEqual([70, 80, 90, 100, 110, 120].map((m) => iso(START + m * MINUTE)));
  });
});

describe('triggerSchedule()', () => {
  test('fires the rule now, without moving the clock or its regular firings', async () => {
    const { eb, events } = await scheduled('rate(1 hour)');
    await eb.advanceTime(10 * MINUTE + 5_500);
    const out = await eb.triggerSchedule('tick');
    expect(out.EventId).toMatch(UUID_V4);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(eb.now()).toBe(START + 10 * MINUTE + 5_500);
    await eb.flush();
    expect(events).toEqual([
      {
        version: '0',
        id: out.EventId,
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: ACCOUNT,
        time: '2024-05-01T00:10:05Z',
        region: REGION,
        resources: [ruleArn('tick')],
        detail: {},
      },
    ]);
    expect(eb.deliveries()).toEqual([
      expect.objectContaining({ eventId: out.EventId, ruleArn: ruleArn('tick'), targetId: 'q', targetArn: queue, payload: expect.any(String), status: 'delivered', attempts: 1 }),
    ]);
    await eb.advanceTime(50 * MINUTE);
    expect(events.map((e) => e.time)).toEqual(['2024-05-01T00:10:05Z', '2024-05-01T01:00:00Z']);
    // EventBusName may name the default bus explicitly.
    await eb.triggerSchedule('tick', { EventBusName: 'default' });
    await eb.flush();
    expect(events).toHaveLength(3);
  });

  test('works on the real clock too, and goes through retries like any delivery', async () => {
    const eb = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(1 day)' });
    eb.putTargets({ Rule: 'tick', Targets: [{ Id: 'f', Arn: workQueue, RetryPolicy: { MaximumRetryAttempts: 0 }, DeadLetterConfig: { Arn: queue } }] });
    eb.onTarget(workQueue, () => {
      throw new Error('down');
    });
    const before = Date.now();
    const { EventId } = await eb.triggerSchedule('tick');
    await eb.flush();
    const log = eb.deliveries();
    expect(log.map((d) => [d.targetArn, d.status])).toEqual([
      [workQueue, 'dead-lettered'],
      [queue, 'dead-lettered'],
    ]);
    expect(log[1].attributes).toMatchObject({ RULE_ARN: ruleArn('tick'), EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' });
    const event = JSON.parse(log[0].payload);
    expect(event.id).toBe(EventId);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    eb.dispose();
  });

  test('AWS-shaped errors: a missing rule, a rule without a schedule, a DISABLED rule', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'pattern-only', EventPattern: '{"source":["app"]}' });
    eb.putRule({ Name: 'off', ScheduleExpression: 'rate(1 minute)', State: 'DISABLED' });
    await expect(eb.triggerSchedule('missing')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule missing does not exist on EventBus default.',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(eb.triggerSchedule('tick', { EventBusName: 'nope' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(eb.triggerSchedule('pattern-only')).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Rule pattern-only does not have a schedule expression.',
    });
    await expect(eb.triggerSchedule('off')).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Rule off is DISABLED; a disabled rule never fires.',
    });
    await eb.flush();
    expect(eb.deliveries()).toEqual([]);
  });
});

describe('nextFireTimes()', () => {
  test('lists the next n occurrences strictly after now, as Dates', async () => {
    const eb = await manual(Date.parse('2024-05-01T12:00:00.000Z'));
    eb.putRule({ Name: 'noon', ScheduleExpression: 'cron(0 12 * * ? *)' });
    eb.putRule({ Name: 'every5', ScheduleExpression: 'rate(5 minutes)' });
    const noon = eb.nextFireTimes('noon', 3);
    expect(noon.every((d) => d instanceof Date)).toBe(true);
    expect(noon.map((d) => d.toISOString())).toEqual([
      '2024-05-02T12:00:00.000Z',
      '2024-05-03T12:00:00.000Z',
      '2024-05-04T12:00:00.000Z',
    ]);
    expect(eb.nextFireTimes('every5', 2, { EventBusName: 'default' }).map((d) => d.toISOString())).toEqual([
      '2024-05-01T12:05:00.000Z',
      '2024-05-01T12:10:00.000Z',
    ]);
    expect(eb.nextFireTimes('every5', 0)).toEqual([]);
    await eb.advanceTime(7 * MINUTE);
    expect(eb.nextFireTimes('every5', 1).map((d) => d.toISOString())).toEqual(['2024-05-01T12:10:00.000Z']);
  });

  test('a cron with an ended year range has no more fire times and never fires', async () => {
    const { eb, times } = await scheduled('cron(0 12 * * ? 2024)', Date.parse('2024-12-30T00:00:00Z'));
    expect(eb.nextFireTimes('tick', 5).map((d) => d.toISOString())).toEqual([
      '2024-12-30T12:00:00.000Z',
      '2024-12-31T12:00:00.000Z',
    ]);
    await eb.advanceTime(10 * DAY);
    expect(times).toHaveLength(2);
    expect(eb.nextFireTimes('tick', 5)).toEqual([]);
  });

  test('errors: a missing rule and a rule without a schedule', async () => {
    const eb = await manual();
    eb.putRule({ Name: 'pattern-only', EventPattern: '{"source":["app"]}' });
    expect(() => eb.nextFireTimes('missing', 1)).toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
    expect(() => eb.nextFireTimes('pattern-only', 1)).toThrow(
      expect.objectContaining({ name: 'ValidationException', message: 'Rule pattern-only does not have a schedule expression.' }),
    );
  });
});

describe('the real clock', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  test('a scheduled rule fires from one timer when its time comes (jest fake timers)', async () => {
    jest.useFakeTimers({ now: new Date('2024-05-01T00:00:30.000Z') });
    const eb = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
    eb.putRule({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' });
    eb.putTargets({ Rule: 'tick', Targets: [{ Id: 'q', Arn: queue }] });
    const seen: string[] = [];
    eb.onTarget(queue, (body: string) => void seen.push(JSON.parse(body).time));
    expect(jest.getTimerCount()).toBe(1); // the one schedule timer
    // Deliveries start on a macrotask (faked too): one more millisecond lets them run.
    const advance = async (ms: number) => {
      await jest.advanceTimersByTimeAsync(ms);
      await jest.advanceTimersByTimeAsync(1);
    };
    await advance(MINUTE - 2);
    expect(seen).toEqual([]);
    await advance(1);
    expect(seen).toEqual(['2024-05-01T00:01:30Z']);
    await advance(2 * MINUTE);
    expect(seen).toEqual(['2024-05-01T00:01:30Z', '2024-05-01T00:02:30Z', '2024-05-01T00:03:30Z']);
    expect(eb.deliveries()).toHaveLength(3);
    expect(jest.getTimerCount()).toBe(1);
    eb.dispose();
    expect(jest.getTimerCount()).toBe(0); // dispose() cleared it
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(seen).toHaveLength(3);
  });

  test('the timer is unref\'d, capped below 2^31 ms, re-armed on change and cleared by dispose()', async () => {
    const setSpy = jest.spyOn(global, 'setTimeout');
    const clearSpy = jest.spyOn(global, 'clearTimeout');
    const eb = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
    setSpy.mockClear();
    eb.putRule({ Name: 'far', ScheduleExpression: 'cron(0 0 1 1 ? 2150)' });
    expect(setSpy).toHaveBeenCalledTimes(1);
    expect(setSpy.mock.calls[0][1]).toBe(2 ** 31 - 1); // the year 2150 is further away than that
    const far = setSpy.mock.results[0].value as NodeJS.Timeout;
    expect(far.hasRef()).toBe(false); // never keeps Node alive

    // An earlier rule replaces the timer; a rule that is not earlier leaves it alone.
    eb.putRule({ Name: 'soon', ScheduleExpression: 'rate(1 hour)' });
    expect(clearSpy).toHaveBeenCalledWith(far);
    expect(setSpy).toHaveBeenCalledTimes(2);
    const delay = setSpy.mock.calls[1][1] as number;
    expect(delay).toBeGreaterThan(HOUR - 5_000);
    expect(delay).toBeLessThanOrEqual(HOUR);
    const soon = setSpy.mock.results[1].value as NodeJS.Timeout;
    expect(soon.hasRef()).toBe(false);
    eb.putRule({ Name: 'later', ScheduleExpression: 'rate(2 hours)' });
    eb.describeRule({ Name: 'later' });
    expect(setSpy).toHaveBeenCalledTimes(2);

    eb.dispose();
    expect(clearSpy).toHaveBeenCalledWith(soon);
    eb.dispose(); // a second dispose() does nothing
  });
});
