import '../../js/src/jest';
import { toMatchEventPattern } from '../../js/src/jest';

const event = { id: '1', source: 'app', detail: { state: 'stopped', n: 5 } };

test('toMatchEventPattern passes and fails, naming the failing field', () => {
  expect(event).toMatchEventPattern({ source: ['app'] });
  expect(event).not.toMatchEventPattern({ detail: { state: ['running'] } });
  const ctx = { isNot: false, utils: { printReceived: String, printExpected: String } };
  const r = toMatchEventPattern.call(ctx, event, { source: ['app'], detail: { state: ['running'] } });
  expect(r.pass).toBe(false);
  expect(r.message()).toContain('field "detail.state" did not match');
});

test('an invalid pattern fails with the AWS error', () => {
  const ctx = { isNot: false, utils: { printReceived: String, printExpected: String } };
  const r = toMatchEventPattern.call(ctx, event, '{"source":"app"}');
  expect(r.pass).toBe(false);
  expect(r.message()).toMatch(/^InvalidEventPatternException: Event pattern is not valid\. Reason: "source" must be an object or an array/);
});
