// `import 'eventbridge-wasm/vitest'` (or listing it in Vitest's setupFiles) registers
// expect(event).toMatchEventPattern(pattern) with Vitest's `expect`, imported from 'vitest' so
// that it works with and without `globals: true`. Typed for Vitest's Assertion. The same matcher
// as eventbridge-wasm/jest.
import { expect } from 'vitest';
import './index.node.js';
import { toMatchEventPattern } from './matchers.js';

export { toMatchEventPattern };

interface EventPatternMatchers<R = unknown> {
  /** The event (object or JSON text) matches the EventBridge event pattern (object or JSON text). */
  toMatchEventPattern(pattern: string | object): R;
}

// Vitest (3.2 and later) takes custom matchers' types from its `Matchers` interface, which both
// `expect(x)` and the asymmetric `expect.toMatchEventPattern(...)` extend.
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-interface
  interface Matchers<T = any> extends EventPatternMatchers<T> {}
}

expect.extend({ toMatchEventPattern });
