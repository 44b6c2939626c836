// loadTemplate() beyond the real-template corpora: each intrinsic function, the errors that name the
// resource and property, stack updates (reload), onFunction(), Serverless variables and formats.
import { EventBridge } from '../../js/src/index.node';

let eb: EventBridge;
beforeEach(async () => {
  eb = await EventBridge.create({ accountId: '123456789012', region: 'us-east-1' });
});
afterEach(() => eb.dispose());

const rule = (props: Record<string, unknown>) => ({ Type: 'AWS::Events::Rule', Properties: props });

function pattern(name: string, bus?: string): unknown {
  return JSON.parse(eb.describeRule({ Name: name, ...(bus ? { EventBusName: bus } : {}) }).EventPattern as string);
}

test('intrinsics resolve as CloudFormation resolves them', async () => {
  const template = {
    Parameters: {
      Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
      Sources: { Type: 'CommaDelimitedList', Default: 'a.one,a.two' },
      Threshold: { Type: 'Number', Default: 5 },
    },
    Mappings: { Tiers: { dev: { Level: 'low' }, prod: { Level: 'high' } } },
    Conditions: {
      IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] },
      NotProd: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }] },
      Both: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'NotProd' }] },
      Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['x', 'y'] }] },
      Never: { 'Fn::Equals': ['a', 'b'] },
    },
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: { 'Fn::Sub': '${AWS::StackName}-${Env}' } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Join': ['-', ['q', { Ref: 'Env' }]] } } },
      Rule: rule({
        Name: { 'Fn::Sub': ['r-${Level}-${Region}', { Level: { 'Fn::FindInMap': ['Tiers', { Ref: 'Env' }, 'Level'] }, Region: { Ref: 'AWS::Region' } }] },
        EventBusName: { Ref: 'Bus' },
        EventPattern: {
          source: { Ref: 'Sources' },
          account: [{ Ref: 'AWS::AccountId' }],
          'detail-type': [{ 'Fn::Select': [1, { 'Fn::Split': ['|', 'x|Order|y'] }] }],
          detail: {
            tier: [{ 'Fn::If': ['Both', 'both', 'neither'] }, { 'Fn::If': ['Either', 'either', { Ref: 'AWS::NoValue' }] }],
            partition: [{ Ref: 'AWS::Partition' }, { 'Fn::Sub': '${AWS::URLSuffix}' }, { 'Fn::Sub': '${!Literal}' }],
            // A Number parameter is text once resolved, as in CloudFormation.
            count: [{ Ref: 'Threshold' }],
          },
        },
        Description: { 'Fn::If': ['Never', 'x', { Ref: 'AWS::NoValue' }] },
        Targets: [{ Id: 'q', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Input: { 'Fn::Sub': '{"queue":"${Queue.QueueName}","url":"${Queue}"}' } }],
      }),
      Skipped: { ...rule({ Name: 'never' }), Condition: 'Never' },
    },
  };
  const report = await eb.loadTemplate(template, { stackName: 'st' });
  expect(report.created.map((c) => c.logicalId)).toEqual(['Bus', 'Rule']);
  expect(report.skipped.find((s) => s.logicalId === 'Skipped')?.reason).toBe('not created: Condition Never is false');
  expect(report.created[1]).toMatchObject({ name: 'r-low-us-east-1', eventBusName: 'st-dev' });
  expect(pattern('r-low-us-east-1', 'st-dev')).toEqual({
    source: ['a.one', 'a.two'],
    account: ['123456789012'],
    'detail-type': ['Order'],
    detail: { tier: ['both', 'either'], partition: ['aws', 'amazonaws.com', '${Literal}'], count: ['5'] },
  });
  const d = eb.describeRule({ Name: 'r-low-us-east-1', EventBusName: 'st-dev' });
  expect(d.Description).toBeUndefined();
  const [target] = eb.listTargetsByRule({ Rule: 'r-low-us-east-1', EventBusName: 'st-dev' }).Targets!;
  expect(target.Arn).toBe('arn:aws:sqs:us-east-1:123456789012:q-dev');
  expect(target.Input).toBe('{"queue":"q-dev","url":"https://sqs.us-east-1.amazonaws.com/123456789012/q-dev"}');
});

test('parameters: a missing value, an unknown name and a value outside AllowedValues are refused before anything is created', async () => {
  const template = { Parameters: { A: { Type: 'String' }, B: { Type: 'String', AllowedValues: ['x'] , Default: 'x'} }, Resources: { R: rule({ Name: 'r', ScheduleExpression: 'rate(1 hour)' }) } };
  await expect(eb.loadTemplate(template)).rejects.toThrow('Parameters: [A] must have values');
  await expect(eb.loadTemplate(template, { parameters: { A: '1', C: '2' } })).rejects.toThrow('Parameters: [C] do not exist in the template');
  await expect(eb.loadTemplate(template, { parameters: { A: '1', B: 'y' } })).rejects.toThrow("Parameter 'B' must be one of AllowedValues");
  expect(eb.listRules({}).Rules).toEqual([]);
});

test('Fn::ImportValue and SSM values come from the options, else a TemplateError names the resource and property', async () => {
  const template = {
    Parameters: { Bus: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/bus' } },
    Resources: {
      R: rule({
        Name: 'imported',
        EventBusName: { Ref: 'Bus' },
        EventPattern: { source: ['{{resolve:ssm:/app/source}}'] },
        Targets: [{ Id: 't', Arn: { 'Fn::ImportValue': 'shared-queue-arn' } }],
      }),
    },
  };
  await expect(eb.loadTemplate(template)).rejects.toThrow(
    'resource R, property EventBusName.Ref: parameter Bus (AWS::SSM::Parameter::Value<String>) reads SSM parameter /app/bus; pass its value in options.ssmParameters',
  );
  await expect(eb.loadTemplate(template, { ssmParameters: { '/app/bus': 'default', '/app/source': 'app' } })).rejects.toThrow(
    'resource R, property Targets[0].Arn: Fn::ImportValue "shared-queue-arn" has no value; pass it in options.importValues',
  );
  await expect(eb.loadTemplate(template, { ssmParameters: { '/app/bus': 'default' }, importValues: { 'shared-queue-arn': 'arn:aws:sqs:us-east-1:123456789012:q' } })).rejects.toThrow(
    'resource R, property EventPattern.source[0]: {{resolve:ssm:/app/source}} reads SSM parameter /app/source',
  );
  expect(eb.listRules({}).Rules).toEqual([]);
  const report = await eb.loadTemplate(template, {
    ssmParameters: { '/app/bus': 'default', '/app/source': 'app' },
    importValues: { 'shared-queue-arn': 'arn:aws:sqs:us-east-1:123456789012:q' },
  });
  expect(report.created).toHaveLength(1);
  expect(pattern('imported')).toEqual({ source: ['app'] });
});

test('what the loader cannot resolve skips the resource with a reason naming the property, never a different rule', async () => {
  const report = await eb.loadTemplate({
    Resources: {
      Azs: rule({ Name: 'azs', EventPattern: { detail: { az: { 'Fn::GetAZs': '' } } } }),
      Unknown: { Type: 'AWS::Foo::Bar', Properties: {} },
      RefUnknown: rule({ Name: 'ref-unknown', EventPattern: { source: [{ Ref: 'Unknown' }] } }),
      AttrUnknown: rule({ Name: 'attr', ScheduleExpression: 'rate(1 hour)', Targets: [{ Id: 't', Arn: { 'Fn::GetAtt': ['Unknown', 'Arn'] } }] }),
      NoSuch: rule({ Name: 'nosuch', EventPattern: { source: [{ Ref: 'Missing' }] } }),
      Bad: rule({ Name: 'bad', EventPattern: { source: 'not-a-list' } }),
      Scheduler: { Type: 'AWS::Scheduler::Schedule', Properties: {} },
      DependsOnBad: rule({ Name: 'dep', EventPattern: { source: [{ 'Fn::GetAtt': ['Bad', 'Arn'] }] } }),
    },
  });
  const reason = (id: string) => report.skipped.find((s) => s.logicalId === id)?.reason;
  expect(report.created).toEqual([]);
  expect(reason('Azs')).toBe('resource Azs, property EventPattern.detail.az.Fn::GetAZs: Fn::GetAZs is not supported by this loader');
  expect(reason('Unknown')).toMatch(/^AWS::Foo::Bar is not emulated/);
  expect(reason('RefUnknown')).toBe('resource RefUnknown, property EventPattern.source[0].Ref: Ref Unknown: what Ref returns for AWS::Foo::Bar is not known to this loader');
  expect(reason('AttrUnknown')).toMatch(/property Targets\[0\]\.Arn\.Fn::GetAtt: Fn::GetAtt Unknown\.Arn: this loader does not know the Arn attribute of AWS::Foo::Bar/);
  expect(reason('NoSuch')).toBe('resource NoSuch, property EventPattern.source[0].Ref: Ref Missing: no parameter or resource of that name');
  expect(reason('Bad')).toMatch(/^PutRule\/PutTargets failed: InvalidEventPatternException: /);
  expect(reason('Scheduler')).toMatch(/EventBridge Scheduler is a different service/);
  expect(reason('DependsOnBad')).toBe('depends on Bad, which was not created');
  expect(eb.listRules({}).Rules).toEqual([]);
});

test('a property the resource type does not have is refused naming it, as CloudFormation refuses it (never a rule without it)', async () => {
  const report = await eb.loadTemplate({
    Resources: {
      Typo: rule({ Name: 'typo', EventPatern: { source: ['shop'] } }),
      Archive: { Type: 'AWS::Events::Archive', Properties: { SourceArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default', Retention: 3 } },
      Conn: { Type: 'AWS::Events::Connection', Properties: { AuthorizationType: 'API_KEY', Tags: [] } },
      Dest: { Type: 'AWS::Events::ApiDestination', Properties: { HttpMethod: 'POST', InvocationEndpoint: 'https://example.com', ConnectionArn: 'x', Timeout: 5 } },
    },
  });
  const reason = (id: string) => report.skipped.find((s) => s.logicalId === id)?.reason;
  expect(report.created).toEqual([]);
  expect(reason('Typo')).toMatch(/^resource Typo, property EventPatern: Encountered unsupported property EventPatern \(AWS::Events::Rule has Description, EventBusName, EventPattern, /);
  expect(reason('Archive')).toMatch(/^resource Archive, property Retention: Encountered unsupported property Retention /);
  expect(reason('Conn')).toMatch(/^resource Conn, property Tags: Encountered unsupported property Tags /);
  expect(reason('Dest')).toMatch(/^resource Dest, property Timeout: Encountered unsupported property Timeout /);
  expect(eb.listRules({}).Rules).toEqual([]);
});

test('a rule name taken by a rule created by an API call is not overwritten', async () => {
  eb.putRule({ Name: 'taken', EventPattern: JSON.stringify({ source: ['api'] }) });
  const report = await eb.loadTemplate({ Resources: { R: rule({ Name: 'taken', EventPattern: { source: ['template'] } }) } });
  expect(report.skipped[0]).toEqual({ logicalId: 'R', type: 'AWS::Events::Rule', reason: 'a rule named taken already exists on bus default (not created by this stack)' });
  expect(pattern('taken')).toEqual({ source: ['api'] });
});

test('adoptExisting (serve --state): rules of the template restored from a state file are taken over and updated', async () => {
  eb.putRule({ Name: 'taken', EventPattern: JSON.stringify({ source: ['old'] }) });
  eb.putTargets({ Rule: 'taken', Targets: [{ Id: 'stale', Arn: 'arn:aws:sqs:us-east-1:123456789012:stale' }] });
  const report = await eb.loadTemplate(
    { Resources: { R: rule({ Name: 'taken', EventPattern: { source: ['template'] }, Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] }) } },
    { adoptExisting: true },
  );
  expect(report.created.map((c) => c.name)).toEqual(['taken']);
  expect(report.changes).toEqual(['~ AWS::Events::Rule R (rule taken on bus default): (taken over from the existing resource) changed']);
  expect(pattern('taken')).toEqual({ source: ['template'] });
  expect((eb.listTargetsByRule({ Rule: 'taken' }).Targets as { Id: string }[]).map((t) => t.Id)).toEqual(['q']);
});

test('adoptExisting (serve --state): archives, connections and API destinations restored from a state file are taken over', async () => {
  const template = {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'orders' } },
      Archive: { Type: 'AWS::Events::Archive', Properties: { SourceArn: { 'Fn::GetAtt': ['Bus', 'Arn'] }, RetentionDays: 3 } },
      Conn: {
        Type: 'AWS::Events::Connection',
        Properties: { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'secret' } } },
      },
      Dest: {
        Type: 'AWS::Events::ApiDestination',
        Properties: { Name: 'hook', ConnectionArn: { 'Fn::GetAtt': ['Conn', 'Arn'] }, InvocationEndpoint: 'https://example.com/hook', HttpMethod: 'POST' },
      },
      R: rule({ Name: 'to-hook', EventBusName: { Ref: 'Bus' }, EventPattern: { source: ['shop'] }, Targets: [{ Id: 'h', Arn: { 'Fn::GetAtt': ['Dest', 'Arn'] }, RoleArn: 'arn:aws:iam::123456789012:role/r' }] }),
    },
  };
  await eb.loadTemplate(template, { stackName: 's' });
  const saved = eb.exportState();
  const restarted = await EventBridge.create({ accountId: '123456789012', region: 'us-east-1' });
  try {
    restarted.importState(saved);
    const report = await restarted.loadTemplate(template, { stackName: 's', adoptExisting: true });
    expect(report.skipped).toEqual([]);
    expect(report.created.map((c) => c.logicalId).sort()).toEqual(['Archive', 'Bus', 'Conn', 'Dest', 'R']);
    const destArn = restarted.describeApiDestination({ Name: 'hook' }).ApiDestinationArn;
    expect(report.created.find((c) => c.logicalId === 'Dest')?.arn).toBe(destArn);
    expect(restarted.listTargetsByRule({ Rule: 'to-hook', EventBusName: 'orders' }).Targets?.map((t) => t.Arn)).toEqual([destArn]);
    expect(restarted.describeArchive({ ArchiveName: report.created.find((c) => c.logicalId === 'Archive')!.name }).RetentionDays).toBe(3);
  } finally {
    restarted.dispose();
  }
});

test('an archive whose source bus changes is replaced on reload (SourceArn requires replacement)', async () => {
  const archive = (bus: string) => ({
    Resources: {
      A: { Type: 'AWS::Events::EventBus', Properties: { Name: 'a' } },
      B: { Type: 'AWS::Events::EventBus', Properties: { Name: 'b' } },
      Archive: { Type: 'AWS::Events::Archive', Properties: { ArchiveName: 'keep', SourceArn: { 'Fn::GetAtt': [bus, 'Arn'] } } },
    },
  });
  await eb.loadTemplate(archive('A'), { stackName: 's' });
  const second = await eb.loadTemplate(archive('B'), { stackName: 's' });
  expect(second.skipped).toEqual([]);
  expect(second.changes).toEqual(['- AWS::Events::Archive Archive (archive keep)', '+ AWS::Events::Archive Archive (archive keep)']);
  expect(eb.describeArchive({ ArchiveName: 'keep' }).EventSourceArn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/b');
});

test('loading the same stack again updates it: deleted, changed and unchanged rules; API-created rules and buses stay', async () => {
  const v1 = {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'orders' } },
      Keep: rule({ Name: 'keep', EventBusName: 'orders', EventPattern: { source: ['k'] } }),
      Change: rule({ Name: 'change', EventPattern: { source: ['c1'] }, Targets: [{ Id: 'a', Arn: 'arn:aws:sqs:us-east-1:123456789012:a' }, { Id: 'b', Arn: 'arn:aws:sqs:us-east-1:123456789012:b' }] }),
      Drop: rule({ Name: 'drop', ScheduleExpression: 'rate(5 minutes)' }),
    },
  };
  const first = await eb.loadTemplate(v1, { stackName: 's' });
  expect(first.changes).toHaveLength(4);
  eb.putRule({ Name: 'api', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['api'] }) });
  const v2 = JSON.parse(JSON.stringify(v1));
  delete v2.Resources.Drop;
  v2.Resources.Change.Properties.EventPattern = { source: ['c2'] };
  v2.Resources.Change.Properties.Targets = [{ Id: 'a', Arn: 'arn:aws:sqs:us-east-1:123456789012:a' }];
  v2.Resources.New = rule({ Name: 'new', EventPattern: { source: ['n'] } });
  const second = await eb.loadTemplate(v2, { stackName: 's' });
  expect(second.changes).toEqual([
    '- AWS::Events::Rule Drop (rule drop on bus default)',
    '~ AWS::Events::Rule Change (rule change on bus default): EventPattern, Targets changed',
    '+ AWS::Events::Rule New (rule new on bus default)',
  ]);
  expect((eb.listRules({}).Rules as { Name: string }[]).map((r) => r.Name).sort()).toEqual(['change', 'new']);
  expect((eb.listRules({ EventBusName: 'orders' }).Rules as { Name: string }[]).map((r) => r.Name).sort()).toEqual(['api', 'keep']);
  expect(pattern('change')).toEqual({ source: ['c2'] });
  expect((eb.listTargetsByRule({ Rule: 'change' }).Targets as { Id: string }[]).map((t) => t.Id)).toEqual(['a']);
  // Removing the bus from the template: its API-created rule keeps it alive, and the log says so.
  const v3 = { Resources: { New: v2.Resources.New } };
  const third = await eb.loadTemplate(v3, { stackName: 's' });
  expect(third.changes).toContain('- AWS::Events::Rule Keep (rule keep on bus orders)');
  expect(third.changes.some((c) => c.startsWith('! AWS::Events::EventBus Bus (bus orders) not deleted'))).toBe(true);
  expect(eb.describeEventBus({ Name: 'orders' }).Name).toBe('orders');
});

test('a reload whose update AWS refuses keeps the previous version of that rule', async () => {
  const t = (p: unknown) => ({ Resources: { R: rule({ Name: 'r', EventPattern: p }) } });
  await eb.loadTemplate(t({ source: ['ok'] }), { stackName: 's' });
  const report = await eb.loadTemplate(t({ source: 'not-a-list' }), { stackName: 's' });
  expect(report.skipped[0].reason).toMatch(/InvalidEventPatternException[\s\S]*; the version of the previous load is kept$/);
  expect(pattern('r')).toEqual({ source: ['ok'] });
  const again = await eb.loadTemplate(t({ source: ['ok2'] }), { stackName: 's' });
  expect(again.changes).toEqual(['~ AWS::Events::Rule R (rule r on bus default): EventPattern changed']);
});

test('onFunction() finds a template function by logical id or FunctionName, its alias included', async () => {
  eb = await EventBridge.create({ clock: 'manual' });
  await eb.loadTemplate(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: shop-orders
      AutoPublishAlias: live
      Events:
        Placed: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop] } } }
  Audit:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        All: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop] }, Input: '{"fixed": true}' } }
`);
  const got: string[] = [];
  eb.onFunction('Orders', (p) => {
    got.push(`Orders ${JSON.stringify(p.detail)}`);
  });
  eb.onFunction('local-stack-Audit-NOPE', () => {
    got.push('wrong');
  });
  const auditName = (eb.listTargetsByRule({ Rule: (eb.listRules({}).Rules as { Name: string }[]).find((r) => r.Name.includes('AuditAll'))!.Name }).Targets as { Arn: string }[])[0].Arn.split(':')[6];
  eb.onFunction(auditName, (p) => {
    got.push(`Audit ${JSON.stringify(p)}`);
  });
  await eb.putEvents({ Entries: [{ Source: 'shop', DetailType: 'x', Detail: '{"n":1}' }] });
  await eb.flush();
  expect(got.sort()).toEqual(['Audit {"fixed":true}', 'Orders {"n":1}']);
  const targets = eb.deliveries().map((d) => d.targetArn).sort();
  expect(targets).toContain('arn:aws:lambda:us-east-1:123456789012:function:shop-orders:live');
  expect(eb.lambdaInvokeName('shop-orders')).toBe('Orders');
  expect(eb.lambdaInvokeName('not-a-template-function')).toBe('not-a-template-function');
});

test('serverless.yml: variables resolved, unresolvable ones reported on the property that needs them', async () => {
  const yml = `
service: shop
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
custom:
  bus: \${env:SHOP_BUS, 'shop-events'}
functions:
  orders:
    handler: h.orders
    events:
      - http: GET /x
      - eventBridge:
          eventBus: \${self:custom.bus}
          pattern:
            source:
              - \${self:service}.\${sls:stage}
          retryPolicy: { maximumRetryAttempts: 2 }
          inputTransformer: { inputPathsMap: { id: $.detail.id }, inputTemplate: '{"id": <id>}' }
  broken:
    handler: h.broken
    events:
      - eventBridge:
          pattern:
            source:
              - \${file(./missing.json):source}
resources:
  Resources:
    Unused:
      Type: AWS::SSM::Parameter
      Properties:
        Name: x
        Type: String
        Value: \${ssm:/not/given}
`;
  const report = await eb.loadTemplate(yml, { cliOptions: { stage: 'prod' }, env: { SHOP_BUS: 'orders-bus' } });
  expect(report.format).toBe('serverless');
  expect(report.stackName).toBe('shop-prod');
  const orders = report.created.find((c) => c.logicalId === 'Shopprodordersrule2EventBridgeRule')!;
  expect(orders).toMatchObject({ name: 'shop-prod-orders-rule-2', eventBusName: 'orders-bus' });
  expect(report.created.some((c) => c.type === 'AWS::Events::EventBus' && c.name === 'orders-bus')).toBe(true);
  expect(pattern('shop-prod-orders-rule-2', 'orders-bus')).toEqual({ source: ['shop.prod'] });
  const [t] = eb.listTargetsByRule({ Rule: 'shop-prod-orders-rule-2', EventBusName: 'orders-bus' }).Targets as Record<string, any>[];
  expect(t).toMatchObject({
    Id: 'shop-prod-orders-rule-2-target',
    Arn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-prod-orders',
    RetryPolicy: { MaximumRetryAttempts: 2 },
    InputTransformer: { InputPathsMap: { id: '$.detail.id' }, InputTemplate: '{"id": <id>}' },
  });
  expect(report.skipped.find((s) => s.logicalId === 'Shopprodbrokenrule1EventBridgeRule')?.reason).toMatch(
    /property EventPattern\.source\[0\]: Serverless variable \$\{file\(\.\/missing\.json\):source\} could not be resolved: the file\(\.\/missing\.json\) variable source is not read by this loader/,
  );
  // The SSM variable sits on a resource the loader never needs: no error.
  expect(report.skipped.find((s) => s.logicalId === 'Unused')?.reason).toMatch(/not emulated/);
  expect(eb.lambdaInvokeName('shop-prod-orders')).toBe('shop-prod-orders');
});

test('an unknown Transform (a macro) and text that is not a template are refused', async () => {
  await expect(eb.loadTemplate({ Transform: 'MyMacro', Resources: {} })).rejects.toThrow('Transform "MyMacro" is a macro this loader cannot run');
  await expect(eb.loadTemplate('just: [text')).rejects.toThrow(/^template is not valid YAML: .*line 1/);
  await expect(eb.loadTemplate('[1, 2]')).rejects.toThrow('a template must be a JSON or YAML object');
  await expect(eb.loadTemplate({ Description: 'no resources' })).rejects.toThrow('template has no Resources section');
});

test('generated name suffixes do not repeat every 5 characters (the round number once cancelled out in the hash seed)', async () => {
  const { stableToken } = await import('../../js/src/templates/physical-names');
  for (const key of ['local-stack/OrderHandlerPlaced', 'a/b', 'x']) {
    const token = stableToken(key, 12);
    expect(token).toMatch(/^[A-Z0-9]{12}$/);
    expect(token.slice(5, 10)).not.toBe(token.slice(0, 5));
  }
});

// A Terraform plan in the `terraform show -json` format (written for this test): the connection's
// and the API destination's ARNs are unknown in a plan, so the configuration's references carry them.
function tfResource(type: string, name: string, values: Record<string, unknown>) {
  return { address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', values, sensitive_values: {} };
}

test('Terraform: aws_cloudwatch_event_connection, _api_destination and _archive, and a target on the destination', async () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          tfResource('aws_cloudwatch_event_bus', 'shop', { name: 'shop' }),
          tfResource('aws_cloudwatch_event_archive', 'shop', { name: 'shop-archive', retention_days: 7, event_pattern: '{"source":["shop"]}' }),
          tfResource('aws_cloudwatch_event_connection', 'crm', {
            name: 'crm',
            authorization_type: 'API_KEY',
            description: 'CRM key',
            auth_parameters: [
              {
                api_key: [{ key: 'x-api-key', value: 'k3y' }],
                basic: [],
                oauth: [],
                invocation_http_parameters: [{ body: [], header: [{ key: 'x-source', value: 'eventbridge', is_value_secret: false }], query_string: [] }],
              },
            ],
          }),
          tfResource('aws_cloudwatch_event_api_destination', 'crm', {
            name: 'crm-orders',
            invocation_endpoint: 'https://crm.example.com/orders/*',
            http_method: 'PUT',
            invocation_rate_limit_per_second: 5,
          }),
          tfResource('aws_cloudwatch_event_rule', 'orders', { name: 'orders-to-crm', event_bus_name: 'shop', event_pattern: '{"source":["shop"]}', state: 'ENABLED' }),
          tfResource('aws_cloudwatch_event_target', 'crm', {
            target_id: 'crm',
            event_bus_name: 'shop',
            http_target: [{ path_parameter_values: ['$.detail.id'], header_parameters: { 'x-order': '$.detail.id' }, query_string_parameters: null }],
          }),
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_cloudwatch_event_archive.shop', expressions: { event_source_arn: { references: ['aws_cloudwatch_event_bus.shop.arn', 'aws_cloudwatch_event_bus.shop'] } } },
          {
            address: 'aws_cloudwatch_event_api_destination.crm',
            expressions: { connection_arn: { references: ['aws_cloudwatch_event_connection.crm.arn', 'aws_cloudwatch_event_connection.crm'] } },
          },
          {
            address: 'aws_cloudwatch_event_target.crm',
            expressions: {
              rule: { references: ['aws_cloudwatch_event_rule.orders.name', 'aws_cloudwatch_event_rule.orders'] },
              arn: { references: ['aws_cloudwatch_event_api_destination.crm.arn', 'aws_cloudwatch_event_api_destination.crm'] },
              role_arn: { constant_value: 'arn:aws:iam::123456789012:role/invoke-crm' },
            },
          },
        ],
      },
    },
  };
  const report = await eb.loadTemplate(plan);
  expect(report.format).toBe('terraform-plan');
  expect(report.skipped).toEqual([]);
  const connection = eb.describeConnection({ Name: 'crm' });
  expect(connection).toMatchObject({ AuthorizationType: 'API_KEY', Description: 'CRM key' });
  expect(connection.AuthParameters).toMatchObject({
    ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' },
    InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-source', Value: 'eventbridge', IsValueSecret: false }] },
  });
  const destination = eb.describeApiDestination({ Name: 'crm-orders' });
  expect(destination).toMatchObject({ ConnectionArn: connection.ConnectionArn, HttpMethod: 'PUT', InvocationRateLimitPerSecond: 5 });
  expect(eb.describeArchive({ ArchiveName: 'shop-archive' })).toMatchObject({
    EventSourceArn: 'arn:aws:events:us-east-1:123456789012:event-bus/shop',
    RetentionDays: 7,
  });
  const [target] = eb.listTargetsByRule({ Rule: 'orders-to-crm', EventBusName: 'shop' }).Targets ?? [];
  expect(target).toMatchObject({ Id: 'crm', Arn: destination.ApiDestinationArn, HttpParameters: { PathParameterValues: ['$.detail.id'], HeaderParameters: { 'x-order': '$.detail.id' } } });
});

test('Terraform: a rule attribute or target input the plan does not know yet is reported, never a rule without it', async () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          // event_pattern interpolates a bucket name generated at apply: unknown in the plan.
          tfResource('aws_cloudwatch_event_rule', 'uploads', { name: 'uploads', event_bus_name: 'default' }),
          tfResource('aws_cloudwatch_event_target', 'uploads', { target_id: 'q', rule: 'uploads', arn: 'arn:aws:sqs:us-east-1:123456789012:q' }),
          tfResource('aws_cloudwatch_event_rule', 'orders', { name: 'orders', event_pattern: '{"source":["shop"]}' }),
          tfResource('aws_cloudwatch_event_target', 'orders', { target_id: 'q', rule: 'orders', arn: 'arn:aws:sqs:us-east-1:123456789012:q' }),
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_cloudwatch_event_rule.uploads', expressions: { name: { constant_value: 'uploads' }, event_pattern: { references: ['aws_s3_bucket.uploads.id', 'aws_s3_bucket.uploads'] } } },
          { address: 'aws_cloudwatch_event_target.orders', expressions: { input: { references: ['random_id.salt.hex', 'random_id.salt'] } } },
        ],
      },
    },
  };
  const report = await eb.loadTemplate(plan);
  const reason = (id: string) => report.skipped.find((s) => s.logicalId === id)?.reason;
  expect(reason('aws_cloudwatch_event_rule.uploads')).toMatch(/^event_pattern is not known from the plan \(it depends on a value known only after apply\)/);
  expect(reason('aws_cloudwatch_event_target.uploads')).toMatch(/^its rule aws_cloudwatch_event_rule\.uploads is not created: event_pattern is not known/);
  expect(reason('aws_cloudwatch_event_target.orders')).toMatch(/^input is not known from the plan/);
  expect(report.created.map((c) => c.logicalId)).toEqual(['aws_cloudwatch_event_rule.orders']);
  expect(eb.listTargetsByRule({ Rule: 'orders' }).Targets).toEqual([]);
});

test('{{resolve:secretsmanager:...}} reads options.secrets (a JSON key, a secret ARN); a missing secret is a TemplateError naming the resource and property', async () => {
  const template = {
    Resources: {
      Conn: {
        Type: 'AWS::Events::Connection',
        Properties: {
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: '{{resolve:secretsmanager:crm/api:SecretString:key}}' } },
        },
      },
      Dest: {
        Type: 'AWS::Events::ApiDestination',
        Properties: { ConnectionArn: { 'Fn::GetAtt': ['Conn', 'Arn'] }, InvocationEndpoint: 'https://crm.example.com/orders', HttpMethod: 'POST' },
      },
      R: rule({
        Name: 'to-crm',
        EventPattern: { source: ['shop'] },
        Targets: [{ Id: 'crm', Arn: { 'Fn::GetAtt': ['Dest', 'Arn'] }, RoleArn: 'arn:aws:iam::123456789012:role/r' }],
      }),
    },
  };
  await expect(eb.loadTemplate(template)).rejects.toThrow(
    'resource Conn, property AuthParameters.ApiKeyAuthParameters.ApiKeyValue: {{resolve:secretsmanager:crm/api:SecretString:key}} reads secret crm/api; pass its SecretString in options.secrets',
  );
  expect(eb.listRules({}).Rules).toEqual([]);

  const report = await eb.loadTemplate(template, { secrets: { 'crm/api': '{"key":"k3y","other":"x"}' } });
  expect(report.skipped.filter((s) => s.type.startsWith('AWS::Events'))).toEqual([]);
  const requests: { headers: Record<string, string> }[] = [];
  eb.onTarget(report.created.find((c) => c.logicalId === 'Dest')!.arn, (request) => void requests.push(request as { headers: Record<string, string> }));
  await eb.putEvents({ Entries: [{ Source: 'shop', DetailType: 'x', Detail: '{}' }] });
  await eb.flush();
  expect(requests.map((r) => r.headers['x-api-key'])).toEqual(['k3y']);

  const byArn = await eb.loadTemplate(
    { Resources: { R: rule({ Name: 'arn-secret', ScheduleExpression: 'rate(1 hour)', Description: '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:note-AbCdEf}}' }) } },
    { stackName: 'other', secrets: { 'note-AbCdEf': 'from the secret' } },
  );
  expect(byArn.skipped).toEqual([]);
  expect(eb.describeRule({ Name: 'arn-secret' }).Description).toBe('from the secret');
  const badKey = await eb.loadTemplate(
    { Resources: { R: rule({ Name: 'bad-key', ScheduleExpression: 'rate(1 hour)', Description: '{{resolve:secretsmanager:crm/api:SecretString:missing}}' }) } },
    { stackName: 'third', secrets: { 'crm/api': '{"key":"k3y"}' } },
  );
  expect(badKey.skipped[0].reason).toBe(
    'resource R, property Description: {{resolve:secretsmanager:crm/api:SecretString:missing}}: the SecretString of crm/api has no string key missing',
  );
});

test('hostile or malformed template text is a TemplateError saying why, and the emulator keeps working', async () => {
  // A resource without Type: CloudFormation's template format error (was: skipped as type "undefined").
  await expect(eb.loadTemplate({ Resources: { A: { Properties: {} } } })).rejects.toMatchObject({
    name: 'TemplateError',
    message: 'Template format error: [/Resources/A] Every Resources object must contain a Type member.',
  });
  await expect(eb.loadTemplate('{"Resources":{"a":{"a":{"a":1}}}}')).rejects.toMatchObject({ name: 'TemplateError' });
  // YAML aliases expanding past the limit ("billion laughs"): was the yaml library's ReferenceError.
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
    const prev = String.fromCharCode(97 + i);
    laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  laughs.push('Resources: {}');
  await expect(eb.loadTemplate(laughs.join('\n'))).rejects.toMatchObject({
    name: 'TemplateError',
    message: expect.stringMatching(/^template is not valid YAML: .*alias/i),
  });
  // Nesting thousands deep: the parser's stack overflow, said in the template's terms.
  const deep = `Resources: ${'['.repeat(50000)}${']'.repeat(50000)}\n`;
  await expect(eb.loadTemplate(deep)).rejects.toMatchObject({
    name: 'TemplateError',
    message: expect.stringMatching(/^template is not valid YAML: nested too deeply at line 1, column \d+$/),
  });
  await eb.loadTemplate({ Resources: { R: rule({ Name: 'after', EventPattern: { source: ['x'] } }) } });
  expect(pattern('after')).toEqual({ source: ['x'] });
});
