// The HTTP endpoint: AWS JSON 1.1 on POST (X-Amz-Target: AWSEvents.<Operation>), CORS, the
// emulator's own GET /_emulator/deliveries, and with a web root the playground's static files.
import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  CORS_HEADERS,
  Dispatcher,
  MAX_BODY_BYTES,
  PREFLIGHT_HEADERS,
  errorBody,
  handleProtocolRequest,
  responseHeaders,
} from './protocol.js';
import { serveStatic } from './static-files.js';

export interface ServerEmulator extends Dispatcher {
  deliveries?: () => unknown;
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
}

export interface RunningEndpoint {
  server: http.Server;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...responseHeaders(status, body), ...CORS_HEADERS, ...extra });
  res.end(body);
}

/** Answers 413 and discards (never buffers) whatever the client still sends, then drops the connection. */
function rejectTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  if (res.headersSent) return;
  const body = errorBody('RequestEntityTooLargeException', `Request body exceeds ${limit} bytes`);
  sendJson(res, 413, body, { connection: 'close' });
  req.removeAllListeners('data');
  req.resume();
  // Let the client read the answer, then drop the connection if it keeps sending.
  const timer = setTimeout(() => req.socket.destroy(), 2000);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

function deliveriesResponse(eb: ServerEmulator, res: http.ServerResponse): void {
  if (typeof eb.deliveries !== 'function') {
    const body = JSON.stringify({ message: 'deliveries are not available in this build' });
    res.writeHead(501, { 'content-type': 'application/json', ...CORS_HEADERS });
    res.end(body);
    return;
  }
  const body = JSON.stringify(eb.deliveries());
  res.writeHead(200, { 'content-type': 'application/json', ...CORS_HEADERS });
  res.end(body);
}

/** The request listener, usable with any http.Server. */
export function createRequestListener(options: EndpointOptions): http.RequestListener {
  const { eb, webDir, afterMutation } = options;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const method = req.method ?? 'GET';
    const pathname = (req.url ?? '/').split('?')[0];

    if (method === 'OPTIONS') {
      res.writeHead(204, PREFLIGHT_HEADERS);
      res.end();
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && pathname === '/_emulator/deliveries') {
      deliveriesResponse(eb, res);
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      if (webDir) {
        serveStatic(webDir, req, res);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...CORS_HEADERS });
        res.end('Not Found: this endpoint serves the AWS JSON 1.1 protocol on POST /\n');
      }
      return;
    }
    if (method !== 'POST') {
      res.writeHead(405, { allow: 'GET, HEAD, POST, OPTIONS', ...CORS_HEADERS });
      res.end();
      return;
    }

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      rejectTooLarge(req, res, limit);
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
        rejectTooLarge(req, res, limit);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (rejected) return;
      const body = Buffer.concat(chunks).toString('utf8');
      const r = await handleProtocolRequest(eb, req.headers['x-amz-target'], body, afterMutation);
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    });
  };
}

/** Starts the endpoint; resolves once it listens (port 0 picks a free port). */
export function startEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const listener = createRequestListener(options);
  const server = http.createServer(listener);
  // Expect: 100-continue: refuse an oversized body before the client sends it.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      rejectTooLarge(req, res, limit);
      return;
    }
    res.writeContinue();
    listener(req, res);
  });
  server.keepAliveTimeout = 5000;
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
