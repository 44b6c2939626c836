// The emulator's own HTTP routes, next to the AWS protocol:
//   GET    /_emulator/deliveries[?after=ID][&limit=N]   the delivery log, oldest first (a JSON array);
//          `x-emulator-next-after: ID` when more records follow the page
//   DELETE /_emulator/deliveries                         cancels every pending retry, empties the log
//   POST   /_emulator/rules/{bus}/{rule}/fire            fires a scheduled rule now (triggerSchedule)
import type * as http from 'http';
import { errorBody } from './protocol.js';

export interface EmulatorRoutesHost {
  deliveries?: (options?: { after?: number; limit?: number }) => unknown[];
  clearDeliveries?: () => number;
  cancelPendingRetries?: () => number;
  triggerSchedule?: (rule: string, options?: { EventBusName?: string }) => Promise<{ EventId: string }>;
}

export interface RouteAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** For the request log. */
  operation: string;
  rule?: string;
}

/** Largest page of GET /_emulator/deliveries. */
export const MAX_PAGE = 10_000;

function json(status: number, value: unknown, operation: string, extra: Partial<RouteAnswer> = {}): RouteAnswer {
  return { status, body: JSON.stringify(value), operation, ...extra };
}

function error(status: number, type: string, message: string, operation: string): RouteAnswer {
  return { status, body: errorBody(type, message), operation };
}

function notAvailable(what: string, operation: string): RouteAnswer {
  return error(501, 'NotImplemented', `${what} is not available in this build`, operation);
}

function integerParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined | Error {
  const v = params.get(name);
  if (v === null) return undefined;
  if (!/^\d{1,15}$/.test(v) || Number(v) < min || Number(v) > max) {
    return new Error(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
  }
  return Number(v);
}

function listDeliveries(host: EmulatorRoutesHost, url: URL): RouteAnswer {
  const op = 'ListDeliveries';
  if (typeof host.deliveries !== 'function') return notAvailable('the delivery log', op);
  const after = integerParam(url.searchParams, 'after', 0, Number.MAX_SAFE_INTEGER);
  const limit = integerParam(url.searchParams, 'limit', 1, MAX_PAGE);
  for (const p of [after, limit]) if (p instanceof Error) return error(400, 'ValidationException', p.message, op);
  const want = (limit as number | undefined) ?? Infinity;
  // One record more than asked for says whether another page follows.
  const page = host.deliveries({ after: (after as number | undefined) ?? 0, limit: want === Infinity ? undefined : want + 1 }) as { id: number }[];
  const headers: Record<string, string> = {};
  if (page.length > want) {
    page.length = want;
    headers['x-emulator-next-after'] = String(page[page.length - 1].id);
  }
  return json(200, page, op, { headers });
}

function clearDeliveries(host: EmulatorRoutesHost): RouteAnswer {
  const op = 'ClearDeliveries';
  if (typeof host.cancelPendingRetries !== 'function' || typeof host.clearDeliveries !== 'function') {
    return notAvailable('clearing the delivery log', op);
  }
  const cancelled = host.cancelPendingRetries();
  const cleared = host.clearDeliveries();
  return json(200, { cancelledRetries: cancelled, clearedRecords: cleared }, op);
}

async function fireRule(host: EmulatorRoutesHost, bus: string, rule: string): Promise<RouteAnswer> {
  const op = 'FireRule';
  if (typeof host.triggerSchedule !== 'function') return notAvailable('firing a scheduled rule', op);
  try {
    const out = await host.triggerSchedule(rule, { EventBusName: bus });
    return json(200, { EventId: out.EventId }, op, { rule });
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
    const status = typeof err?.$metadata?.httpStatusCode === 'number' ? err.$metadata.httpStatusCode : 500;
    const type = typeof err?.name === 'string' && status < 500 ? err.name : 'InternalException';
    return { ...error(status, type, String(err?.message ?? e), op), rule };
  }
}

/** Answers a request under /_emulator/, or undefined when the path is not one of these routes. */
export async function emulatorRoute(host: EmulatorRoutesHost, req: http.IncomingMessage): Promise<RouteAnswer | undefined> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (url.pathname === '/_emulator/deliveries') {
    if (method === 'GET' || method === 'HEAD') return listDeliveries(host, url);
    if (method === 'DELETE') return clearDeliveries(host);
    return { ...error(405, 'MethodNotAllowed', `${method} is not allowed on /_emulator/deliveries (GET, DELETE)`, 'Deliveries'), headers: { allow: 'GET, HEAD, DELETE' } };
  }
  const fire = /^\/_emulator\/rules\/([^/]+)\/([^/]+)\/fire$/.exec(url.pathname);
  if (fire) {
    if (method !== 'POST') {
      return { ...error(405, 'MethodNotAllowed', `${method} is not allowed here (POST)`, 'FireRule'), headers: { allow: 'POST' } };
    }
    let bus: string;
    let rule: string;
    try {
      bus = decodeURIComponent(fire[1]);
      rule = decodeURIComponent(fire[2]);
    } catch {
      return error(400, 'ValidationException', 'The bus and rule names in the path are not valid percent-encoding', 'FireRule');
    }
    return fireRule(host, bus, rule);
  }
  if (url.pathname.startsWith('/_emulator/')) {
    return error(404, 'NotFound', `No emulator route ${url.pathname} (GET/DELETE /_emulator/deliveries, POST /_emulator/rules/{bus}/{rule}/fire)`, 'Emulator');
  }
  return undefined;
}
