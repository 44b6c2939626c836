// The HTTP endpoint: AWS JSON 1.1 on POST (X-Amz-Target: AWSEvents.<Operation>), the emulator's
// own /_emulator/ routes, and with a web root the playground's static files. Every request first
// passes the Host and Origin checks of access.ts (403 otherwise); CORS headers are sent only to
// allowed origins. Slow or idle clients are bounded by explicit timeouts and a connection cap.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { AccessPolicy, checkAccess } from './access.js';
import { EmulatorRoutesHost, RouteAnswer, emulatorRoute } from './emulator-routes.js';
import {
  Dispatcher,
  MAX_BODY_BYTES,
  PREFLIGHT_HEADERS,
  corsHeaders,
  errorBody,
  handleProtocolRequest,
  responseHeaders,
} from './protocol.js';
import { serveStatic } from './static-files.js';

export interface ServerEmulator extends Dispatcher, EmulatorRoutesHost {}

/** How long a client may take, and how many may be connected at once. */
export interface EndpointLimits {
  /** From the connection (or the previous response) to the end of the request headers (default 10 s). */
  headersTimeoutMs: number;
  /** To receive the whole request, body included (default 30 s): a body that never ends is dropped. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection after a response (default 5 s). */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic at all, e.g. while a request is processed (default 120 s). */
  socketIdleTimeoutMs: number;
  /** Connections at once; more are closed as they arrive (default 128). */
  maxConnections: number;
}

export const DEFAULT_LIMITS: EndpointLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  socketIdleTimeoutMs: 120_000,
  maxConnections: 128,
};

/** One line of the request log (serve prints it). */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The AWS operation or emulator route. */
  operation?: string;
  status: number;
  durationMs: number;
  rule?: string;
  eventBus?: string;
  /** PutEvents: entries sent and refused. */
  entries?: number;
  failedEntries?: number;
  /** `Type: message` of an error answer. */
  error?: string;
}

export interface EndpointOptions {
  eb: ServerEmulator;
  host?: string;
  port?: number;
  /** Directory of static files served for GET (index.html at /). */
  webDir?: string;
  /** Runs after every successful request that may have changed the state (e.g. a state file write). */
  afterMutation?: () => void;
  /** Largest request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** More origins and Host names to answer than the machine's own. */
  access?: AccessPolicy;
  limits?: Partial<EndpointLimits>;
  /** Called once per answered request. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RunningEndpoint {
  server: http.Server;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Answers 413 and discards (never buffers) whatever the client still sends, then drops the connection. */
function rejectTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number, cors: Record<string, string>): void {
  if (res.headersSent) return;
  const body = errorBody('RequestEntityTooLargeException', `Request body exceeds ${limit} bytes`);
  res.writeHead(413, { ...responseHeaders(413, body), ...cors, connection: 'close' });
  res.end(body);
  req.removeAllListeners('data');
  req.resume();
  // Let the client read the answer, then drop the connection if it keeps sending.
  const timer = setTimeout(() => req.socket.destroy(), 2000);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

// The rule, bus and PutEvents counts of a request, for the log line (only when a log is kept).
function describeRequest(body: string, answer: string, operation: string | undefined): Partial<RequestLogEntry> {
  const out: Partial<RequestLogEntry> = {};
  try {
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    const rule = input.Rule ?? (operation && /Rule$/.test(operation) ? input.Name : undefined);
    if (typeof rule === 'string') out.rule = rule;
    if (typeof input.EventBusName === 'string') out.eventBus = input.EventBusName;
    if (operation === 'PutEvents' && Array.isArray(input.Entries)) {
      out.entries = input.Entries.length;
      const failed = (JSON.parse(answer) as { FailedEntryCount?: unknown }).FailedEntryCount;
      if (typeof failed === 'number') out.failedEntries = failed;
    }
  } catch {
    /* not JSON: nothing more to say */
  }
  return out;
}

function errorOf(status: number, body: string): string | undefined {
  if (status < 300) return undefined;
  try {
    const j = JSON.parse(body) as { __type?: unknown; message?: unknown };
    if (typeof j.__type === 'string') return `${j.__type}: ${String(j.message ?? '')}`;
  } catch {
    /* not JSON */
  }
  return undefined;
}

/** The request listener, usable with any http.Server. */
export function createRequestListener(options: EndpointOptions): http.RequestListener {
  const { eb, webDir, afterMutation, onRequest } = options;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const policy = options.access ?? {};
  return (req, res) => {
    const started = Date.now();
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const method = req.method ?? 'GET';
    const pathname = (req.url ?? '/').split('?')[0];
    let logged: Partial<RequestLogEntry> = {};
    if (onRequest) {
      res.on('finish', () =>
        onRequest({ method, path: pathname, status: res.statusCode, durationMs: Date.now() - started, ...logged }),
      );
    }

    const access = checkAccess(req.headers, policy);
    if (!access.allowed) {
      const body = errorBody('AccessDeniedException', access.message);
      logged = { operation: 'AccessCheck', error: `AccessDeniedException: ${access.message}` };
      res.writeHead(403, { ...responseHeaders(403, body), connection: 'close' });
      res.end(body);
      return;
    }
    const cors = corsHeaders(access.origin);

    if (method === 'OPTIONS') {
      res.writeHead(204, { ...PREFLIGHT_HEADERS, ...cors });
      res.end();
      return;
    }
    if (pathname.startsWith('/_emulator/')) {
      req.resume();
      void emulatorRoute(eb, req)
        .catch((e: unknown): RouteAnswer => ({
          status: 500,
          body: errorBody('InternalException', String((e as Error)?.message ?? e)),
          operation: 'Emulator',
        }))
        .then((r) => {
          if (!r) return;
          logged = { operation: r.operation, rule: r.rule, error: errorOf(r.status, r.body) };
          const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body)) };
          res.writeHead(r.status, { ...headers, ...r.headers, ...cors });
          res.end(method === 'HEAD' ? undefined : r.body);
        });
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
      if (webDir) {
        serveStatic(webDir, req, res);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not Found: this endpoint serves the AWS JSON 1.1 protocol on POST /\n');
      }
      return;
    }
    if (method !== 'POST') {
      res.writeHead(405, { allow: 'GET, HEAD, POST, OPTIONS', ...cors });
      res.end();
      return;
    }

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      rejectTooLarge(req, res, limit, cors);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > limit) {
        rejected = true;
        chunks.length = 0;
        rejectTooLarge(req, res, limit, cors);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (rejected) return;
      const body = Buffer.concat(chunks).toString('utf8');
      const r = await handleProtocolRequest(eb, req.headers['x-amz-target'], body, afterMutation);
      if (onRequest) logged = { operation: r.operation, error: errorOf(r.status, r.body), ...describeRequest(body, r.body, r.operation) };
      res.writeHead(r.status, { ...r.headers, ...cors });
      res.end(r.body);
    });
  };
}

/** Starts the endpoint; resolves once it listens (port 0 picks a free port). */
export function startEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const limits: EndpointLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const listener = createRequestListener(options);
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often the two timeouts above are checked (Node's default is 30 s, which let a silent
    // connection live up to 30 s past its limit).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  });
  server.on('request', listener);
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.socketIdleTimeoutMs); // no 'timeout' listener: a silent socket is destroyed
  // Expect: 100-continue: refuse an oversized body before the client sends it.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      rejectTooLarge(req, res, limit, {});
      return;
    }
    res.writeContinue();
    listener(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        host,
        port,
        url: `http://${shownHost}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
