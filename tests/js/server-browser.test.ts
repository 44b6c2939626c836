// In Chromium (Debian's, through playwright-core): a page on another origin cannot call the
// endpoint or read its deliveries, and a page whose name was rebound to 127.0.0.1 (DNS rebinding)
// is refused by the Host check; a page on the machine's own origin can. Chromium resolves the
// test names to 127.0.0.1 (--host-resolver-rules), so every byte stays on loopback: the endpoint
// and the page server are two loopback servers on different ports, i.e. different origins.
// Chromium's own Private Network Access checks are switched off, as other browsers have none: what
// stops the page must be the endpoint's Origin and Host checks.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Browser, chromium } from 'playwright-core';
import { EventBridge } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const maybe = haveChromium ? describe : describe.skip;

const PAGE = '<!doctype html><title>page</title><p>page</p>';

let browser: Browser;
let eb: EventBridge;
let api: RunningEndpoint;
let pages: http.Server;
let pagePort: number;

maybe('a web page and the endpoint', () => {
  beforeAll(async () => {
    eb = await EventBridge.create();
    eb.putRule({ Name: 'secret', EventPattern: '{"source":["app"]}' });
    eb.putTargets({ Rule: 'secret', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] });
    await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{"card":"4111"}' }] });
    await eb.flush();
    api = await startEndpoint({ eb, host: '127.0.0.1', port: 0 });
    pages = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    pagePort = (pages.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP evil.test 127.0.0.1',
        '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks'],
      timeout: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await new Promise((r) => pages?.close(r));
    eb?.dispose();
  });

  // Runs `script` in a page loaded from `pageUrl`; returns what it returns.
  async function inPage<T>(pageUrl: string, script: (apiUrl: string) => Promise<T>): Promise<T> {
    const page = await browser.newPage();
    try {
      await page.goto(pageUrl);
      return await page.evaluate(script, api.url);
    } finally {
      await page.close();
    }
  }

  const attempts = async (apiUrl: string) => {
    const outcome = async (p: Promise<Response>) => {
      try {
        const r = await p;
        return `${r.status} ${await r.text()}`;
      } catch (e) {
        return `blocked: ${(e as Error).name}`;
      }
    };
    return {
      putRule: await outcome(fetch(`${apiUrl}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSEvents.PutRule', 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ Name: 'planted', EventPattern: '{"source":["x"]}' }),
      })),
      listRules: await outcome(fetch(`${apiUrl}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
        body: '{}',
      })),
      deliveries: await outcome(fetch(`${apiUrl}/_emulator/deliveries`)),
      clear: await outcome(fetch(`${apiUrl}/_emulator/deliveries`, { method: 'DELETE' })),
      // A simple request needs no preflight: it reaches the server, which must refuse it.
      simplePost: await outcome(fetch(`${apiUrl}/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })),
    };
  };

  test('a page on another origin can neither call the API nor read the deliveries', async () => {
    const seen: string[] = [];
    const spy = (req: http.IncomingMessage) => void seen.push(`${req.method} ${req.headers.origin}`);
    api.server.on('request', spy);
    const got = await inPage(`http://evil.test:${pagePort}/`, attempts).finally(() => api.server.off('request', spy));
    expect(got).toEqual({
      putRule: 'blocked: TypeError',
      listRules: 'blocked: TypeError',
      deliveries: 'blocked: TypeError',
      clear: 'blocked: TypeError',
      simplePost: 'blocked: TypeError',
    });
    expect(eb.listRules({}).Rules).toEqual([expect.objectContaining({ Name: 'secret' })]);
    expect(eb.deliveries()).toHaveLength(1);
    // Whatever reached the server came with the page's origin and was refused there.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.endsWith(`http://evil.test:${pagePort}`))).toBe(true);
  });

  test('DNS rebinding: a page whose own name now points at 127.0.0.1 gets 403 from the Host check', async () => {
    const page = await browser.newPage();
    try {
      // The attacker's page, first served by the attacker (fulfilled here), then the name resolves to
      // 127.0.0.1, so its same-origin requests reach the endpoint with Host: evil.test:PORT.
      const origin = `http://evil.test:${api.port}`;
      await page.route(`${origin}/attack.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PAGE }));
      await page.goto(`${origin}/attack.html`);
      const got = await page.evaluate(attempts, origin);
      expect(got.putRule).toMatch(/^403 \{"__type":"AccessDeniedException","message":"Host \\"evil\.test:\d+\\" is not allowed/);
      expect(got.listRules).toMatch(/^403 /);
      expect(got.deliveries).toMatch(/^403 /);
      expect(got.clear).toMatch(/^403 /);
      expect(eb.listRules({}).Rules).toHaveLength(1);
      expect(eb.deliveries()).toHaveLength(1);
    } finally {
      await page.close();
    }
  });

  test('a page on the machine\'s own origin (another loopback port) can', async () => {
    const got = await inPage(`http://localhost:${pagePort}/`, async (apiUrl) => {
      const r = await fetch(`${apiUrl}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
        body: '{}',
      });
      const d = await fetch(`${apiUrl}/_emulator/deliveries`);
      return { rules: (await r.json()).Rules.map((x: { Name: string }) => x.Name), deliveries: (await d.json()).length };
    });
    expect(got).toEqual({ rules: ['secret'], deliveries: 1 });
  });
});

test('Chromium is present, or the browser tests above are reported as skipped', () => {
  expect(typeof haveChromium).toBe('boolean');
});
