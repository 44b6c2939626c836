// Safe by default (issue 14): regression tests for findings 1-6 and the JavaScript part of 9, each
// failing on the code before the fix (docs/reliability.md lists them with before/after figures).
//  1. CORS only for the machine's own origins; a foreign Origin gets 403 and no CORS headers
//  2. a foreign Host gets 403 (DNS rebinding)
//  3. a non-loopback --host needs --allow-remote
//  4. explicit header/body/idle timeouts and a connection cap
//  5. a target's answer is read only up to a small bound
//  6. Lambda function names cannot change the invocation path; other accounts/regions stay out
//  9. the delivery log is a bounded ring, paged over HTTP
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { EventBridge } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';
import { registerHttpTarget } from '../../js/src/server/targets';
import { startLambdaStandIn } from './helpers/lambda-stand-in';
import { assertBuilt, call, killChildren, request, runServe, startServe } from './helpers/serve-process';

const ACCOUNT = '123456789012';
const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;

let endpoints: RunningEndpoint[] = [];
async function endpoint(options: Partial<Parameters<typeof startEndpoint>[0]> = {}): Promise<RunningEndpoint> {
  const eb = await EventBridge.create();
  const e = await startEndpoint({ eb, host: '127.0.0.1', port: 0, ...options });
  endpoints.push(e);
  return e;
}

beforeAll(assertBuilt);
afterEach(async () => {
  await Promise.all(endpoints.map((e) => e.close()));
  endpoints = [];
});
afterAll(killChildren);

describe('1-2. only the machine\'s own origins and Host names, by default', () => {
  test('a foreign Origin cannot call the API, preflight it or read the deliveries: 403 and no CORS headers', async () => {
    const e = await endpoint();
    const evil = { origin: 'http://evil.example' };
    const put = await call(e.port, 'PutRule', { Name: 'r', EventPattern: '{"source":["a"]}' }, evil);
    expect(put.status).toBe(403);
    expect(put.body).toEqual({ __type: 'AccessDeniedException', message: expect.stringContaining('Origin "http://evil.example" is not allowed') });
    expect(put.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(e.port, 'OPTIONS', '/', { ...evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const read = await request(e.port, 'GET', '/_emulator/deliveries', evil);
    expect(read.status).toBe(403);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    // The rule was never created.
    expect((await call(e.port, 'ListRules', {})).body.Rules).toEqual([]);
    // `Origin: null` (a sandboxed or file:// page) is foreign too.
    expect((await call(e.port, 'ListRules', {}, { origin: 'null' })).status).toBe(403);
  });

  test('pages on localhost, 127.0.0.1 and [::1] (any port) and callers without an Origin are answered', async () => {
    const e = await endpoint();
    expect((await call(e.port, 'ListRules', {})).status).toBe(200);
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost']) {
      const r = await call(e.port, 'ListRules', {}, { origin });
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
    }
  });

  test('a foreign Host is refused (DNS rebinding); loopback names with any port are answered', async () => {
    const e = await endpoint();
    const rebound = await call(e.port, 'ListRules', {}, { host: `evil.example:${e.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body.message).toContain(`Host "evil.example:${e.port}" is not allowed`);
    expect((await request(e.port, 'GET', '/_emulator/deliveries', { host: 'evil.example' })).status).toBe(403);
    for (const host of [`localhost:${e.port}`, `127.0.0.1:${e.port}`, `[::1]:${e.port}`, 'LOCALHOST']) {
      expect((await call(e.port, 'ListRules', {}, { host })).status).toBe(200);
    }
  });

  test('--allow-host and --cors-origin open exactly what they name', async () => {
    const s = await startServe(['--quiet', '--allow-host', 'app.test', '--cors-origin', 'http://app.test:3000']);
    expect((await call(s.port, 'ListRules', {}, { host: `app.test:${s.port}`, origin: 'http://app.test:3000' })).status).toBe(200);
    expect((await call(s.port, 'ListRules', {}, { host: `app.test:${s.port}`, origin: 'http://app.test:3001' })).status).toBe(403);
    expect((await call(s.port, 'ListRules', {}, { host: `other.test:${s.port}` })).status).toBe(403);
    s.child.kill('SIGTERM');
    await s.exited;
  });
});

describe('3. a non-loopback --host', () => {
  test('is refused without --allow-remote, saying why; loopback addresses need nothing', async () => {
    const r = await runServe(['--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('serve: not listening on 0.0.0.0: it accepts connections from other machines');
    expect(r.stderr).toContain('Add --allow-remote to listen there anyway.');
    const s = await startServe(['--quiet', '--host', '127.0.0.2']);
    expect(s.url).toBe(`http://127.0.0.2:${s.port}`);
    s.child.kill('SIGTERM');
    await s.exited;
  });
});

describe('4. slow and idle clients', () => {
  test('the defaults: headers 10 s, whole request 30 s, keep-alive 5 s, 128 connections', async () => {
    const e = await endpoint();
    expect(e.server.headersTimeout).toBe(10_000);
    expect(e.server.requestTimeout).toBe(30_000);
    expect(e.server.keepAliveTimeout).toBe(5_000);
    expect(e.server.maxConnections).toBe(128);
  });

  function closedWithin(socket: net.Socket, ms: number): Promise<number> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
      socket.on('error', () => undefined);
      socket.resume(); // read, so that the server's FIN is seen
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - t0);
      });
    });
  }

  function connect(port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    });
  }

  test('a chunked body that never ends and a silent connection are dropped at their limits', async () => {
    const e = await endpoint({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 800 } });
    const slow = await connect(e.port);
    slow.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.ListRules\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n');
    const dribble = setInterval(() => slow.writable && slow.write('1\r\n \r\n'), 100);
    try {
      expect(await closedWithin(slow, 5000)).toBeLessThan(3000);
    } finally {
      clearInterval(dribble);
    }
    const silent = await connect(e.port);
    expect(await closedWithin(silent, 5000)).toBeLessThan(3000);
  });

  test('connections beyond the cap are closed at once; the server answers again when they go', async () => {
    const e = await endpoint({ limits: { maxConnections: 4, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 } });
    const held = await Promise.all([1, 2, 3, 4].map(() => connect(e.port)));
    await new Promise((r) => setTimeout(r, 100));
    const extra = await connect(e.port);
    expect(await closedWithin(extra, 3000)).toBeLessThan(3000);
    held.forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(e.port, 'ListRules', {})).status).toBe(200);
  });
});

describe('5. a target\'s answer', () => {
  test('is read only up to a small bound: a 64 MB answer is not downloaded', async () => {
    let written = 0;
    const big = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(64 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (written = Math.min(written, 64 * 1024 * 1024)));
      pump();
    });
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    try {
      const eb = await EventBridge.create({ clock: 'manual' });
      registerHttpTarget(eb as never, queue, `http://127.0.0.1:${(big.address() as AddressInfo).port}/q`);
      eb.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
      eb.putTargets({ Rule: 'r', Targets: [{ Id: 'q', Arn: queue }] });
      await eb.putEvents({ Entries: [{ Source: 'a', DetailType: 'd', Detail: '{}' }] });
      await eb.flush();
      expect(eb.deliveries()[0].status).toBe('delivered');
      await new Promise((r) => setTimeout(r, 200));
      // What the socket buffers absorbed before the emulator hung up, far below the 64 MB.
      expect(written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await new Promise((r) => { big.close(r); big.closeAllConnections(); });
    }
  });
});

describe('6. Lambda function ARNs', () => {
  test('a name like .. cannot change the invocation path; other accounts and regions never reach the endpoint', async () => {
    const runner = await startLambdaStandIn('serverless-offline', { f: () => undefined });
    try {
      const s = await startServe(['--lambda-endpoint', runner.url]);
      await call(s.port, 'PutRule', { Name: 'r', EventPattern: '{"source":["a"]}' });
      const arns = [
        `arn:aws:lambda:us-east-1:${ACCOUNT}:function:..`,
        `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:f`,
        `arn:aws:lambda:us-east-1:210987654321:function:f`,
        `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`,
      ];
      const put = await call(s.port, 'PutTargets', { Rule: 'r', Targets: arns.map((Arn, i) => ({ Id: `t${i}`, Arn })) });
      expect(put.body.FailedEntryCount).toBe(0);
      await call(s.port, 'PutEvents', { Entries: [{ Source: 'a', DetailType: 'd', Detail: '{}' }] });
      for (let i = 0; i < 200 && runner.invocations.length < 1; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      expect(runner.invocations.map((i) => i.url)).toEqual(['/2015-03-31/functions/f/invocations']);
      s.child.kill('SIGTERM');
      await s.exited;
    } finally {
      await runner.close();
    }
  });
});

describe('9. the delivery log', () => {
  test('is a ring bounded by default in bytes (64 MiB): 80 MB of payloads keep the newest 64 MiB', async () => {
    const eb = await EventBridge.create({ clock: 'manual' });
    eb.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
    eb.putTargets({ Rule: 'r', Targets: [1, 2, 3, 4, 5].map((i) => ({ Id: `t${i}`, Arn: `${queue}${i}` })) });
    const detail = JSON.stringify({ pad: 'x'.repeat(200 * 1024) });
    for (let i = 0; i < 80; i++) await eb.putEvents({ Entries: [{ Source: 'a', DetailType: 'd', Detail: detail }] });
    await eb.flush();
    const log = eb.deliveries();
    const bytes = log.reduce((n, d) => n + d.payload.length, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(log.length).toBeLessThan(400);
    expect(log[log.length - 1].id).toBe(400);
  });

  test('maxRecords bounds it in records; GET /_emulator/deliveries pages it', async () => {
    const eb = await EventBridge.create({ clock: 'manual', deliveryLog: { maxRecords: 50 } });
    eb.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
    eb.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: queue }] });
    for (let i = 0; i < 12; i++) {
      await eb.putEvents({ Entries: Array.from({ length: 10 }, () => ({ Source: 'a', DetailType: 'd', Detail: '{}' })) });
    }
    await eb.flush();
    expect(eb.deliveries()).toHaveLength(50);
    const e = await startEndpoint({ eb, host: '127.0.0.1', port: 0 });
    endpoints.push(e);
    const page = await request(e.port, 'GET', '/_emulator/deliveries?limit=20');
    expect(page.body).toHaveLength(20);
    expect(page.body[0].id).toBe(71);
    expect(page.headers['x-emulator-next-after']).toBe('90');
  });
});
