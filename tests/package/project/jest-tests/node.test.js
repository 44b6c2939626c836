/** @jest-environment node */
require('./shared')();
test('runs in the node environment', () => expect(typeof window).toBe('undefined'));
