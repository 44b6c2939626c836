// The serve endpoint over raw HTTP on 127.0.0.1: protocol errors (unknown or missing target,
// malformed JSON, oversized bodies) each answered and followed by a working request, response
// headers, CORS preflight, /_emulator/deliveries, and --web static files without traversal.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { EventBridge } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let endpoint: RunningEndpoint;
let eb: EventBridge;
let webDir: string;
let outside: string;

function request(method: string, urlPath: string, headers: Record<string, string | number> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: endpoint.port, method, path: urlPath, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function call(target: string | undefined, body: string): Promise<Reply> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    authorization: 'AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00',
    'x-amz-date': '20240101T000000Z',
  };
  if (target !== undefined) headers['x-amz-target'] = target;
  return request('POST', '/', headers, body);
}

async function stillServes(): Promise<void> {
  const r = await call('AWSEvents.ListRules', '{}');
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body)).toHaveProperty('Rules');
}

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-web-'));
  outside = path.join(path.dirname(webDir), `${path.basename(webDir)}-secret.txt`);
  fs.writeFileSync(outside, 'secret');
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>pg</title>');
  fs.writeFileSync(path.join(webDir, 'app.mjs'), 'export {};');
  fs.writeFileSync(path.join(webDir, 'x.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  fs.mkdirSync(path.join(webDir, 'sub'));
  fs.writeFileSync(path.join(webDir, 'sub', 'index.html'), 'sub');
  eb = await EventBridge.create();
  endpoint = await startEndpoint({ eb, host: '127.0.0.1', port: 0, webDir });
});

afterAll(async () => {
  await endpoint?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
  fs.rmSync(outside, { force: true });
});

test('listens on 127.0.0.1 with a real port', () => {
  expect(endpoint.host).toBe('127.0.0.1');
  expect(endpoint.port).toBeGreaterThan(0);
  expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}`);
});

test('a good request: 200, JSON 1.1 content type, a fresh UUID request id, no CORS header without an Origin', async () => {
  const a = await call('AWSEvents.PutRule', '{"Name":"r1","EventPattern":"{\\"source\\":[\\"a\\"]}"}');
  expect(a.status).toBe(200);
  expect(JSON.parse(a.body)).toEqual({ RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/r1' });
  expect(a.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(a.headers['access-control-allow-origin']).toBeUndefined();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  expect(a.headers['x-amzn-requestid']).toMatch(uuid);
  const b = await call('AWSEvents.DescribeRule', '{"Name":"r1"}');
  expect(b.headers['x-amzn-requestid']).toMatch(uuid);
  expect(b.headers['x-amzn-requestid']).not.toBe(a.headers['x-amzn-requestid']);
});

test('an AWS error: the dispatcher status and {"__type","message"}', async () => {
  const r = await call('AWSEvents.DescribeRule', '{"Name":"nope"}');
  expect(r.status).toBe(400);
  expect(JSON.parse(r.body)).toEqual({ __type: 'ResourceNotFoundException', message: 'Rule nope does not exist on EventBus default.' });
  expect(r.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  expect(r.headers['content-type']).toBe('application/x-amz-json-1.1');
});

test('unknown and missing targets: 400 UnknownOperationException, then it still serves', async () => {
  // The core's internal operations (_Emulator.*) are never reachable over the wire.
  const internal = ['AWSEvents._Emulator.PutEvents', 'AWSEvents._Emulator.FireSchedule', 'AWSEvents._Emulator.ListSchedules',
    // the one that answers a connection's secrets above all
    'AWSEvents._Emulator.ResolveApiDestination', 'AWSEvents._Emulator.StepReplay', 'AWSEvents._Emulator.SetConnectionAuthorization'];
  for (const target of ['AWSEvents.NoSuchOperation', 'Other.PutRule', undefined, ...internal]) {
    const r = await call(target, '{}');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).__type).toBe('UnknownOperationException');
    expect(typeof JSON.parse(r.body).message).toBe('string');
  }
  await stillServes();
});

test('malformed JSON: 400 SerializationException, then it still serves', async () => {
  for (const body of ['{"Name":', 'not json', '[]']) {
    const r = await call('AWSEvents.PutRule', body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).__type).toBe('SerializationException');
  }
  await stillServes();
});

test('an empty body is an empty input', async () => {
  const r = await call('AWSEvents.ListRules', '');
  expect(r.status).toBe(200);
});

test('a body over 1 MiB: 413 JSON error (declared length and chunked), then it still serves', async () => {
  const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
  const declared = await call('AWSEvents.PutRule', big as unknown as string);
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.body)).toEqual({
    __type: 'RequestEntityTooLargeException',
    message: 'Request body exceeds 1048576 bytes',
  });
  await stillServes();

  // Chunked, with no declared length: refused once the limit is crossed.
  const chunked = await new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: endpoint.port, method: 'POST', path: '/', agent: false,
        headers: { 'x-amz-target': 'AWSEvents.PutRule', 'transfer-encoding': 'chunked' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 2 * 1024 * 1024) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  expect(chunked.status).toBe(413);
  expect(JSON.parse(chunked.body).__type).toBe('RequestEntityTooLargeException');
  await stillServes();
});

test('exactly 1 MiB is accepted by the size check', async () => {
  const body = `{"Name":"r1"${' '.repeat(1024 * 1024 - 13)}}`;
  expect(Buffer.byteLength(body)).toBe(1024 * 1024);
  const r = await call('AWSEvents.DescribeRule', body);
  expect(r.status).toBe(200);
});

test('CORS preflight from a page on the machine lists the SDK headers and echoes its origin', async () => {
  const r = await request('OPTIONS', '/', {
    origin: 'http://localhost:5173',
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'x-amz-target,content-type',
  });
  expect(r.status).toBe(204);
  expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  expect(r.headers.vary).toBe('Origin');
  expect(r.headers['access-control-allow-methods']).toContain('POST');
  const allowed = String(r.headers['access-control-allow-headers']).split(/,\s*/);
  for (const h of ['x-amz-target', 'x-amz-date', 'authorization', 'x-amz-security-token', 'x-amz-user-agent',
    'amz-sdk-invocation-id', 'amz-sdk-request', 'content-type']) {
    expect(allowed).toContain(h);
  }
});

test('GET /_emulator/deliveries', async () => {
  const r = await request('GET', '/_emulator/deliveries');
  if (typeof (eb as unknown as { deliveries?: unknown }).deliveries === 'function') {
    expect(r.status).toBe(200);
    expect(Array.isArray(JSON.parse(r.body))).toBe(true);
  } else {
    expect(r.status).toBe(501);
    expect(JSON.parse(r.body)).toEqual({ message: 'deliveries are not available in this build' });
  }
});

test('--web: static files with their content types', async () => {
  const index = await request('GET', '/');
  expect(index.status).toBe(200);
  expect(index.headers['content-type']).toMatch(/^text\/html/);
  expect(index.body).toContain('<title>pg</title>');
  const mjs = await request('GET', '/app.mjs');
  expect(mjs.headers['content-type']).toMatch(/^text\/javascript/);
  const wasm = await request('GET', '/x.wasm');
  expect(wasm.headers['content-type']).toBe('application/wasm');
  expect((await request('GET', '/sub/')).body).toBe('sub');
  expect((await request('GET', '/index.html?v=1')).status).toBe(200);
  expect((await request('GET', '/missing.js')).status).toBe(404);
});

test('--web: no directory traversal', async () => {
  const name = path.basename(outside);
  for (const p of [`/../${name}`, `/%2e%2e/${name}`, `/..%2f${name}`, `/sub/../../${name}`, `/%2e%2e%5c${name}`]) {
    const r = await request('GET', p);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret');
  }
});
