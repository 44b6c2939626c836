// What a target receives for an event through its Input, InputPath or InputTransformer, computed
// by the core exactly as EventBridge delivers it (or does not).
import { errorFromBody, isErrorText } from './errors.js';
import { wasm } from './wasm-module.js';

export interface TransformContext {
  RuleArn?: string;
  RuleName?: string;
  /** ISO-8601 time for <aws.events.event.ingestion-time> (default: the event's time). */
  IngestionTime?: string;
}

/**
 * Renders a PutTargets target's input for an event (JSON text). Returns the exact payload text,
 * or undefined when EventBridge would silently deliver nothing. Throws the ValidationException
 * PutTargets would raise for an invalid target.
 */
export function renderTargetInput(
  target: object,
  event: string | object,
  context: TransformContext = {},
): string | undefined {
  const eventText = typeof event === 'string' ? event : JSON.stringify(event);
  const out = wasm().renderTarget(JSON.stringify(target), eventText, JSON.stringify(context));
  if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
  const r = JSON.parse(out) as { delivered: boolean; payload?: string };
  return r.delivered ? r.payload : undefined;
}
