// The HTTP request EventBridge sends to an API destination, built from the destination, its
// connection and the rule target: pure functions with no I/O and no Node-only imports, so that the
// browser build (and the playground) can show the exact request.
//
// What AWS documents, and this follows:
// - method: the destination's HttpMethod; URL: its InvocationEndpoint, each "*" in the path
//   replaced by the target's HttpParameters.PathParameterValues in order (dynamic "$.detail..."
//   values are resolved against the event by the core before they get here);
// - headers: the target's HeaderParameters, the connection's InvocationHttpParameters headers
//   (the connection wins a conflict), the authorization header (Basic, the API key header, or the
//   OAuth token), and User-Agent "Amazon/EventBridge/ApiDestinations", Range "bytes=0-1048575",
//   Accept-Encoding "gzip,deflate", Connection "close", which cannot be overridden; Content-Type is
//   "application/json; charset=utf-8" unless a parameter sets it;
// - query string: the endpoint's own, the target's QueryStringParameters and the connection's
//   (the connection wins a conflict);
// - body: the transformed input; the connection's BodyParameters are added to it when it is a JSON
//   object. GET and HEAD requests carry no body (an emulator choice: AWS does not say).
// - status handling: 2xx delivered; 401, 407, 409, 429 and 5xx retried (OAuth tokens refreshed on
//   401 and 407); every other status fails without retry; Retry-After delays the retry (a negative
//   value stops retrying).
//
// The OAuth client-credentials token request is not specified by AWS beyond "exchanges your client
// ID and secret for an access token". This emulator sends the connection's HttpMethod to its
// AuthorizationEndpoint with the client id and secret as HTTP Basic credentials (RFC 6749 2.3.1),
// the OAuthHttpParameters headers and query string, and the OAuthHttpParameters body parameters
// form-encoded; it reads a JSON answer {access_token, token_type?, expires_in?}.

/** One HTTP request, as it goes on the wire. */
export interface HttpRequest {
  method: string;
  url: string;
  /** In the order they are sent; Host and Content-Length included. */
  headers: Record<string, string>;
  body?: string;
}

interface KeyValue {
  Key?: string;
  Value?: string;
  IsValueSecret?: boolean;
}

/** Connection HTTP parameters (InvocationHttpParameters, OAuthHttpParameters). */
export interface ConnectionHttpParameters {
  HeaderParameters?: KeyValue[];
  QueryStringParameters?: KeyValue[];
  BodyParameters?: KeyValue[];
}

/** A connection with its secrets, as the core's _Emulator.ResolveApiDestination gives it. */
export interface ResolvedConnection {
  Name: string;
  ConnectionArn: string;
  AuthorizationType: 'BASIC' | 'API_KEY' | 'OAUTH_CLIENT_CREDENTIALS' | string;
  ConnectionState: string;
  SecretsRemoved: boolean;
  /** Changes whenever the connection's authorization changes. */
  Generation: string;
  AuthParameters: {
    BasicAuthParameters?: { Username?: string; Password?: string };
    ApiKeyAuthParameters?: { ApiKeyName?: string; ApiKeyValue?: string };
    OAuthParameters?: {
      ClientParameters?: { ClientID?: string; ClientSecret?: string };
      AuthorizationEndpoint?: string;
      HttpMethod?: string;
      OAuthHttpParameters?: ConnectionHttpParameters;
    };
    InvocationHttpParameters?: ConnectionHttpParameters;
  };
}

/** An API destination with its connection, as _Emulator.ResolveApiDestination gives it. */
export interface ResolvedApiDestination {
  Name: string;
  ApiDestinationArn: string;
  InvocationEndpoint: string;
  HttpMethod: string;
  InvocationRateLimitPerSecond: number;
  Connection: ResolvedConnection;
}

/** A rule target's HttpParameters with dynamic values already resolved for the event. */
export interface TargetHttpParameters {
  PathParameterValues?: string[];
  HeaderParameters?: Record<string, string>;
  QueryStringParameters?: Record<string, string>;
}

export const FIXED_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'Amazon/EventBridge/ApiDestinations',
  Range: 'bytes=0-1048575',
  'Accept-Encoding': 'gzip,deflate',
  Connection: 'close',
};
export const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';

export function isApiDestinationArn(arn: string): boolean {
  return /^arn:aws[\w-]*:events:[^:]*:[^:]*:api-destination\/[^/]+\/[^/]+$/.test(arn);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function base64(text: string): string {
  let binary = '';
  for (const byte of utf8(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Header names compare case-insensitively; a later set() replaces an earlier one's value. */
class HeaderList {
  private readonly entries: [string, string][] = [];
  set(name: string, value: string): void {
    const i = this.entries.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push([name, value]);
  }
  has(name: string): boolean {
    return this.entries.some(([n]) => n.toLowerCase() === name.toLowerCase());
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }
}

function pairs(list: KeyValue[] | undefined): [string, string][] {
  return (list ?? []).filter((p) => typeof p?.Key === 'string').map((p) => [p.Key as string, p.Value ?? '']);
}

/** The URL with its query string extended (later pairs replace earlier ones of the same key). */
function withQuery(url: URL, layers: [string, string][][]): void {
  const merged = new Map<string, string>();
  url.searchParams.forEach((v, k) => merged.set(k, v));
  for (const layer of layers) for (const [k, v] of layer) merged.set(k, v);
  url.search = '';
  merged.forEach((v, k) => url.searchParams.append(k, v));
}

/** Fills the "*" wildcards of the endpoint's path, in order, with the (encoded) values. */
export function fillPathParameters(endpoint: string, values: string[] = []): string {
  const q = endpoint.search(/[?#]/);
  const path = q < 0 ? endpoint : endpoint.slice(0, q);
  let i = 0;
  const filled = path.replace(/\*/g, () => encodeURIComponent(values[i++] ?? ''));
  return filled + (q < 0 ? '' : endpoint.slice(q));
}

function withHostAndLength(headers: HeaderList, url: URL, body: string | undefined): Record<string, string> {
  headers.set('Host', url.host);
  if (body !== undefined) headers.set('Content-Length', String(utf8(body).length));
  return headers.toObject();
}

/** The body with the connection's BodyParameters added, when it is a JSON object. */
function bodyWithParameters(payload: string, params: [string, string][]): string {
  if (params.length === 0) return payload;
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return payload;
  return JSON.stringify({ ...(doc as Record<string, unknown>), ...Object.fromEntries(params) });
}

/**
 * The request for one delivery. `payload` is the target's transformed input; `oauthAuthorization`
 * the Authorization header value of an OAuth connection's current token.
 */
export function buildApiDestinationRequest(
  destination: ResolvedApiDestination,
  target: TargetHttpParameters | undefined,
  payload: string,
  oauthAuthorization?: string,
): HttpRequest {
  const connection = destination.Connection;
  const auth = connection.AuthParameters ?? {};
  const invocation = auth.InvocationHttpParameters ?? {};
  const url = new URL(fillPathParameters(destination.InvocationEndpoint, target?.PathParameterValues));
  withQuery(url, [Object.entries(target?.QueryStringParameters ?? {}), pairs(invocation.QueryStringParameters)]);

  const headers = new HeaderList();
  for (const [k, v] of Object.entries(target?.HeaderParameters ?? {})) headers.set(k, String(v));
  for (const [k, v] of pairs(invocation.HeaderParameters)) headers.set(k, v);
  if (connection.AuthorizationType === 'BASIC') {
    const b = auth.BasicAuthParameters ?? {};
    headers.set('Authorization', `Basic ${base64(`${b.Username ?? ''}:${b.Password ?? ''}`)}`);
  } else if (connection.AuthorizationType === 'API_KEY') {
    const k = auth.ApiKeyAuthParameters ?? {};
    if (k.ApiKeyName) headers.set(k.ApiKeyName, k.ApiKeyValue ?? '');
  } else if (oauthAuthorization !== undefined) {
    headers.set('Authorization', oauthAuthorization);
  }
  if (!headers.has('Content-Type')) headers.set('Content-Type', DEFAULT_CONTENT_TYPE);
  for (const [k, v] of Object.entries(FIXED_HEADERS)) headers.set(k, v);

  const method = destination.HttpMethod.toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : bodyWithParameters(payload, pairs(invocation.BodyParameters));
  return { method, url: url.toString(), headers: withHostAndLength(headers, url, body), body };
}

/** The OAuth client-credentials token request of a connection (see the header comment). */
export function buildOAuthTokenRequest(connection: ResolvedConnection): HttpRequest {
  const oauth = connection.AuthParameters?.OAuthParameters ?? {};
  const http = oauth.OAuthHttpParameters ?? {};
  const url = new URL(oauth.AuthorizationEndpoint ?? '');
  withQuery(url, [pairs(http.QueryStringParameters)]);
  const headers = new HeaderList();
  for (const [k, v] of pairs(http.HeaderParameters)) headers.set(k, v);
  const client = oauth.ClientParameters ?? {};
  headers.set('Authorization', `Basic ${base64(`${client.ClientID ?? ''}:${client.ClientSecret ?? ''}`)}`);
  const method = (oauth.HttpMethod ?? 'POST').toUpperCase();
  let body: string | undefined;
  if (method !== 'GET') {
    body = new URLSearchParams(pairs(http.BodyParameters)).toString();
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/x-www-form-urlencoded');
  }
  headers.set('User-Agent', FIXED_HEADERS['User-Agent']);
  return { method, url: url.toString(), headers: withHostAndLength(headers, url, body), body };
}

export interface OAuthToken {
  /** The Authorization header value: "<token_type> <access_token>" ("Bearer" by default). */
  authorization: string;
  /** undefined: no expires_in was given; the token is kept until a 401 or 407. */
  expiresAtMs?: number;
}

/** Reads a token endpoint's 2xx answer; undefined when it holds no access_token. */
export function parseTokenResponse(body: string, nowMs: number): OAuthToken | undefined {
  let doc: { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc.access_token !== 'string' || !doc.access_token) return undefined;
  const type = typeof doc.token_type === 'string' && doc.token_type ? doc.token_type : 'Bearer';
  const scheme = type.toLowerCase() === 'bearer' ? 'Bearer' : type;
  const expiresIn = Number(doc.expires_in);
  return {
    authorization: `${scheme} ${doc.access_token}`,
    expiresAtMs: Number.isFinite(expiresIn) && expiresIn > 0 ? nowMs + expiresIn * 1000 : undefined,
  };
}

/** Whether AWS retries a delivery that got this status (2xx is success, not a retry). */
export function isRetriedStatus(status: number): boolean {
  return status === 401 || status === 407 || status === 409 || status === 429 || status >= 500;
}

/**
 * A Retry-After header in milliseconds from `nowMs`: a number of seconds or an HTTP date;
 * 'stop' for a negative number (AWS then stops retrying); undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, nowMs: number): number | 'stop' | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return seconds < 0 ? 'stop' : seconds * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The request's URL without credentials or query string: for messages and logs, which must not
 * carry secrets.
 */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    const q = url.search(/[?#]/);
    return q < 0 ? url : url.slice(0, q);
  }
}
