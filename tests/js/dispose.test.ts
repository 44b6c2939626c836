// Every handle tracks its own disposal (issue 14, item 13): after dispose() every call throws one
// typed error (DisposedError), a second dispose() does nothing, and no call reaches freed
// WebAssembly memory (before: a disposed Matcher answered with another matcher's rules, or trapped;
// calls on a disposed EventBridge threw Embind's BindingError and deliveries() returned []).
import { DisposedError, EventBridge, Matcher } from '../../js/src/index.node';

const event = JSON.stringify({ id: '1', account: '1', source: 'app', time: 't', region: 'r', 'detail-type': 'd' });

function expectDisposed(call: () => unknown, what: string) {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(DisposedError);
  expect(thrown).toMatchObject({ name: 'DisposedError', message: `eventbridge-wasm: this ${what} has been disposed; create a new one` });
}

describe('Matcher', () => {
  test('a disposed matcher never answers with a newer matcher\'s rules', () => {
    const m1 = new Matcher();
    m1.addRule('m1-rule', { source: ['other'] });
    m1.match(event); // allocates its WebAssembly areas
    m1.dispose();
    const m2 = new Matcher();
    m2.addRule('m2-rule', { source: ['app'] });
    expectDisposed(() => m1.match(event), 'Matcher');
    expect(m2.match(event)).toEqual(['m2-rule']);
    m2.dispose();
  });

  test('every method throws DisposedError after dispose(); dispose() twice is a no-op', () => {
    const m = new Matcher();
    m.addRule('r', { source: ['app'] });
    m.dispose();
    expect(() => m.dispose()).not.toThrow();
    expectDisposed(() => m.addRule('x', { source: ['a'] }), 'Matcher');
    expectDisposed(() => m.removeRule('r'), 'Matcher');
    expectDisposed(() => m.hasRule('r'), 'Matcher');
    expectDisposed(() => m.size, 'Matcher');
    expectDisposed(() => m.match(event), 'Matcher');
    expectDisposed(() => m.matchMany([event]), 'Matcher');
    expectDisposed(() => m.countMatches([event]), 'Matcher');
    expectDisposed(() => m.explain('r', event), 'Matcher');
  });
});

describe('EventBridge', () => {
  test('every method throws DisposedError after dispose(); dispose() twice is a no-op', async () => {
    const eb = await EventBridge.create({ clock: 'manual' });
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.dispose();
    expect(() => eb.dispose()).not.toThrow();
    expectDisposed(() => eb.putRule({ Name: 'r2', EventPattern: '{"source":["app"]}' }), 'EventBridge');
    expectDisposed(() => eb.listRules(), 'EventBridge');
    expectDisposed(() => eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: event }), 'EventBridge');
    expectDisposed(() => eb.send('ListRules', {}), 'EventBridge');
    expectDisposed(() => eb.dispatch('ListRules', '{}'), 'EventBridge');
    expectDisposed(() => eb.exportState(), 'EventBridge');
    expectDisposed(() => eb.importState('{}'), 'EventBridge');
    expectDisposed(() => eb.deliveries(), 'EventBridge');
    expectDisposed(() => eb.onTarget('arn:aws:sqs:us-east-1:123456789012:q', async () => undefined), 'EventBridge');
    expectDisposed(() => eb.flush(), 'EventBridge');
    expectDisposed(() => eb.createArchive({ ArchiveName: 'a', EventSourceArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }), 'EventBridge');
    expectDisposed(() => eb.onStateChange(() => undefined), 'EventBridge');
    expectDisposed(() => eb.advanceTime(1), 'EventBridge');
    expectDisposed(() => eb.nextFireTimes('r', 1), 'EventBridge');
    expectDisposed(() => eb.now(), 'EventBridge');
    await expect(eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{}' }] })).rejects.toBeInstanceOf(DisposedError);
    await expect(eb.triggerSchedule('r')).rejects.toBeInstanceOf(DisposedError);
  });

  test('disposing one emulator leaves another working', async () => {
    const a = await EventBridge.create();
    const b = await EventBridge.create();
    a.putRule({ Name: 'a', EventPattern: '{"source":["app"]}' });
    a.dispose();
    b.putRule({ Name: 'b', EventPattern: '{"source":["app"]}' });
    expect(b.listRules().Rules?.map((r) => r.Name)).toEqual(['b']);
    b.dispose();
  });
});
