// An AWS SDK v3 request handler that answers in-process, with no socket:
//   new EventBridgeClient({ region, credentials, requestHandler: createRequestHandler(eb) })
// It takes the SDK's HttpRequest (method, headers, body) and returns an HttpResponse-shaped object
// (statusCode, headers, body as a Node stream), the same bytes the HTTP endpoint would send.
import { Readable } from 'stream';
import { Dispatcher, MAX_BODY_BYTES, PREFLIGHT_HEADERS, errorBody, handleProtocolRequest, responseHeaders } from './protocol.js';

/** The parts of @smithy/protocol-http's HttpRequest that the handler reads. */
export interface SdkHttpRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

/** @smithy/protocol-http's HttpResponse shape. */
export interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

export interface RequestHandlerOptions {
  /** Runs after every successful request that may have changed the state. */
  afterMutation?: () => void;
}

export interface InProcessRequestHandler {
  readonly metadata: { handlerProtocol: string };
  handle(request: SdkHttpRequest, options?: { abortSignal?: unknown }): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key: string, value: unknown): void;
  httpHandlerConfigs(): Record<string, unknown>;
  destroy(): void;
}

function header(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

async function bodyText(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (isAsyncIterable(body)) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of body) {
      const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c as Uint8Array);
      size += b.length;
      if (size > MAX_BODY_BYTES) throw new RangeError('too large');
      chunks.push(b);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(body);
}

function response(status: number, headers: Record<string, string>, body: string): { response: SdkHttpResponse } {
  return {
    response: {
      statusCode: status,
      headers,
      body: Readable.from([Buffer.from(body, 'utf8')]),
    },
  };
}

export function createRequestHandler(eb: Dispatcher, options: RequestHandlerOptions = {}): InProcessRequestHandler {
  const config: Record<string, unknown> = {};
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request) {
      if ((request.method ?? 'POST').toUpperCase() === 'OPTIONS') return response(204, { ...PREFLIGHT_HEADERS }, '');
      let text: string | undefined;
      try {
        text = await bodyText(request.body);
      } catch {
        text = undefined;
      }
      if (text === undefined || Buffer.byteLength(text) > MAX_BODY_BYTES) {
        const body = errorBody('RequestEntityTooLargeException', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
        return response(413, responseHeaders(413, body), body);
      }
      const r = await handleProtocolRequest(eb, header(request.headers, 'x-amz-target'), text, options.afterMutation);
      return response(r.status, r.headers, r.body);
    },
    updateHttpClientConfig(key, value) {
      config[key] = value;
    },
    httpHandlerConfigs() {
      return { ...config };
    },
    destroy() {
      /* nothing to release */
    },
  };
}
