// A template's Lambda asynchronous-invocation settings (AWS::Lambda::EventInvokeConfig, SAM's
// EventInvokeConfig property, serverless.yml's maximumRetryAttempts / maximumEventAge /
// destinations) reach the delivery runtime as eb.configureFunction() would set them: a function
// error is retried as often as the template says, then the on-failure destination gets Lambda's
// invocation record. A reload that drops the config puts Lambda's defaults back. Values Lambda
// refuses are reported naming the resource and property.
import { EventBridge } from '../../js/src/index.node';

const ACCOUNT = '123456789012';
const START = Date.parse('2024-05-01T00:00:00Z');
const MINUTE = 60_000;
const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const sqsArn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

let eb: EventBridge;
beforeEach(async () => {
  eb = await EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1', clock: 'manual', startTime: new Date(START) });
});
afterEach(() => eb.dispose());

/** The settings in effect for a function (configureFunction with nothing to change returns them). */
const settings = (fn: string) => eb.configureFunction(fn, {});

const put = () => eb.putEvents({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":"o-1"}' }] });

function cfnTemplate(invokeConfig?: Record<string, unknown>) {
  return {
    Resources: {
      Audit: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'audit' } },
      Failures: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'audit-failures' } },
      ...(invokeConfig ? { AuditInvokeConfig: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: invokeConfig } } : {}),
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: { Name: 'orders', EventPattern: { source: ['shop'] }, Targets: [{ Id: 'audit', Arn: { 'Fn::GetAtt': ['Audit', 'Arn'] } }] },
      },
    },
  };
}

test('AWS::Lambda::EventInvokeConfig: no retries, the failure goes to the on-failure queue; dropping it restores the defaults', async () => {
  const report = await eb.loadTemplate(
    cfnTemplate({
      FunctionName: { Ref: 'Audit' },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } },
    }),
    { stackName: 's' },
  );
  expect(report.skipped.filter((s) => s.type.startsWith('AWS::Events') || s.type === 'AWS::Lambda::EventInvokeConfig')).toEqual([]);
  expect(report.created.find((c) => c.logicalId === 'AuditInvokeConfig')).toMatchObject({ type: 'AWS::Lambda::EventInvokeConfig', name: lambdaArn('audit') });
  expect(settings('audit')).toEqual({ maximumRetryAttempts: 0, maximumEventAgeInSeconds: 21600, onFailure: sqsArn('audit-failures') });

  let calls = 0;
  eb.onFunction('Audit', () => {
    calls++;
    throw new Error('boom');
  });
  const records: any[] = [];
  eb.onTarget(sqsArn('audit-failures'), (body) => void records.push(JSON.parse(body)));
  await put();
  await eb.advanceTime(10 * MINUTE);
  expect(calls).toBe(1);
  expect(records).toHaveLength(1);
  expect(records[0].requestContext).toMatchObject({ functionArn: `${lambdaArn('audit')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 });

  const reload = await eb.loadTemplate(cfnTemplate(), { stackName: 's' });
  expect(reload.changes).toContain(`- AWS::Lambda::EventInvokeConfig AuditInvokeConfig (asynchronous invocation of ${lambdaArn('audit')})`);
  expect(settings('audit')).toEqual({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600 });
});

test('AWS::Lambda::EventInvokeConfig: an alias qualifier configures the alias ARN; a changed value updates it', async () => {
  const config = (age: number) => ({ FunctionName: 'audit', Qualifier: 'live', MaximumEventAgeInSeconds: age });
  await eb.loadTemplate(cfnTemplate(config(120)), { stackName: 's' });
  expect(settings(`${lambdaArn('audit')}:live`)).toEqual({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 120 });
  const again = await eb.loadTemplate(cfnTemplate(config(300)), { stackName: 's' });
  expect(again.changes).toEqual([`~ AWS::Lambda::EventInvokeConfig AuditInvokeConfig (asynchronous invocation of ${lambdaArn('audit')}:live): MaximumEventAgeInSeconds changed`]);
  expect(settings(`${lambdaArn('audit')}:live`).maximumEventAgeInSeconds).toBe(300);
});

test('AWS::Lambda::EventInvokeConfig: values Lambda refuses are reported naming the resource and property; OnSuccess is a warning', async () => {
  const load = async (props: Record<string, unknown>) => {
    const target = await EventBridge.create({ accountId: ACCOUNT, region: 'us-east-1' });
    try {
      return await target.loadTemplate(cfnTemplate(props));
    } finally {
      target.dispose();
    }
  };
  const reason = async (props: Record<string, unknown>) => (await load(props)).skipped.find((s) => s.logicalId === 'AuditInvokeConfig')?.reason;
  expect(await reason({ FunctionName: 'audit', Qualifier: '$LATEST', MaximumRetryAttempts: 3 })).toBe(
    "resource AuditInvokeConfig, property MaximumRetryAttempts: 1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
  );
  expect(await reason({ FunctionName: 'audit', Qualifier: '$LATEST', MaximumEventAgeInSeconds: 30 })).toBe(
    "resource AuditInvokeConfig, property MaximumEventAgeInSeconds: 1 validation error detected: Value '30' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
  );
  expect(await reason({ FunctionName: 'audit' })).toMatch(/^resource AuditInvokeConfig, property Qualifier: Qualifier is required/);
  expect(await reason({ FunctionName: 'audit', Qualifier: '$LATEST', DestinationConfig: { OnFailure: { Destination: 'audit-failures' } } })).toMatch(
    /^resource AuditInvokeConfig, property DestinationConfig\.OnFailure\.Destination: the on-failure destination must be an ARN/,
  );
  const withSuccess = await load({ FunctionName: 'audit', Qualifier: '$LATEST', DestinationConfig: { OnSuccess: { Destination: sqsArn('done') } } });
  expect(withSuccess.skipped.find((s) => s.logicalId === 'AuditInvokeConfig')).toBeUndefined();
  expect(withSuccess.warnings).toEqual([
    'resource AuditInvokeConfig, property DestinationConfig.OnSuccess: on-success destinations are not emulated (successful asynchronous invocations are not recorded anywhere)',
  ]);
});

test('SAM EventInvokeConfig: <Function>EventInvokeConfig on the alias, a generated on-failure queue, one retry', async () => {
  const report = await eb.loadTemplate(
    `
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: shop-orders
      AutoPublishAlias: live
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        MaximumEventAgeInSeconds: 600
        DestinationConfig:
          OnFailure:
            Type: SQS
      Events:
        Placed: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop] } } }
`,
    { stackName: 's' },
  );
  const config = report.created.find((c) => c.logicalId === 'OrdersEventInvokeConfig');
  expect(config).toMatchObject({ type: 'AWS::Lambda::EventInvokeConfig', name: `${lambdaArn('shop-orders')}:live` });
  const { onFailure, ...limits } = settings(`${lambdaArn('shop-orders')}:live`);
  expect(limits).toEqual({ maximumRetryAttempts: 1, maximumEventAgeInSeconds: 600 });
  // The queue SAM generates: OrdersEventInvokeConfigOnFailureQueue, its generated name in the ARN.
  expect(onFailure).toMatch(/^arn:aws:sqs:us-east-1:123456789012:s-OrdersEventInvokeConfigOnFailureQueue-[A-Z0-9]+$/);

  const attempts: number[] = [];
  eb.onFunction('Orders', (_e, ctx) => {
    attempts.push(ctx.attempt);
    throw new Error('down');
  });
  const records: any[] = [];
  eb.onTarget(onFailure!, (body) => void records.push(JSON.parse(body)));
  await put();
  await eb.advanceTime(10 * MINUTE);
  expect(attempts).toEqual([1, 2]);
  expect(records.map((r) => r.requestContext)).toEqual([
    expect.objectContaining({ functionArn: `${lambdaArn('shop-orders')}:live`, condition: 'RetriesExhausted', approximateInvokeCount: 2 }),
  ]);
});

test('SAM EventInvokeConfig: a destination type SAM refuses, or a property it does not have, is reported', async () => {
  const report = await eb.loadTemplate(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      EventInvokeConfig:
        DestinationConfig:
          OnFailure: { Type: Kinesis, Destination: arn:aws:kinesis:us-east-1:123456789012:stream/s }
`);
  expect(report.skipped.find((s) => s.logicalId === 'OrdersEventInvokeConfig')?.reason).toBe(
    "SAM EventInvokeConfig of function Orders: 'Type: Kinesis' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda']",
  );
  const misspelt = await eb.loadTemplate(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Audit:
    Type: AWS::Serverless::Function
    Properties:
      EventInvokeConfig: { MaximumRetryAttempt: 0 }
`);
  expect(misspelt.skipped.find((s) => s.logicalId === 'AuditEventInvokeConfig')?.reason).toBe(
    'SAM EventInvokeConfig of function Audit: EventInvokeConfig has no property MaximumRetryAttempt (it has DestinationConfig, MaximumEventAgeInSeconds, MaximumRetryAttempts)',
  );
});

test('serverless.yml: maximumRetryAttempts, maximumEventAge and destinations.onFailure (an ARN, a function of the service, or { type, arn })', async () => {
  const report = await eb.loadTemplate(`
service: shop
provider: { name: aws, stage: dev }
functions:
  orders:
    handler: orders.handler
    maximumRetryAttempts: 0
    maximumEventAge: 7200
    destinations:
      onFailure: audit
    events:
      - eventBridge: { pattern: { source: [shop] } }
  audit:
    handler: audit.handler
    destinations:
      onFailure: { type: sqs, arn: 'arn:aws:sqs:us-east-1:123456789012:audit-failures' }
  broken:
    handler: broken.handler
    destinations:
      onFailure: \${ssm:/shop/failures}
`);
  expect(report.created.map((c) => c.logicalId)).toEqual(expect.arrayContaining(['OrdersLambdaEvConf', 'AuditLambdaEvConf']));
  expect(settings(lambdaArn('shop-dev-orders'))).toEqual({ maximumRetryAttempts: 0, maximumEventAgeInSeconds: 7200, onFailure: lambdaArn('shop-dev-audit') });
  expect(settings(lambdaArn('shop-dev-audit'))).toEqual({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600, onFailure: sqsArn('audit-failures') });
  expect(report.skipped.find((s) => s.logicalId === 'BrokenLambdaEvConf')?.reason).toMatch(
    /^resource BrokenLambdaEvConf, property DestinationConfig\.OnFailure\.Destination.*\$\{ssm:\/shop\/failures\}/,
  );

  // The failed event goes to the audit function, with Lambda's invocation record.
  eb.onFunction('shop-dev-orders', () => {
    throw new Error('nope');
  });
  const audited: any[] = [];
  eb.onFunction('shop-dev-audit', (record) => void audited.push(record));
  await put();
  await eb.advanceTime(MINUTE);
  expect(audited).toHaveLength(1);
  expect(audited[0]).toMatchObject({ requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 }, responsePayload: { errorMessage: 'nope' } });
});

test('Terraform: aws_lambda_function_event_invoke_config (no qualifier: the unqualified function), its on-failure destination from a reference', async () => {
  const resource = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          resource('aws_lambda_function', 'audit', { function_name: 'audit' }),
          resource('aws_sqs_queue', 'failures', { name: 'audit-failures' }),
          resource('aws_lambda_function_event_invoke_config', 'audit', {
            maximum_retry_attempts: 1,
            maximum_event_age_in_seconds: 900,
            qualifier: null,
            destination_config: [{ on_failure: [{}], on_success: [] }],
          }),
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_lambda_function_event_invoke_config.audit',
            expressions: {
              function_name: { references: ['aws_lambda_function.audit.function_name', 'aws_lambda_function.audit'] },
              destination_config: [{ on_failure: [{ destination: { references: ['aws_sqs_queue.failures.arn', 'aws_sqs_queue.failures'] } }] }],
            },
          },
        ],
      },
    },
  };
  const report = await eb.loadTemplate(plan);
  expect(report.created.find((c) => c.logicalId === 'aws_lambda_function_event_invoke_config.audit')).toMatchObject({ name: lambdaArn('audit') });
  expect(settings('audit')).toEqual({ maximumRetryAttempts: 1, maximumEventAgeInSeconds: 900, onFailure: sqsArn('audit-failures') });
});
