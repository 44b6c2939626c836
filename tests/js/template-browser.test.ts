// loadTemplate() in a browser (Debian's Chromium through playwright-core): the browser build of the
// package (js/dist/esm) loaded by a plain <script type=module> page, with an import map for the two
// libraries the loader imports on first use (`yaml`'s browser build and @noble/hashes' ES modules),
// loads a SAM YAML template and a serverless.yml (md5-shortened names) and routes an event to the
// template's function. The page loads without the import map too, as long as no template is loaded.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const MOUNTS: [string, string][] = [
  ['/pkg/', path.join(root, 'js/dist/esm')],
  ['/vendor/yaml/', path.join(root, 'node_modules/yaml/browser')],
  ['/vendor/noble/', path.join(root, 'node_modules/@noble/hashes/esm')],
];

const PAGE = (importMap: boolean) => `<!doctype html><html><head>
${importMap ? `<script type="importmap">{"imports": {
  "yaml": "/vendor/yaml/index.js",
  "@noble/hashes/legacy": "/vendor/noble/legacy.js",
  "@noble/hashes/utils": "/vendor/noble/utils.js",
  "@noble/hashes/crypto": "/vendor/noble/crypto.js"
}}</script>` : ''}
<script type="module">
import { EventBridge } from '/pkg/index.browser.js';
window.run = async (sam, sls) => {
  const eb = await EventBridge.create({ clock: 'manual' });
  const report = await eb.loadTemplate(sam, { parameters: { Stage: 'test' } });
  const got = [];
  eb.onFunction('OrderHandler', (payload) => { got.push(payload); });
  await eb.putEvents({ Entries: [{ Source: 'shop', DetailType: 'Placed', Detail: '{"id":"o-1"}' }] });
  await eb.flush();
  const serverless = await eb.loadTemplate(sls);
  const target = eb.listTargetsByRule({ Rule: serverless.created[0].name }).Targets[0];
  eb.dispose();
  return { created: report.created.map((c) => c.name), got, serverless: serverless.created.map((c) => c.name), targetId: target.Id };
};
window.ready = true;
</script></head><body></body></html>`;

const SAM = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String }
Resources:
  OrderHandler:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub orders-\${Stage}
      Events:
        Placed:
          Type: EventBridgeRule
          Properties:
            RuleName: !Join ['-', [placed, !Ref Stage]]
            Pattern: { source: [shop] }
            InputPath: $.detail
`;
const SLS = `service: a-service-name-long-enough-for-hashing
functions:
  handlerWithALongName:
    handler: h.run
    events:
      - eventBridge:
          pattern:
            source: [shop]
`;

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/' || url === '/no-map') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(url === '/'));
      return;
    }
    for (const [prefix, dir] of MOUNTS) {
      if (!url.startsWith(prefix)) continue;
      const file = path.join(dir, url.slice(prefix.length));
      if (file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
        res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
        return;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const haveChromium = fs.existsSync(CHROMIUM) && fs.existsSync(path.join(root, 'js/dist/esm/index.browser.js'));

(haveChromium ? test : test.skip)('loadTemplate works in the browser build (YAML, SAM, Serverless md5 names, onFunction)', async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => (window as any).ready === true);
    const result = await page.evaluate(([sam, sls]: string[]) => (window as any).run(sam, sls), [SAM, SLS]);
    expect(result.created).toEqual(['placed-test']);
    expect(result.got).toEqual([{ id: 'o-1' }]);
    // The rule name would be 72 characters: Serverless keeps 25, adds the md5 of the whole name; the
    // target id (<rule name>-target) is shortened the same way.
    expect(result.serverless).toHaveLength(1);
    expect(result.serverless[0]).toMatch(/^a-service-name-long-enoug[0-9a-f]{32}-rule-1$/);
    expect(result.targetId).toMatch(/^a-service-name-long-enoug[0-9a-f]{32}-target$/);
    expect(result.serverless[0].slice(25, 57)).toBe('bbfb93a417e64953c06fbd344830982a');

    // Without the import map the package still loads; only loading a template needs the libraries.
    const bare = await browser.newPage();
    await bare.goto(`${base}/no-map`);
    await bare.waitForFunction(() => (window as any).ready === true);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
