/** @jest-environment jsdom */
require('./shared')();
test('runs in the jsdom environment', () => expect(typeof window).toBe('object'));
