// Why an event pattern matches an event or does not, field by field, computed by the core
// (src/match/explain.*) from the same compiled pattern and value matching as the matcher, so that
// its verdict is always the matcher's.
import { errorFromBody, isErrorText } from './errors.js';
import { wasm } from './wasm-module.js';

/** One of the event's values at a field's path. */
export interface ExplainedValue {
  /** The value as JSON text (shortened with "…" when long). */
  text: string;
  type: 'string' | 'number' | 'boolean' | 'null';
  /** Its index in each array that holds it, outermost first ([] outside arrays). */
  indices: number[];
  /** Whether it satisfies the field's condition on its own. */
  matched: boolean;
}

/** One field the pattern names, in one alternative. */
export interface ExplainedField {
  /** The dotted path, as the pattern names it. */
  path: string;
  /** The field's match values as pattern JSON, e.g. `["running", {"prefix": "pend"}]`. */
  condition: string;
  /** Satisfied in this alternative (for array fields: together with the other fields). */
  matched: boolean;
  /** Satisfied by `{"exists": false}`: the event has no value at the path. */
  byAbsence: boolean;
  /** Why, e.g. `detail.state: "running" is excluded by anything-but "running"`. */
  reason: string;
  /** How many values the event has at the path (`values` lists at most 50 of them, plus the chosen one). */
  valueCount: number;
  /** Index into `values` of the value that satisfies the field, or -1. */
  chosen: number;
  values: ExplainedValue[];
}

/** One alternative of the pattern: with `$or`, one combination of branches. */
export interface ExplainedAlternative {
  matched: boolean;
  /** Every field is satisfied on its own, but only by values in different elements of one array. */
  arrayConflict: boolean;
  /** The first field that fails ('' when the alternative matches). */
  failedField: string;
  reason: string;
  /** The `$or` branches that make up this alternative: `or` indexes PatternExplanation.ors. */
  orChoices: { or: number; branch: number }[];
  fields: ExplainedField[];
}

export interface PatternExplanation {
  /** The verdict: the same as testEventPattern's for an event with a valid envelope. */
  matched: boolean;
  /** Index of the first matching alternative, or, when none matches, of the one that came closest. */
  alternative: number;
  /** For no match: the first failing field of that alternative, and why. */
  failedField: string;
  reason: string;
  /** The pattern's `$or` arrays, in the order they start in its text: the path of the object holding each. */
  ors: { path: string; branches: number }[];
  alternatives: ExplainedAlternative[];
}

/**
 * Explains an event pattern against an event (JSON text or objects). Throws
 * InvalidEventPatternException for an invalid pattern and ValidationException ("Parameter Event is
 * not valid.") for an event that is not a JSON object. Unlike testEventPattern it does not require
 * the event's envelope fields (id, source, ...).
 */
export function explainEventPattern(pattern: string | object, event: string | object): PatternExplanation {
  const text = (v: string | object) => (typeof v === 'string' ? v : JSON.stringify(v));
  const out = wasm().explainPattern(text(pattern), text(event));
  if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
  return JSON.parse(out) as PatternExplanation;
}
