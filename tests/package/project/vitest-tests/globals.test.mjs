import 'eventbridge-wasm/vitest';

const event = { id: '1', source: 'app', detail: { n: 5 } };

test('with globals: toMatchEventPattern and its .not on the global expect', () => {
  expect(event).toMatchEventPattern({ source: ['app'] });
  expect(event).not.toMatchEventPattern({ detail: { n: [6] } });
  expect(() => expect(event).not.toMatchEventPattern({ source: 'app' })).toThrow(/InvalidEventPatternException/);
});
