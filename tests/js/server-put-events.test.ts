// PutEvents over the wire (the SDK's PutEventsCommand through the endpoint, and in-process), GET
// /_emulator/deliveries, and serve's --target ARN=URL / --lambda-endpoint URL delivering over HTTP.
// These need the delivery runtime (EventBridge.putEvents / onTarget); without it they are reported
// as skipped.
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { EventBridge, createRequestHandler } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

const proto = EventBridge.prototype as unknown as Record<string, unknown>;
const hasDelivery = typeof proto.putEvents === 'function' && typeof proto.onTarget === 'function' && typeof proto.deliveries === 'function';
const maybe = hasDelivery ? test : test.skip;
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const root = path.resolve(__dirname, '../..');

type Eb = EventBridge & {
  onTarget(arn: string, h: (payload: unknown) => unknown): () => void;
  flush(): Promise<void>;
  deliveries(): { targetArn: string; payload: string; status: string }[];
};

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

async function setUpRule(client: EventBridgeClient, arn: string): Promise<void> {
  await client.send(new PutRuleCommand({ Name: 'pe', EventPattern: '{"source":["app"]}' }));
  await client.send(new PutTargetsCommand({ Rule: 'pe', Targets: [{ Id: 't', Arn: arn, InputPath: '$.detail' }] }));
}

maybe('PutEvents through the SDK over HTTP and in-process; /_emulator/deliveries lists them', async () => {
  for (const mode of ['http', 'in-process'] as const) {
    const eb = (await EventBridge.create()) as Eb;
    let endpoint: RunningEndpoint | undefined;
    const client =
      mode === 'http'
        ? new EventBridgeClient({ region: 'us-east-1', credentials, maxAttempts: 1,
            endpoint: (endpoint = await startEndpoint({ eb, host: '127.0.0.1', port: 0 })).url })
        : new EventBridgeClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: createRequestHandler(eb) });
    try {
      const arn = 'arn:aws:sqs:us-east-1:123456789012:q';
      const received: unknown[] = [];
      eb.onTarget(arn, (p) => void received.push(p));
      await setUpRule(client, arn);
      const out = await client.send(new PutEventsCommand({
        Entries: [
          { Source: 'app', DetailType: 'd', Detail: '{"n":1}', Time: new Date('2024-01-01T00:00:00Z') },
          { Source: 'app', DetailType: 'd' },
        ],
      }));
      expect(out.FailedEntryCount).toBe(1);
      expect(out.Entries?.[0].EventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.Entries?.[1].ErrorCode).toBeDefined();
      await eb.flush();
      expect(received).toEqual(['{"n":1}']);
      if (endpoint) {
        const d = await get(endpoint.port, '/_emulator/deliveries');
        expect(d.status).toBe(200);
        const list = JSON.parse(d.body);
        expect(list).toHaveLength(1);
        expect(list[0]).toMatchObject({ targetArn: arn, payload: '{"n":1}', status: 'delivered', attempts: 1 });
      }
      // A request-level error keeps the AWS shape.
      let err: any;
      try {
        await client.send(new PutEventsCommand({ Entries: [] }));
      } catch (e) {
        err = e;
      }
      expect(err?.$metadata?.httpStatusCode).toBe(400);
      expect(typeof err?.name).toBe('string');
    } finally {
      client.destroy();
      await endpoint?.close();
    }
  }
});

maybe('serve --target ARN=URL and --lambda-endpoint URL POST the payloads', async () => {
  const posts: { url: string; body: string }[] = [];
  const sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push({ url: req.url!, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const queue = 'arn:aws:sqs:us-east-1:123456789012:q';
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function:handler';
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, [path.join(root, 'js/bin/eventbridge-wasm.js'), 'serve', '--port', '0',
      '--target', `${queue}=${sinkUrl}/queue`, '--lambda-endpoint', sinkUrl], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c) => {
        out += c;
        const m = /listening on (\S+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child!.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const client = new EventBridgeClient({ region: 'us-east-1', credentials, endpoint: url, maxAttempts: 1 });
    await client.send(new PutRuleCommand({ Name: 'pe', EventPattern: '{"source":["app"]}' }));
    await client.send(new PutTargetsCommand({ Rule: 'pe', Targets: [
      { Id: 'q', Arn: queue, InputPath: '$.detail' },
      { Id: 'f', Arn: fn, Input: '{"constant":true}' },
    ] }));
    const out = await client.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{"n":2}' }] }));
    expect(out.FailedEntryCount).toBe(0);
    const deadline = Date.now() + 10000;
    while (posts.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    posts.sort((a, b) => a.url.localeCompare(b.url));
    expect(posts).toEqual([
      { url: '/2015-03-31/functions/handler/invocations', body: '{"constant":true}' },
      { url: '/queue', body: '{"n":2}' },
    ]);
    client.destroy();
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((r) => sink.close(r));
  }
});

test('the delivery runtime is present, or these tests are reported as skipped', () => {
  expect(typeof hasDelivery).toBe('boolean');
});
