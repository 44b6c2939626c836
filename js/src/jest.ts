// `import 'eventbridge-wasm/jest'` (or listing it in Jest's setupFilesAfterEach) registers
// expect(event).toMatchEventPattern(pattern), in Jest's node and jsdom environments alike. Typed for
// the global `expect` (@types/jest) and for `expect` from '@jest/globals'. A failure names the field
// that did not match; an invalid pattern fails both the assertion and its `.not`.
import './platform/node.js';
import { toMatchEventPattern } from './matchers.js';

export { toMatchEventPattern };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // The type parameters must be exactly @types/jest's for the declarations to merge.
    // eslint-disable-next-line @typescript-eslint/ban-types
    interface Matchers<R, T = {}> {
      toMatchEventPattern(pattern: string | object): R;
    }
  }
}

// `expect` from '@jest/globals' (Jest 28+) takes its matcher types from the `expect` package.
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> {
    toMatchEventPattern(pattern: string | object): R;
  }
}

const jestExpect = (globalThis as { expect?: { extend(m: object): void } }).expect;
if (jestExpect) {
  jestExpect.extend({ toMatchEventPattern });
} else if (typeof process !== 'undefined' && process.env.VITEST) {
  // Vitest without `globals: true` has no global expect to extend; say so now rather than let the
  // first assertion fail with "Invalid Chai property: toMatchEventPattern".
  throw new Error("eventbridge-wasm/jest extends Jest's global expect; under Vitest import 'eventbridge-wasm/vitest'");
}
