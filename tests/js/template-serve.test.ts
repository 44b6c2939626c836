// The SAM flow end to end: `eventbridge-wasm serve --template template.yaml --lambda-endpoint URL
// --watch` (the built CLI as a child process) with a Lambda Invoke API server standing in for
// `sam local start-lambda`: an event put through the real AWS SDK reaches the function under its
// logical id, with the payload the template's rule gives it; editing the template reloads it
// (rule replaced, API-created rule kept, the log says what changed).
import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand, PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'js/bin/eventbridge-wasm.js');
const built = path.join(root, 'js/dist/cjs/templates/serve-template.js');

const TEMPLATE = (prefix: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
Resources:
  OrderHandler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Placed:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [shop.orders]
              detail:
                id: [{ prefix: ${prefix} }]
            InputPath: $.detail
  AuditRule:
    Type: AWS::Events::Rule
    Properties:
      Name: !Sub audit-\${Stage}
      EventPattern: { source: [shop.orders] }
      Targets:
        - Id: audit
          Arn: !GetAtt AuditFunction.Arn
          InputTransformer:
            InputPathsMap: { id: $.detail.id }
            InputTemplate: !Sub '{"audited": <id>, "stage": "\${Stage}"}'
  AuditFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub audit-\${Stage}
      Role: arn:aws:iam::123456789012:role/x
      Code: { ZipFile: 'exports.handler = async () => {}' }
      Handler: index.handler
      Runtime: nodejs20.x
`;

interface Invocation {
  name: string;
  body: unknown;
}

let lambda: http.Server;
let lambdaUrl: string;
const invocations: Invocation[] = [];
let dir: string;
let child: ChildProcess | undefined;
let stdout = '';

beforeAll(async () => {
  if (!fs.existsSync(built)) throw new Error('build the package first (node scripts/build.mjs --ts)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-template-'));
  lambda = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      if (req.method === 'POST' && m) {
        invocations.push({ name: decodeURIComponent(m[1]), body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('null');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
  lambdaUrl = `http://127.0.0.1:${(lambda.address() as { port: number }).port}`;
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await new Promise((r) => lambda.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function waitFor<T>(what: string, probe: () => T | undefined, ms = 15000): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = probe();
      if (v !== undefined) return resolve(v);
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}; stdout so far:\n${stdout}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

test('serve --template --lambda-endpoint --watch runs a SAM app\'s event flow and reloads on change', async () => {
  const file = path.join(dir, 'template.yaml');
  fs.writeFileSync(file, TEMPLATE('A-'));
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--template', file, '--parameter', 'Stage=dev', '--lambda-endpoint', lambdaUrl, '--watch'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const url = await waitFor('listening', () => /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1]);
  await waitFor('the load summary', () => (/2 created/.test(stdout) ? true : undefined));
  expect(stdout).toMatch(/\+ AWS::Events::Rule OrderHandlerPlaced \(rule sample|\+ AWS::Events::Rule OrderHandlerPlaced \(rule /);
  expect(stdout).toMatch(/skipped OrderHandler \(AWS::Lambda::Function\): a Lambda function is not emulated/);
  expect(stderr).toBe('');

  const client = new EventBridgeClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  // A rule created by an API call: the reload must keep it.
  await client.send(new PutRuleCommand({ Name: 'api-rule', EventPattern: JSON.stringify({ source: ['other'] }) }));
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Placed', Detail: JSON.stringify({ id: 'A-1' }) }] }));
  await waitFor('two invocations', () => (invocations.length >= 2 ? true : undefined));
  const byName = Object.fromEntries(invocations.map((i) => [i.name, i.body]));
  // SAM's start-lambda answers to the logical id; a plain AWS::Lambda::Function too.
  expect(byName).toEqual({ OrderHandler: { id: 'A-1' }, AuditFunction: { audited: 'A-1', stage: 'dev' } });

  // Edit the template: the SAM rule's pattern changes.
  invocations.length = 0;
  fs.writeFileSync(file, TEMPLATE('B-'));
  await waitFor('the reload', () => (/changed: reloaded/.test(stdout) ? true : undefined));
  await waitFor('the change lines', () => (/~ AWS::Events::Rule OrderHandlerPlaced .*EventPattern changed/.test(stdout) ? true : undefined));
  const rules = await client.send(new ListRulesCommand({}));
  const names = rules.Rules!.map((r) => r.Name!);
  expect(names).toHaveLength(3);
  expect(names).toEqual(expect.arrayContaining(['api-rule', 'audit-dev', expect.stringMatching(/^local-stack-OrderHandlerPlaced-[A-Z0-9]{12}$/)]));
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Placed', Detail: JSON.stringify({ id: 'A-2' }) }] }));
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Placed', Detail: JSON.stringify({ id: 'B-2' }) }] }));
  await waitFor('three invocations', () => (invocations.length >= 3 ? true : undefined));
  await new Promise((r) => setTimeout(r, 300));
  expect(invocations.filter((i) => i.name === 'OrderHandler').map((i) => i.body)).toEqual([{ id: 'B-2' }]);

  // A broken edit keeps the last good rules and says why.
  fs.writeFileSync(file, 'Resources: [unclosed');
  await waitFor('the failed reload', () => (/cannot be loaded: .*keeping the rules of the last load/.test(stdout) ? true : undefined));
  expect((await client.send(new ListRulesCommand({}))).Rules).toHaveLength(3);
  child.kill('SIGTERM');
});

test('serve --template takes what the template reads from SSM, other stacks and Secrets Manager from --ssm-parameter, --import-value and --secret', async () => {
  const file = path.join(dir, 'values.yaml');
  fs.writeFileSync(
    file,
    `Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      Name: from-values
      Description: '{{resolve:secretsmanager:notes:SecretString:text}}'
      EventPattern:
        source: ['{{resolve:ssm:/shop/source}}']
        detail-type: [!ImportValue shared-detail-type]
`,
  );
  const args = ['serve', '--port', '0', '--template', file, '--ssm-parameter', '/shop/source=shop.orders', '--import-value', 'shared-detail-type=Placed'];
  const server = spawn(process.execPath, [bin, ...args, '--secret', 'notes={"text":"a=b"}'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout!.on('data', (c) => (out += c));
  try {
    const start = Date.now();
    while (!/1 created/.test(out) && Date.now() - start < 15000) await new Promise((r) => setTimeout(r, 50));
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
    expect(url).toBeDefined();
    const client = new EventBridgeClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const rule = await client.send(new DescribeRuleCommand({ Name: 'from-values' }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['shop.orders'], 'detail-type': ['Placed'] });
    expect(rule.Description).toBe('a=b');
  } finally {
    server.kill('SIGTERM');
  }
  // Without the SSM value the template cannot be loaded: serve says why and exits.
  const missing = spawn(process.execPath, [bin, 'serve', '--port', '0', '--template', file, '--secret', 'notes=x'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  missing.stderr!.on('data', (c) => (err += c));
  const code = await new Promise((r) => missing.on('exit', r));
  expect(code).toBe(1);
  expect(err).toMatch(/cannot load template .*\{\{resolve:ssm:\/shop\/source\}\} reads SSM parameter \/shop\/source; pass its value/);
});
