// API destinations end to end: each authorization type delivers a real HTTP request to a local
// server (headers, query string, path parameters and body checked), OAuth tokens fetched, cached
// and refreshed on 401, InvocationRateLimitPerSecond kept on the emulator's clock, retries or not
// per status code (Retry-After included), the DLQ, the in-process handler, and no secret in the
// delivery log or the DLQ attributes.
import type {
  ConnectionAuthorizationType,
  CreateApiDestinationCommandInput,
  CreateConnectionAuthRequestParameters,
  Target,
} from '@aws-sdk/client-eventbridge';
import * as http from 'http';
import { EventBridge } from '../../js/src/index.node';
import { buildApiDestinationRequest, redactedUrl } from '../../js/src/core/api-destination-request';

const ACCOUNT = '123456789012';
const START = Date.parse('2024-06-01T00:00:00Z');
const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`;

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server that records requests and answers with the next scripted status. */
class Endpoint {
  readonly seen: Seen[] = [];
  readonly tokenRequests: Seen[] = [];
  statuses: (number | { status: number; headers?: Record<string, string> })[] = [];
  tokenAnswer: { status: number; body: unknown } = { status: 200, body: { access_token: 'tok-1', token_type: 'bearer', expires_in: 3600 } };
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        if (req.url?.startsWith('/oauth/token')) {
          this.tokenRequests.push(seen);
          res.writeHead(this.tokenAnswer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(this.tokenAnswer.body));
          return;
        }
        this.seen.push(seen);
        const next = this.statuses.shift() ?? 200;
        const answer = typeof next === 'number' ? { status: next } : next;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end('{}');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

let endpoint: Endpoint;
beforeEach(async () => {
  endpoint = new Endpoint();
  await endpoint.start();
});
afterEach(() => endpoint.stop());

async function setup(
  authorizationType: ConnectionAuthorizationType,
  AuthParameters: CreateConnectionAuthRequestParameters,
  destination: Partial<CreateApiDestinationCommandInput> = {},
  target: Partial<Target> = {},
) {
  const eb = await EventBridge.create({ accountId: ACCOUNT, clock: 'manual', startTime: new Date(START) });
  const conn = eb.createConnection({ Name: 'conn', AuthorizationType: authorizationType, AuthParameters });
  const dest = eb.createApiDestination({
    Name: 'dest',
    ConnectionArn: conn.ConnectionArn,
    InvocationEndpoint: `${endpoint.url}/orders/*/items/*`,
    HttpMethod: 'POST',
    ...destination,
  });
  const arn = dest.ApiDestinationArn as string;
  eb.putRule({ Name: 'r', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({
    Rule: 'r',
    Targets: [
      {
        Id: 'api',
        Arn: arn,
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/invoke`,
        InputTransformer: { InputPathsMap: { id: '$.detail.id' }, InputTemplate: '{"order": <id>, "kind": "created"}' },
        HttpParameters: {
          PathParameterValues: ['$.detail.id', 'fixed'],
          HeaderParameters: { 'x-target': 't', 'x-shared': 'from-target', 'x-dyn': '$.detail.kind' },
          QueryStringParameters: { q: 'target', shared: 'from-target' },
        },
        DeadLetterConfig: { Arn: DLQ },
        ...target,
      },
    ],
  });
  return { eb, arn, connectionArn: conn.ConnectionArn as string };
}

const invocation = {
  InvocationHttpParameters: {
    HeaderParameters: [
      { Key: 'x-shared', Value: 'from-connection' },
      { Key: 'x-secret-header', Value: 'hdr-secret', IsValueSecret: true },
    ],
    QueryStringParameters: [{ Key: 'shared', Value: 'from-connection' }],
  },
};

/** The messages sent to the dead-letter queue (the failed delivery's own record is another one). */
const dlqMessages = (eb: EventBridge) => eb.deliveries().filter((d) => d.targetArn === DLQ);

const order = (id: number, kind = 'book') => ({ Source: 'shop', DetailType: 'Order', Detail: JSON.stringify({ id, kind }) });

function expectCommonRequest(seen: Seen, id: number) {
  expect(seen.method).toBe('POST');
  const url = new URL(seen.url, 'http://x');
  expect(url.pathname).toBe(`/orders/${id}/items/fixed`);
  expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'target', shared: 'from-connection' });
  expect(seen.headers).toMatchObject({
    'user-agent': 'Amazon/EventBridge/ApiDestinations',
    'content-type': 'application/json; charset=utf-8',
    range: 'bytes=0-1048575',
    'accept-encoding': 'gzip,deflate',
    connection: 'close',
    'x-target': 't',
    'x-dyn': 'book',
    'x-shared': 'from-connection',
    'x-secret-header': 'hdr-secret',
  });
  expect(JSON.parse(seen.body)).toEqual({ order: id, kind: 'created' });
}

test('Basic: one real request with headers, query, path parameters and body', async () => {
  const { eb } = await setup('BASIC', { BasicAuthParameters: { Username: 'user', Password: 'pw' }, ...invocation });
  await eb.putEvents({ Entries: [order(7)] });
  await eb.flush();
  expect(endpoint.seen).toHaveLength(1);
  expectCommonRequest(endpoint.seen[0], 7);
  expect(endpoint.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
  expect(eb.deliveries()).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, payload: '{"order":7,"kind":"created"}' })]);
  eb.dispose();
});

test('API key: the key header', async () => {
  const { eb } = await setup('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-123' }, ...invocation });
  await eb.putEvents({ Entries: [order(8)] });
  await eb.flush();
  expect(endpoint.seen).toHaveLength(1);
  expectCommonRequest(endpoint.seen[0], 8);
  expect(endpoint.seen[0].headers['x-api-key']).toBe('k-123');
  expect(endpoint.seen[0].headers.authorization).toBeUndefined();
  eb.dispose();
});

test('OAuth client credentials: token fetched, cached until expiry, refreshed on 401', async () => {
  const oauth = (url: string): CreateConnectionAuthRequestParameters => ({
    OAuthParameters: {
      ClientParameters: { ClientID: 'client', ClientSecret: 'client-secret' },
      AuthorizationEndpoint: `${url}/oauth/token`,
      HttpMethod: 'POST',
      OAuthHttpParameters: { BodyParameters: [{ Key: 'grant_type', Value: 'client_credentials' }], QueryStringParameters: [{ Key: 'aud', Value: 'api' }] },
    },
    ...invocation,
  });
  const { eb } = await setup('OAUTH_CLIENT_CREDENTIALS', oauth(endpoint.url));
  expect(eb.describeConnection({ Name: 'conn' }).ConnectionState).toBe('AUTHORIZING');
  expect(eb.describeApiDestination({ Name: 'dest' }).ApiDestinationState).toBe('INACTIVE');
  await eb.putEvents({ Entries: [order(1)] });
  await eb.flush();
  expect(endpoint.tokenRequests).toHaveLength(1);
  const tokenRequest = endpoint.tokenRequests[0];
  expect(tokenRequest.method).toBe('POST');
  expect(tokenRequest.url).toBe('/oauth/token?aud=api');
  expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from('client:client-secret').toString('base64')}`);
  expect(tokenRequest.body).toBe('grant_type=client_credentials');
  expectCommonRequest(endpoint.seen[0], 1);
  expect(endpoint.seen[0].headers.authorization).toBe('Bearer tok-1');
  expect(eb.describeConnection({ Name: 'conn' }).ConnectionState).toBe('AUTHORIZED');
  expect(eb.describeApiDestination({ Name: 'dest' }).ApiDestinationState).toBe('ACTIVE');

  await eb.putEvents({ Entries: [order(2)] });
  await eb.flush();
  expect(endpoint.tokenRequests).toHaveLength(1); // cached

  // The endpoint rejects the token: the attempt fails, the retry fetches a new one.
  endpoint.statuses = [401];
  endpoint.tokenAnswer = { status: 200, body: { access_token: 'tok-2', expires_in: 3600 } };
  await eb.putEvents({ Entries: [order(3)] });
  await eb.flush();
  await eb.advanceTime(60_000);
  expect(endpoint.tokenRequests).toHaveLength(2);
  expect(endpoint.seen.slice(2).map((s) => s.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);

  // Expiry: an hour later (less the refresh margin) a new token is fetched before the request.
  endpoint.tokenAnswer = { status: 200, body: { access_token: 'tok-3', expires_in: 3600 } };
  await eb.advanceTime(3600_000);
  await eb.putEvents({ Entries: [order(4)] });
  await eb.flush();
  expect(endpoint.tokenRequests).toHaveLength(3);
  expect(endpoint.seen[endpoint.seen.length - 1].headers.authorization).toBe('Bearer tok-3');

  // A failing authorization endpoint deauthorizes the connection, with the reason.
  await eb.advanceTime(3600_000);
  endpoint.tokenAnswer = { status: 400, body: { error: 'invalid_client' } };
  await eb.putEvents({ Entries: [order(5)] });
  await eb.flush();
  const c = eb.describeConnection({ Name: 'conn' });
  expect(c.ConnectionState).toBe('DEAUTHORIZED');
  expect(c.StateReason).toMatch(/answered 400/);
  eb.dispose();
});

test('InvocationRateLimitPerSecond paces the requests on the manual clock', async () => {
  const { eb } = await setup('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } }, { InvocationRateLimitPerSecond: 2 });
  await eb.putEvents({ Entries: [1, 2, 3, 4, 5, 6].map((i) => order(i)) });
  await eb.flush();
  expect(endpoint.seen).toHaveLength(2); // a second's worth at once
  await eb.advanceTime(499);
  expect(endpoint.seen).toHaveLength(2);
  await eb.advanceTime(1);
  expect(endpoint.seen).toHaveLength(3); // then one every 500 ms
  await eb.advanceTime(1000);
  expect(endpoint.seen).toHaveLength(5);
  await eb.advanceTime(500);
  expect(endpoint.seen).toHaveLength(6);
  // In the order the events came.
  expect(endpoint.seen.map((s) => JSON.parse(s.body).order)).toEqual([1, 2, 3, 4, 5, 6]);
  eb.dispose();
});

test('the rate limit holds with the real clock too, and flush() waits for the held requests', async () => {
  const eb = await EventBridge.create({ accountId: ACCOUNT });
  const conn = eb.createConnection({ Name: 'c', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } });
  const dest = eb.createApiDestination({ Name: 'd', ConnectionArn: conn.ConnectionArn, InvocationEndpoint: `${endpoint.url}/x`, HttpMethod: 'PUT', InvocationRateLimitPerSecond: 4 });
  eb.putRule({ Name: 'r', EventPattern: JSON.stringify({ source: ['shop'] }) });
  eb.putTargets({ Rule: 'r', Targets: [{ Id: 'api', Arn: dest.ApiDestinationArn as string }] });
  const t0 = Date.now();
  await eb.putEvents({ Entries: [1, 2, 3, 4, 5, 6].map((i) => order(i)) });
  await eb.flush();
  expect(endpoint.seen).toHaveLength(6);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(490); // 4 at once, then 250 ms apart
  expect(endpoint.seen[0].method).toBe('PUT');
  eb.dispose();
});

test('retried statuses are retried (Retry-After respected), others go to the DLQ at once', async () => {
  const { eb } = await setup('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret-key' } });
  const times: number[] = [];
  const original = endpoint.seen.push.bind(endpoint.seen);
  endpoint.seen.push = (...items: Seen[]) => {
    times.push(eb.now());
    return original(...items);
  };
  // 500, then 429 asking for 30 s, then success.
  endpoint.statuses = [500, { status: 429, headers: { 'retry-after': '30' } }, 200];
  await eb.putEvents({ Entries: [order(1)] });
  await eb.advanceTime(120_000);
  expect(endpoint.seen).toHaveLength(3);
  expect(times[2] - times[1]).toBeGreaterThanOrEqual(30_000);
  expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 3 });

  // 404 is not retried: straight to the DLQ, without an exhausted retry condition.
  endpoint.statuses = [404];
  await eb.putEvents({ Entries: [order(2)] });
  await eb.advanceTime(120_000);
  expect(endpoint.seen).toHaveLength(4);
  const dead = dlqMessages(eb);
  expect(dead).toHaveLength(1);
  expect(dead[0].targetArn).toBe(DLQ);
  expect(dead[0].attributes).toMatchObject({ ERROR_CODE: 'ERROR_FROM_TARGET', RETRY_ATTEMPTS: '0' });
  expect(dead[0].attributes?.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
  expect(dead[0].attributes?.ERROR_MESSAGE).toMatch(/answered 404/);

  // A negative Retry-After stops the retries.
  endpoint.statuses = [{ status: 503, headers: { 'retry-after': '-1' } }];
  await eb.putEvents({ Entries: [order(3)] });
  await eb.advanceTime(120_000);
  expect(endpoint.seen).toHaveLength(5);
  expect(dlqMessages(eb)).toHaveLength(2);

  // 409 and 5xx keep being retried up to the policy.
  endpoint.statuses = [409, 409, 409];
  await eb.putEvents({ Entries: [order(4)] });
  await eb.advanceTime(3600_000);
  expect(endpoint.seen).toHaveLength(9);

  // No secret in the log or the DLQ attributes.
  expect(JSON.stringify(eb.deliveries())).not.toMatch(/secret-key/);
  eb.dispose();
});

test('a RetryPolicy of 0 attempts gives up after one 503 (EXHAUSTED_RETRY_CONDITION set)', async () => {
  const { eb } = await setup('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } }, {}, { RetryPolicy: { MaximumRetryAttempts: 0 } });
  endpoint.statuses = [503];
  await eb.putEvents({ Entries: [order(1)] });
  await eb.advanceTime(60_000);
  expect(endpoint.seen).toHaveLength(1);
  const dead = dlqMessages(eb)[0];
  expect(dead?.attributes?.EXHAUSTED_RETRY_CONDITION).toBe('MaximumRetryAttempts');
  eb.dispose();
});

test('in process: onTarget(apiDestinationArn) receives the request as it would be sent, and may answer a status', async () => {
  const { eb, arn } = await setup('BASIC', { BasicAuthParameters: { Username: 'u', Password: 'p' }, ...invocation });
  const requests: any[] = [];
  eb.onTarget(arn, (request) => {
    requests.push(request);
    return requests.length === 1 ? { status: 503 } : undefined;
  });
  await eb.putEvents({ Entries: [order(5)] });
  await eb.advanceTime(60_000);
  expect(endpoint.seen).toHaveLength(0); // nothing went to the network
  expect(requests).toHaveLength(2);
  const r = requests[0];
  expect(r.method).toBe('POST');
  expect(r.url).toBe(`${endpoint.url}/orders/5/items/fixed?q=target&shared=from-connection`);
  expect(r.headers).toMatchObject({
    Authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
    'User-Agent': 'Amazon/EventBridge/ApiDestinations',
    'Content-Type': 'application/json; charset=utf-8',
    'x-shared': 'from-connection',
    Host: new URL(endpoint.url).host,
    'Content-Length': String(Buffer.byteLength(r.body)),
  });
  expect(r.body).toBe('{"order":5,"kind":"created"}');
  expect(eb.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  eb.dispose();
});

test('a deauthorized connection fails without retry; a deleted destination too', async () => {
  const { eb } = await setup('BASIC', { BasicAuthParameters: { Username: 'u', Password: 'p' } });
  eb.deauthorizeConnection({ Name: 'conn' });
  await eb.putEvents({ Entries: [order(1)] });
  await eb.advanceTime(60_000);
  expect(endpoint.seen).toHaveLength(0);
  const dead = dlqMessages(eb);
  expect(dead[0].attributes).toMatchObject({ ERROR_CODE: 'NO_PERMISSIONS' });
  eb.deleteApiDestination({ Name: 'dest' });
  await eb.putEvents({ Entries: [order(2)] });
  await eb.advanceTime(60_000);
  expect(dlqMessages(eb)[1].attributes).toMatchObject({ ERROR_CODE: 'NO_RESOURCE' });
  eb.dispose();
});

test('messages name a request without its credentials or query string', () => {
  expect(redactedUrl('https://user:pw@api.example.com:8443/a/b?key=secret#x')).toBe('https://api.example.com:8443/a/b');
});

test('the request builder needs no emulator (usable in the browser build)', () => {
  const request = buildApiDestinationRequest(
    {
      Name: 'd',
      ApiDestinationArn: 'arn:aws:events:us-east-1:1:api-destination/d/x',
      InvocationEndpoint: 'https://api.example.com/v1/*?fixed=1',
      HttpMethod: 'GET',
      InvocationRateLimitPerSecond: 300,
      Connection: {
        Name: 'c',
        ConnectionArn: 'arn',
        AuthorizationType: 'API_KEY',
        ConnectionState: 'AUTHORIZED',
        SecretsRemoved: false,
        Generation: '1',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'v' }, InvocationHttpParameters: { BodyParameters: [{ Key: 'b', Value: '1' }] } },
      },
    },
    { PathParameterValues: ['a b/c'], QueryStringParameters: { t: '2' } },
    '{"x":1}',
  );
  expect(request).toEqual({
    method: 'GET',
    url: 'https://api.example.com/v1/a%20b%2Fc?fixed=1&t=2',
    headers: {
      'x-key': 'v',
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Amazon/EventBridge/ApiDestinations',
      Range: 'bytes=0-1048575',
      'Accept-Encoding': 'gzip,deflate',
      Connection: 'close',
      Host: 'api.example.com',
    },
    body: undefined,
  });
});
