// toMatchEventPattern, the assertion behind `eventbridge-wasm/jest` and `eventbridge-wasm/vitest`
// (both runners call custom matchers with the same `this.isNot` and expect the same result).
// Synchronous, so it needs the WebAssembly module loaded synchronously: Node only (jest.ts and
// vitest.mts load the Node entry point).
import { Matcher } from './core/matcher.js';

export interface MatcherState {
  isNot: boolean;
}

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

// An invalid pattern or event is a failure whichever way the assertion was written: with `.not`, a
// matcher fails by passing, so `pass` is `isNot`.
function invalid(state: MatcherState, what: 'pattern' | 'event', e: unknown, value: unknown): MatcherResult {
  const err = e as Error;
  return {
    pass: state.isNot,
    message: () =>
      `${err.name}: ${err.message}\n` +
      `(the ${what} is invalid, which fails toMatchEventPattern and .not.toMatchEventPattern alike)\n` +
      `${what}: ${text(value)}`,
  };
}

/** expect(event).toMatchEventPattern(pattern): the event (object or JSON text) matches the EventBridge
 * event pattern (object or JSON text). A failure names the field that did not match. */
export function toMatchEventPattern(this: MatcherState, event: unknown, pattern: unknown): MatcherResult {
  const matcher = new Matcher();
  try {
    try {
      matcher.addRule('pattern', text(pattern));
    } catch (e) {
      return invalid(this, 'pattern', e, pattern);
    }
    let matched: boolean;
    try {
      matched = matcher.match(text(event)).length > 0;
    } catch (e) {
      return invalid(this, 'event', e, event);
    }
    const field = matched ? '' : matcher.explain('pattern', text(event));
    return {
      pass: matched,
      message: () =>
        matched
          ? `expected event not to match the event pattern ${text(pattern)}`
          : `expected event to match the event pattern, but field "${field}" did not match\n` +
            `pattern: ${text(pattern)}\nevent:   ${text(event)}`,
    };
  } finally {
    matcher.dispose();
  }
}
