// Delivering to API destinations: a rule target whose Arn is an API destination's ARN becomes one
// HTTP request per attempt (built by api-destination-request.ts), sent through the registered
// transport (Node: node:http/https, exactly the headers built; elsewhere: fetch), or handed to the
// handler registered with eb.onTarget(apiDestinationArn, handler), which receives the request as
// it would be sent and may answer { status } to act as the endpoint.
//
// A failed attempt throws an ApiDestinationError (a TargetInvocationError) whose `retriable` and
// `retryAfterMs` tell the delivery runtime whether and when to retry (AWS's rules: see
// api-destination-request.ts), and whose `code` is AWS's DLQ ERROR_CODE (ERROR_FROM_TARGET,
// THROTTLING, TIMEOUT, CONNECTION_FAILURE, NO_RESOURCE, NO_PERMISSIONS, INVALID_PARAMETER). OAuth
// tokens are cached per connection until they expire (refreshed 60 s early), the connection
// changes, or the endpoint answers 401 or 407; they live in memory only (never in the state file,
// never in logs). InvocationRateLimitPerSecond is kept by reserveSlot(): the caller starts each
// first attempt at its slot on the emulator's clock.
import { DeadLetterErrorCode, TargetInvocationError } from './delivery-errors.js';
import {
  HttpRequest,
  OAuthToken,
  ResolvedApiDestination,
  ResolvedConnection,
  TargetHttpParameters,
  buildApiDestinationRequest,
  buildOAuthTokenRequest,
  isRetriedStatus,
  parseTokenResponse,
  redactedUrl,
  retryAfterMs,
} from './api-destination-request.js';

/** An endpoint's answer, as a transport or a user's handler reports it. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request; rejects on a network failure or after `timeoutMs` (then with code TIMEOUT). */
export type HttpTransport = (request: HttpRequest, timeoutMs: number) => Promise<HttpResponse>;

/** AWS times out API destination requests after 5 seconds. */
export const INVOCATION_TIMEOUT_MS = 5000;
/** A cached OAuth token is replaced this long before it expires. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * A failed API destination attempt: the delivery runtime's TargetInvocationError (its `code` is the
 * DLQ message's ERROR_CODE, `retriable: false` skips the retries) with the wait a Retry-After
 * header asked for.
 */
export class ApiDestinationError extends TargetInvocationError {
  readonly retryAfterMs?: number;

  constructor(message: string, code: DeadLetterErrorCode, retriable: boolean, retryAfterMs?: number) {
    super(code, message, { retriable });
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

// fetch, where nothing better is registered (browsers; it adds headers of its own and refuses to
// set some, such as Connection and Host).
const FORBIDDEN_FETCH_HEADERS = new Set(['host', 'content-length', 'connection', 'accept-encoding']);
const fetchTransport: HttpTransport = async (request, timeoutMs) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([k]) => !FORBIDDEN_FETCH_HEADERS.has(k.toLowerCase())),
    );
    const res = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return { status: res.status, headers: out, body: await res.text() };
  } catch (e) {
    if (controller.signal.aborted) throw Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' });
    throw e;
  } finally {
    clearTimeout(timer);
  }
};

let transport: HttpTransport = fetchTransport;

/** Replaces the transport (the Node platform registers node:http/https). */
export function registerHttpTransport(t: HttpTransport): void {
  transport = t;
}

/** What an API destination handler may answer: nothing (200), or the endpoint's status. */
export type ApiDestinationHandlerResult = void | undefined | { status?: number; statusCode?: number; headers?: Record<string, string> };

export interface ApiDestinationHost {
  now(): number;
  /** _Emulator.ResolveApiDestination; throws ResourceNotFoundException for a missing one. */
  resolve(apiDestinationArn: string): ResolvedApiDestination;
  /** _Emulator.SetConnectionAuthorization. */
  setAuthorization(connectionArn: string, authorized: boolean, reason?: string): void;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function describeRequest(request: HttpRequest): string {
  return `${request.method} ${redactedUrl(request.url)}`;
}

export class ApiDestinationInvoker {
  private readonly tokens = new Map<string, { generation: string; token: OAuthToken }>();
  private readonly theoreticalArrival = new Map<string, number>();

  constructor(private readonly host: ApiDestinationHost) {}

  /**
   * The emulator time at which the next request to this destination may start, reserved for the
   * caller: at most InvocationRateLimitPerSecond requests in any second, as a bucket of that many
   * that refills continuously (the generic cell rate algorithm: a burst of up to `rate` requests
   * goes at once, later ones 1000 / rate ms apart). `nowMs` when the destination cannot be
   * resolved (the attempt will fail on its own).
   */
  reserveSlot(apiDestinationArn: string, nowMs: number): number {
    let rate: number;
    try {
      rate = Math.max(1, this.host.resolve(apiDestinationArn).InvocationRateLimitPerSecond);
    } catch {
      return nowMs;
    }
    const interval = 1000 / rate;
    const tolerance = (rate - 1) * interval;
    const tat = this.theoreticalArrival.get(apiDestinationArn) ?? nowMs; // theoretical arrival time
    const slot = Math.max(nowMs, tat - tolerance);
    this.theoreticalArrival.set(apiDestinationArn, Math.max(tat, slot) + interval);
    return Math.ceil(slot);
  }

  /**
   * One attempt: `payload` is the target's transformed input, `httpParameters` its HttpParameters
   * resolved for the event. With `handler`, the request goes to it instead of the network.
   */
  async invoke(
    apiDestinationArn: string,
    payload: string,
    httpParameters: TargetHttpParameters | undefined,
    handler?: (request: HttpRequest) => unknown,
  ): Promise<void> {
    let destination: ResolvedApiDestination;
    try {
      destination = this.host.resolve(apiDestinationArn);
    } catch (e) {
      throw new ApiDestinationError((e as Error).message, 'NO_RESOURCE', false);
    }
    const connection = destination.Connection;
    if (connection.SecretsRemoved) {
      throw new ApiDestinationError(
        `Connection ${connection.Name} is deauthorized: update it with its authorization parameters.`,
        'NO_PERMISSIONS',
        false,
      );
    }
    const oauth = connection.AuthorizationType === 'OAUTH_CLIENT_CREDENTIALS' ? await this.token(connection) : undefined;
    let request: HttpRequest;
    try {
      request = buildApiDestinationRequest(destination, httpParameters, payload, oauth?.authorization);
    } catch (e) {
      throw new ApiDestinationError(`cannot build the request: ${(e as Error).message}`, 'INVALID_PARAMETER', false);
    }
    const response = handler ? this.handlerResponse(await handler(request)) : await this.send(request);
    this.judge(request, response, connection);
  }

  private handlerResponse(result: unknown): HttpResponse {
    const r = (result ?? {}) as { status?: unknown; statusCode?: unknown; headers?: unknown };
    const status = typeof r.status === 'number' ? r.status : typeof r.statusCode === 'number' ? r.statusCode : 200;
    const headers = r.headers && typeof r.headers === 'object' ? (r.headers as Record<string, string>) : {};
    return { status, headers, body: '' };
  }

  private async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await transport(request, INVOCATION_TIMEOUT_MS);
    } catch (e) {
      const raw = String((e as { code?: unknown })?.code ?? '');
      const message = `${describeRequest(request)} failed: ${(e as Error)?.message ?? e}`;
      // Node refuses a header name or value it cannot send: the request itself is wrong.
      if (raw.startsWith('ERR_INVALID')) throw new ApiDestinationError(message, 'INVALID_PARAMETER', false);
      throw new ApiDestinationError(message, raw === 'TIMEOUT' ? 'TIMEOUT' : 'CONNECTION_FAILURE', true);
    }
  }

  // 2xx: delivered. Otherwise throws, retriable or not per AWS's rules.
  private judge(request: HttpRequest, response: HttpResponse, connection: ResolvedConnection): void {
    const status = response.status;
    if (status >= 200 && status < 300) return;
    if ((status === 401 || status === 407) && connection.AuthorizationType === 'OAUTH_CLIENT_CREDENTIALS') {
      this.tokens.delete(connection.ConnectionArn); // refreshed on the next attempt
    }
    const message = `${describeRequest(request)} answered ${status}`;
    const code = status === 429 ? 'THROTTLING' : 'ERROR_FROM_TARGET';
    if (!isRetriedStatus(status)) throw new ApiDestinationError(message, code, false);
    const after = retryAfterMs(header(response.headers, 'retry-after'), this.host.now());
    if (after === 'stop') throw new ApiDestinationError(`${message} (negative Retry-After)`, code, false);
    throw new ApiDestinationError(message, code, true, after);
  }

  private async token(connection: ResolvedConnection): Promise<OAuthToken> {
    const cached = this.tokens.get(connection.ConnectionArn);
    const now = this.host.now();
    if (
      cached &&
      cached.generation === connection.Generation &&
      (cached.token.expiresAtMs === undefined || cached.token.expiresAtMs - TOKEN_REFRESH_MARGIN_MS > now)
    ) {
      return cached.token;
    }
    this.tokens.delete(connection.ConnectionArn);
    let request: HttpRequest | undefined;
    let failure: string;
    try {
      request = buildOAuthTokenRequest(connection);
      const response = await transport(request, INVOCATION_TIMEOUT_MS);
      const token = response.status >= 200 && response.status < 300 ? parseTokenResponse(response.body, this.host.now()) : undefined;
      if (token) {
        this.tokens.set(connection.ConnectionArn, { generation: connection.Generation, token });
        this.host.setAuthorization(connection.ConnectionArn, true);
        return token;
      }
      failure = `The authorization endpoint answered ${response.status}${response.status < 300 ? ' without an access_token' : ''}.`;
    } catch (e) {
      failure = `The authorization endpoint could not be reached: ${(e as Error)?.message ?? e}`;
    }
    this.host.setAuthorization(connection.ConnectionArn, false, failure);
    // Retried: the next attempt asks for a token again.
    const to = request ? ` to ${redactedUrl(request.url)}` : '';
    throw new ApiDestinationError(`OAuth token request${to} failed. ${failure}`, 'NO_PERMISSIONS', true);
  }
}
