// Who may talk to the endpoint. It has no authentication (signatures are not checked), so by
// default it answers only the machine's own callers:
// - Host: `localhost`, `127.0.0.1` or `[::1]` with any port (or none). A page that makes its own
//   name resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host and gets 403.
// - Origin (sent by browsers): absent (curl, SDKs, the AWS CLI), or http(s) on one of those names
//   with any port. A page on any other origin gets 403 and no CORS headers, so it can neither call
//   the API nor read an answer (preflights are refused the same way).
// `--allow-host NAME` and `--cors-origin ORIGIN` (each repeatable, `*` for any) open more.

export interface AccessPolicy {
  /** More origins allowed (`scheme://host[:port]`), or `*` for any. */
  corsOrigins?: string[];
  /** More Host names allowed (`name` for any port, or `name:port`), or `*` for any. */
  allowHosts?: string[];
}

export type AccessDecision =
  | { allowed: true; /** The Origin to echo in CORS headers, when the request had one. */ origin?: string }
  | { allowed: false; message: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a host name (as in a URL: IPv6 in brackets) is one of the machine's own loopback names. */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

/** Whether an address to listen on is loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `example.com:4010` -> name `example.com`, port `4010`; `[::1]:4010` -> `[::1]`, `4010`. */
export function splitHostHeader(host: string): { name: string; port?: string } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!m) return undefined;
  return { name: m[1].toLowerCase(), port: m[2] };
}

/** An Origin normalised as browsers send it (`scheme://host[:port]`, lower case, no default port). */
export function normaliseOrigin(origin: string): string | undefined {
  if (origin === 'null') return 'null';
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

export function hostAllowed(hostHeader: string | undefined, policy: AccessPolicy): boolean {
  if (hostHeader === undefined) return true; // HTTP/1.0 without Host: not a browser
  const allow = policy.allowHosts ?? [];
  if (allow.includes('*')) return true;
  const h = splitHostHeader(hostHeader);
  if (!h) return false;
  if (isLoopbackName(h.name)) return true;
  return allow.some((a) => {
    const want = splitHostHeader(a);
    return want !== undefined && want.name === h.name && (want.port === undefined || want.port === h.port);
  });
}

export function originAllowed(origin: string, policy: AccessPolicy): boolean {
  const allow = policy.corsOrigins ?? [];
  if (allow.includes('*')) return true;
  const o = normaliseOrigin(origin);
  if (o === undefined) return false;
  if (o !== 'null' && isLoopbackName(new URL(o).hostname)) return true;
  return allow.some((a) => normaliseOrigin(a) === o);
}

/** Decides a request from its Host and Origin headers. */
export function checkAccess(headers: { host?: string; origin?: string | string[] }, policy: AccessPolicy): AccessDecision {
  if (!hostAllowed(headers.host, policy)) {
    return {
      allowed: false,
      message:
        `Host ${JSON.stringify(headers.host)} is not allowed: this endpoint answers requests to localhost, 127.0.0.1 and [::1]; ` +
        'start serve with --allow-host NAME to accept another name',
    };
  }
  const origin = Array.isArray(headers.origin) ? headers.origin[0] : headers.origin;
  if (origin === undefined) return { allowed: true };
  if (!originAllowed(origin, policy)) {
    return {
      allowed: false,
      message:
        `Origin ${JSON.stringify(origin)} is not allowed: this endpoint answers pages on localhost, 127.0.0.1 and [::1]; ` +
        'start serve with --cors-origin ORIGIN to allow another origin',
    };
  }
  return { allowed: true, origin };
}
