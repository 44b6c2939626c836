// `require('eventbridge-wasm/jest')` (or listing it in Jest's setupFilesAfterEach) registers
// expect(event).toMatchEventPattern(pattern). The module loads synchronously in Node, so the
// matcher is synchronous too. A failure names the field that did not match.
import { EventBridgeServiceError } from './core/errors.js';
import { Matcher } from './core/matcher.js';
import { initSync } from './core/wasm-module.js';
import './platform/node.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toMatchEventPattern(pattern: string | object): R;
    }
  }
}

interface MatcherContext {
  isNot: boolean;
  utils: { printReceived(v: unknown): string; printExpected(v: unknown): string };
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function toMatchEventPattern(this: MatcherContext, event: unknown, pattern: unknown) {
  initSync();
  const matcher = new Matcher();
  try {
    matcher.addRule('pattern', text(pattern));
    const matched = matcher.match(text(event)).length > 0;
    const field = matched ? '' : matcher.explain('pattern', text(event));
    return {
      pass: matched,
      message: () =>
        matched
          ? `expected event not to match the event pattern ${text(pattern)}`
          : `expected event to match the event pattern, but field "${field}" did not match\n` +
            `pattern: ${text(pattern)}\nevent:   ${text(event)}`,
    };
  } catch (e) {
    const err = e as EventBridgeServiceError;
    return { pass: false, message: () => `${err.name}: ${err.message}` };
  } finally {
    matcher.dispose();
  }
}

const jestExpect = (globalThis as { expect?: { extend(m: object): void } }).expect;
if (jestExpect) jestExpect.extend({ toMatchEventPattern });
