// serve's --target ARN=URL: a target outside the emulator, reached over HTTP. Each delivery attempt
// is one POST of the payload; a transport error or a non-2xx answer is a failure to invoke
// (TargetInvocationError, always retriable: EventBridge retries it per the target's RetryPolicy,
// then dead-letters it). A `x-amz-function-error` header on a 2xx answer (a URL standing for a
// Lambda function) is a function error. Messages for a dead-letter queue carry AWS's DLQ message
// attributes as `x-eventbridge-attribute-*` headers. Only wired when the build has onTarget.
import { TargetInvocationError } from '../core/delivery-errors.js';
import type { DeadLetterAttributes } from '../core/delivery.js';
import { PostResult, answerMessage, postBounded } from './http-post.js';

/** What a handler gets from the runtime that these targets use. */
export interface HttpTargetContext {
  targetArn: string;
  eventId?: string;
  /** The exact payload text. */
  payloadText?: string;
  messageAttributes?: DeadLetterAttributes;
}
type Handler = (payload: unknown, context: HttpTargetContext) => unknown;
type Predicate = (target: { targetArn: string; targetId: string; ruleArn: string }) => boolean;

export interface TargetRegistry {
  onTarget?: (target: string | Predicate, handler: Handler) => () => void;
}

export const ATTEMPT_TIMEOUT_MS = 10000;

/** The payload text: the exact text when the runtime gives it, else the handler's argument. */
export function payloadText(payload: unknown, context: HttpTargetContext): string {
  if (typeof context.payloadText === 'string') return context.payloadText;
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/** A transport error (refused, reset, timed out) as a failure to invoke, keeping its cause. */
export function transportFailure(url: string, err: unknown): TargetInvocationError {
  const code = (err as { code?: unknown }).code === 'ETIMEDOUT' ? 'TIMEOUT' : 'CONNECTION_FAILURE';
  return new TargetInvocationError(code, `POST ${url} failed`, { retriable: true, cause: err });
}

/** `x-eventbridge-attribute-error-code: ...` etc.: the DLQ message attributes as HTTP headers. */
export function attributeHeaders(attributes: DeadLetterAttributes | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!attributes) return headers;
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') continue;
    // Header values are Latin-1 without controls: anything else is percent-encoded.
    const safe = value.replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c));
    headers[`x-eventbridge-attribute-${name.toLowerCase().replace(/_/g, '-')}`] = safe;
  }
  return headers;
}

function statusFailure(url: string, r: PostResult): TargetInvocationError {
  const message = answerMessage(r);
  const code = r.status === 429 ? 'THROTTLING' : 'ERROR_FROM_TARGET';
  return new TargetInvocationError(code, `${r.status} from ${url}${message ? `: ${message}` : ''}`, { retriable: true });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  let r: PostResult;
  try {
    r = await postBounded(url, body, headers, { timeoutMs: ATTEMPT_TIMEOUT_MS });
  } catch (e) {
    throw transportFailure(url, e);
  }
  if (r.status < 200 || r.status >= 300) throw statusFailure(url, r);
  const functionError = r.headers['x-amz-function-error'];
  if (functionError) throw new Error(`function error (${String(functionError)}): ${answerMessage(r)}`);
}

/** Parses `ARN=URL`. */
export function parseTargetFlag(value: string): { arn: string; url: string } | undefined {
  const eq = value.lastIndexOf('=http');
  if (eq <= 0) return undefined;
  const arn = value.slice(0, eq);
  const url = value.slice(eq + 1);
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  } catch {
    return undefined;
  }
  return { arn, url };
}

/** --target ARN=URL: every payload for that target ARN is POSTed to URL as is. */
export function registerHttpTarget(eb: TargetRegistry, arn: string, url: string): void {
  eb.onTarget!(arn, (payload, context) =>
    post(url, payloadText(payload, context), {
      'content-type': 'application/json',
      'x-eventbridge-target-arn': context.targetArn,
      ...(context.eventId ? { 'x-eventbridge-event-id': context.eventId } : {}),
      ...attributeHeaders(context.messageAttributes),
    }),
  );
}
