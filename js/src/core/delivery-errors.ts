// Failed delivery attempts: which failures are EventBridge's to retry, and the text that says why.
//
// A handler signals how an attempt failed by what it throws:
// - TargetInvocationError: the target could not be invoked at all (the service unreachable, the
//   resource missing, no permission, throttled). EventBridge's RetryPolicy and DeadLetterConfig
//   apply, for every target type; `retriable: false` (missing resource, missing permission) goes
//   to the dead-letter queue at once, as AWS does [UG eb-rule-dlq.md].
// - Anything else: for a Lambda function ARN, the function ran and failed (a function error,
//   retried by Lambda's asynchronous invocation, never the target's DLQ); for other targets, a
//   failed delivery retried per the target's RetryPolicy, as before.

/** ERROR_CODE values AWS documents for dead-letter messages [UG eb-rule-dlq.md]. */
export type DeadLetterErrorCode =
  | 'CONNECTION_FAILURE'
  | 'ERROR_FROM_TARGET'
  | 'INTERNAL_ERROR'
  | 'INVALID_JSON'
  | 'INVALID_PARAMETER'
  | 'NO_PERMISSIONS'
  | 'NO_RESOURCE'
  | 'RESOURCE_LIMIT_EXCEEDED'
  | 'SDK_CLIENT_ERROR'
  | 'THROTTLING'
  | 'TIMEOUT'
  | 'UNKNOWN'
  | (string & {});

/** Thrown by a target handler when the target could not be invoked (see the file comment). */
export class TargetInvocationError extends Error {
  readonly code: DeadLetterErrorCode;
  readonly retriable: boolean;

  constructor(code: DeadLetterErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message);
    this.name = 'TargetInvocationError';
    this.code = code;
    this.retriable = options.retriable ?? !(code === 'NO_RESOURCE' || code === 'NO_PERMISSIONS');
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export function isInvocationError(err: unknown): err is TargetInvocationError {
  return err instanceof TargetInvocationError || (err as { name?: unknown } | null)?.name === 'TargetInvocationError';
}

/** The DLQ ERROR_CODE for a failed attempt. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'INVOCATION_FAILED';
}

// A Node system error's own words: `ECONNREFUSED 127.0.0.1:3002` rather than `fetch failed`.
function systemErrorText(err: { code?: unknown; address?: unknown; port?: unknown; syscall?: unknown }): string | undefined {
  if (typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return undefined;
  if (typeof err.address === 'string') {
    const host = err.address.includes(':') ? `[${err.address}]` : err.address;
    return typeof err.port === 'number' ? `${err.code} ${host}:${err.port}` : `${err.code} ${host}`;
  }
  return undefined;
}

/** One line saying why an attempt failed, with the causes it wraps (at most a few levels). */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    if (e instanceof Error || (typeof e === 'object' && 'message' in (e as object))) {
      const obj = e as Error & { code?: unknown; address?: unknown; port?: unknown };
      const text = systemErrorText(obj) ?? String(obj.message ?? '');
      if (text && !parts.some((p) => p.includes(text))) parts.push(text);
      e = (obj as { cause?: unknown }).cause;
    } else {
      const text = String(e);
      if (text && !parts.includes(text)) parts.push(text);
      break;
    }
  }
  const line = parts.join(': ').replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line || 'unknown error';
}
