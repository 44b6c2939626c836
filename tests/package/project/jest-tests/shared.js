// The same checks in both Jest environments.
require('eventbridge-wasm/jest');
const { EventBridge, Matcher, DisposedError } = require('eventbridge-wasm');

const event = { id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'd', detail: { n: 5 } };

module.exports = function checks() {
  test('toMatchEventPattern and its .not', () => {
    expect(event).toMatchEventPattern({ source: ['app'] });
    expect(JSON.stringify(event)).toMatchEventPattern('{"detail":{"n":[{"numeric":[">",4]}]}}');
    expect(event).not.toMatchEventPattern({ source: ['other'] });
  });
  test('an invalid pattern fails both forms, quoting AWS', () => {
    expect(() => expect(event).toMatchEventPattern({ source: 'app' })).toThrow(/InvalidEventPatternException: Event pattern is not valid/);
    expect(() => expect(event).not.toMatchEventPattern({ source: 'app' })).toThrow(/InvalidEventPatternException: Event pattern is not valid/);
  });
  test('a failure names the field', () => {
    expect(() => expect(event).toMatchEventPattern({ detail: { n: [6] } })).toThrow(/field "detail.n" did not match/);
  });
  test('EventBridge and Matcher', async () => {
    const eb = await EventBridge.create();
    expect(eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: JSON.stringify(event) }).Result).toBe(true);
    eb.dispose();
    expect(() => eb.listRules()).toThrow(DisposedError);
    const m = new Matcher();
    m.addRule('r', { source: ['app'] });
    expect(m.match(event)).toEqual(['r']);
    m.dispose();
  });
};
