import '../../js/src/jest';
import { toMatchEventPattern } from '../../js/src/jest';

const event = { id: '1', source: 'app', detail: { state: 'stopped', n: 5 } };
const ctx = (isNot: boolean) => ({ isNot });

test('toMatchEventPattern passes and fails, naming the failing field', () => {
  expect(event).toMatchEventPattern({ source: ['app'] });
  expect(event).not.toMatchEventPattern({ detail: { state: ['running'] } });
  const r = toMatchEventPattern.call(ctx(false), event, { source: ['app'], detail: { state: ['running'] } });
  expect(r.pass).toBe(false);
  expect(r.message()).toContain('field "detail.state" did not match');
});

// Issue 14, item 14: `.not` with an invalid pattern used to pass.
test('an invalid pattern fails the assertion and its .not alike, quoting the AWS error', () => {
  for (const isNot of [false, true]) {
    const r = toMatchEventPattern.call(ctx(isNot), event, '{"source":"app"}');
    // Jest fails an assertion when pass !== !isNot.
    expect({ isNot, failed: r.pass === isNot }).toEqual({ isNot, failed: true });
    expect(r.message()).toMatch(/^InvalidEventPatternException: Event pattern is not valid\. Reason: "source" must be an object or an array/);
  }
  expect(() => expect(event).not.toMatchEventPattern({ source: 'aws.ec2' })).toThrow(/InvalidEventPatternException/);
  expect(() => expect(event).toMatchEventPattern({ source: 'aws.ec2' })).toThrow(/InvalidEventPatternException/);
});

test('an invalid event fails both forms with the AWS error', () => {
  for (const isNot of [false, true]) {
    const r = toMatchEventPattern.call(ctx(isNot), '[1, 2]', { source: ['app'] });
    expect(r.pass).toBe(isNot);
    expect(r.message()).toMatch(/^ValidationException: Parameter Event is not valid\./);
  }
});
