// The AWS JSON 1.1 protocol as EventBridge speaks it: the target header, the response headers,
// error bodies, and which operations change the persisted state. Shared by the HTTP server and
// the in-process SDK request handler.
import { randomUUID } from 'crypto';
import { changesState } from '../core/state-journal.js';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'AWSEvents.';
/** Largest request body accepted (bytes); larger ones get 413 without being read. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-date',
  'authorization',
  'x-amz-security-token',
  'x-amz-user-agent',
  'x-amz-content-sha256',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
].join(', ');

/** What a preflight answers besides the allowed origin (which access.ts decides per request). */
export const PREFLIGHT_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'POST, GET, DELETE, OPTIONS',
  'access-control-allow-headers': CORS_ALLOWED_HEADERS,
  'access-control-max-age': '600',
};

/** CORS headers for an allowed Origin (never `*`: only origins access.ts allowed are echoed). */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-emulator-next-after',
    vary: 'Origin',
  };
}

export interface ProtocolResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The operation the X-Amz-Target named, when it named one. */
  operation?: string;
}

export function errorBody(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}

/** The operation named by an `X-Amz-Target` header, or undefined when it is missing or foreign. */
export function operationFromTarget(target: string | string[] | undefined): string | undefined {
  const t = Array.isArray(target) ? target[0] : target;
  if (!t || !t.startsWith(TARGET_PREFIX)) return undefined;
  const op = t.slice(TARGET_PREFIX.length);
  return /^[A-Za-z0-9]+$/.test(op) ? op : undefined;
}

/** Operations that never change the persisted control-plane state. */
export function isReadOnly(operation: string): boolean {
  return !changesState(operation);
}

/** Response headers of every protocol answer (a fresh request id each time). */
export function responseHeaders(status: number, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': randomUUID(),
  };
  if (status >= 300) {
    try {
      const type = (JSON.parse(body) as { __type?: unknown }).__type;
      if (typeof type === 'string') headers['x-amzn-errortype'] = type;
    } catch {
      /* not JSON: no error type header */
    }
  }
  return headers;
}

export interface Dispatcher {
  dispatch(operation: string, requestJson: string): { status: number; body: string };
  /** PutEvents on the wire's JSON (it queues deliveries, so it cannot go through dispatch). */
  putEventsWire?: (requestJson: string) => { status: number; body: string };
}

/** The error an EventBridge method throws (EventBridgeServiceError), as a protocol error. */
function errorFromThrown(e: unknown): { status: number; body: string } {
  const err = e as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = err?.$metadata?.httpStatusCode;
  if (typeof status === 'number' && typeof err.name === 'string') {
    return { status, body: errorBody(err.name, String(err.message ?? '')) };
  }
  return { status: 500, body: errorBody('InternalException', String((e as Error)?.message ?? e)) };
}

/** PutEvents through eb.putEventsWire (which starts the deliveries): the body goes to the core as
 * it is, never parsed and re-serialised here (a member nested 5000 deep overflowed that). */
function putEvents(eb: Dispatcher, body: string): { status: number; body: string } {
  try {
    return eb.putEventsWire!(body);
  } catch (e) {
    return errorFromThrown(e);
  }
}

/**
 * Runs one protocol request. `target` is the X-Amz-Target header. `afterMutation` runs after a
 * successful request that may have changed the state (if it throws, the request fails with 500
 * InternalException, as its change could not be persisted).
 */
export async function handleProtocolRequest(
  eb: Dispatcher,
  target: string | string[] | undefined,
  body: string,
  afterMutation?: () => void,
): Promise<ProtocolResponse> {
  const operation = operationFromTarget(target);
  let status: number;
  let out: string;
  if (operation === undefined) {
    status = 400;
    const t = Array.isArray(target) ? target[0] : target;
    out = errorBody(
      'UnknownOperationException',
      t ? `Operation ${t} is not supported.` : 'Missing X-Amz-Target header.',
    );
  } else if (operation === 'PutEvents' && typeof eb.putEventsWire === 'function') {
    ({ status, body: out } = putEvents(eb, body === '' ? '{}' : body));
  } else {
    try {
      const r = eb.dispatch(operation, body === '' ? '{}' : body);
      status = r.status;
      out = r.body;
      if (status < 300 && afterMutation && !isReadOnly(operation)) afterMutation();
    } catch (e) {
      status = 500;
      out = errorBody('InternalException', (e as Error)?.message ?? String(e));
    }
  }
  return { status, headers: responseHeaders(status, out), body: out, operation };
}
