// Archives and replays end to end through the public API: events archived, a rule added later, a
// replay on the manual clock delivering exactly the archived events, in order, with replay-name,
// to that rule only; a cancelled replay stopping; the real clock's flush() waiting for a replay.
import { EventBridge } from '../../js/src/index.node';

const ACCOUNT = '123456789012';
const BUS_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const START = Date.parse('2024-06-01T00:00:00Z');
const queue = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

async function manual() {
  return EventBridge.create({ accountId: ACCOUNT, clock: 'manual', startTime: new Date(START) });
}

async function putOrders(eb: EventBridge, from: number, count: number) {
  for (let i = from; i < from + count; i += 10) {
    const n = Math.min(10, from + count - i);
    const Entries = Array.from({ length: n }, (_, k) => ({ Source: 'shop', DetailType: 'Order', Detail: JSON.stringify({ n: i + k }) }));
    const out = await eb.putEvents({ Entries });
    expect(out.FailedEntryCount).toBe(0);
  }
}

test('a rule added after the events gets exactly the archived events, in order, with replay-name', async () => {
  const eb = await manual();
  eb.createArchive({ ArchiveName: 'orders', EventSourceArn: BUS_ARN, EventPattern: JSON.stringify({ source: ['shop'] }) });
  await putOrders(eb, 0, 12);
  await eb.putEvents({ Entries: [{ Source: 'other', DetailType: 'x', Detail: '{}' }] }); // not archived
  await eb.advanceTime(60_000);
  expect(eb.describeArchive({ ArchiveName: 'orders' })).toMatchObject({ EventCount: 12, State: 'ENABLED' });

  eb.putRule({ Name: 'late', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({ Rule: 'late', Targets: [{ Id: 'q', Arn: queue('late') }] });
  eb.putRule({ Name: 'excluded', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({ Rule: 'excluded', Targets: [{ Id: 'q', Arn: queue('excluded') }] });
  const received: any[] = [];
  eb.onTarget(queue('late'), (payload) => {
    received.push(JSON.parse(payload));
  });

  const started = eb.startReplay({
    ReplayName: 'again',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/orders`,
    EventStartTime: new Date(START),
    EventEndTime: new Date(START + 1000),
    Destination: { Arn: BUS_ARN, FilterArns: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/late`] },
  });
  expect(started).toMatchObject({ State: 'STARTING', ReplayStartTime: new Date(START + 60_000) });
  await eb.flush();
  expect(received).toHaveLength(0); // nothing moves until the clock does
  await eb.advanceTime(1000);
  expect(eb.describeReplay({ ReplayName: 'again' }).State).toBe('RUNNING');
  expect(received.map((e) => e.detail.n)).toEqual([...Array(12).keys()]);
  for (const e of received) expect(e['replay-name']).toBe('again');
  await eb.advanceTime(1000);
  const done = eb.describeReplay({ ReplayName: 'again' });
  expect(done).toMatchObject({
    State: 'COMPLETED',
    ReplayEndTime: new Date(START + 62_000),
    EventLastReplayedTime: new Date(START),
    Destination: { Arn: BUS_ARN, FilterArns: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/late`] },
  });
  expect(received).toHaveLength(12);
  // Only the filtered rule got them; replayed events are not archived again.
  expect(eb.deliveries().filter((d) => d.targetArn === queue('excluded'))).toHaveLength(0);
  expect(eb.describeArchive({ ArchiveName: 'orders' }).EventCount).toBe(12);
  eb.dispose();
});

test('a cancelled replay stops at its next step', async () => {
  const eb = await manual();
  eb.createArchive({ ArchiveName: 'a', EventSourceArn: BUS_ARN });
  await putOrders(eb, 0, 250);
  eb.putRule({ Name: 'r', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 'q', Arn: queue('q') }] });
  let count = 0;
  eb.onTarget(queue('q'), () => {
    count++;
  });
  eb.startReplay({
    ReplayName: 'c',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/a`,
    EventStartTime: new Date(START - 1000),
    EventEndTime: new Date(START + 1000),
    Destination: { Arn: BUS_ARN },
  });
  await eb.advanceTime(1000);
  expect(count).toBe(100); // one batch per step
  expect(eb.cancelReplay({ ReplayName: 'c' })).toMatchObject({ State: 'CANCELLING' });
  expect(eb.describeReplay({ ReplayName: 'c' }).State).toBe('CANCELLING');
  await eb.advanceTime(10_000);
  expect(count).toBe(100);
  expect(eb.describeReplay({ ReplayName: 'c' })).toMatchObject({ State: 'CANCELLED', ReplayEndTime: new Date(START + 2000) });
  expect(eb.listReplays({ State: 'CANCELLED' }).Replays).toHaveLength(1);
  eb.dispose();
});

test('with the real clock, flush() waits for a replay to complete', async () => {
  const eb = await EventBridge.create({ accountId: ACCOUNT });
  eb.createArchive({ ArchiveName: 'a', EventSourceArn: BUS_ARN });
  const t0 = Date.now();
  await putOrders(eb, 0, 3);
  eb.putRule({ Name: 'r', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 'q', Arn: queue('q') }] });
  const got: number[] = [];
  eb.onTarget(queue('q'), (p) => {
    got.push(JSON.parse(p).detail.n);
  });
  eb.startReplay({
    ReplayName: 'rt',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/a`,
    EventStartTime: new Date(t0 - 1000),
    EventEndTime: new Date(Date.now() + 1000),
    Destination: { Arn: BUS_ARN },
  });
  await eb.flush();
  expect(eb.describeReplay({ ReplayName: 'rt' }).State).toBe('COMPLETED');
  expect(got).toEqual([0, 1, 2]);
  eb.dispose();
});

test('retention on the emulator clock, and the archive in exportState/importState', async () => {
  const eb = await manual();
  eb.createArchive({ ArchiveName: 'short', EventSourceArn: BUS_ARN, RetentionDays: 1 });
  await putOrders(eb, 0, 2);
  await eb.advanceTime(12 * 3600_000);
  await putOrders(eb, 2, 1);
  const copy = await manual();
  copy.importState(eb.exportState());
  for (const e of [eb, copy]) {
    expect(e.describeArchive({ ArchiveName: 'short' }).EventCount).toBe(3);
  }
  await eb.advanceTime(12 * 3600_000 + 1);
  expect(eb.describeArchive({ ArchiveName: 'short' }).EventCount).toBe(1);
  eb.dispose();
  copy.dispose();
});
