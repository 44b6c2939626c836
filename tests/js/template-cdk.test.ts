// A small real CDK stack (aws-cdk-lib from npm), synthesized in-process as a CDK unit test does
// (Template.fromStack(stack).toJSON()), loaded, and an event routed to the stack's function.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EventBridge } from '../../js/src/index.node';

function buildStack(): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'OrdersStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const bus = new events.EventBus(stack, 'OrdersBus', { eventBusName: 'orders' });
  const handler = new lambda.Function(stack, 'OrderHandler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const dlq = new sqs.Queue(stack, 'OrderDlq');
  new events.Rule(stack, 'BigOrders', {
    eventBus: bus,
    eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'], detail: { total: [{ numeric: ['>=', 100] }] } },
    targets: [
      new targets.LambdaFunction(handler, {
        event: events.RuleTargetInput.fromObject({ orderId: events.EventField.fromPath('$.detail.id'), kind: 'big' }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: dlq,
      }),
    ],
  });
  new events.Rule(stack, 'Nightly', { schedule: events.Schedule.cron({ minute: '0', hour: '3' }), targets: [new targets.LambdaFunction(handler)] });
  return Template.fromStack(stack).toJSON();
}

test('a CDK stack synthesized in-process loads, and an event reaches its function with the transformed payload', async () => {
  const template = buildStack();
  const eb = await EventBridge.create({ accountId: '123456789012', region: 'us-east-1', clock: 'manual' });
  try {
    const report = await eb.loadTemplate(template, { stackName: 'OrdersStack' });
    const rules = report.created.filter((c) => c.type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(2);
    expect(report.created.find((c) => c.type === 'AWS::Events::EventBus')?.name).toBe('orders');
    const big = rules.find((r) => r.logicalId.startsWith('BigOrders'))!;
    expect(big.eventBusName).toBe('orders');
    expect(eb.describeRule({ Name: big.name, EventBusName: 'orders' }).EventPattern).toBe(
      JSON.stringify({ source: ['shop.orders'], 'detail-type': ['OrderPlaced'], detail: { total: [{ numeric: ['>=', 100] }] } }),
    );
    const nightly = rules.find((r) => r.logicalId.startsWith('Nightly'))!;
    expect(eb.describeRule({ Name: nightly.name }).ScheduleExpression).toBe('cron(0 3 * * ? *)');

    // The function's logical id, as CDK generated it, names the handler.
    const fnId = Object.keys(report.resources).find((id) => id.startsWith('OrderHandler') && report.resources[id].type === 'AWS::Lambda::Function')!;
    const received: unknown[] = [];
    eb.onFunction(fnId, (payload) => {
      received.push(payload);
    });
    await eb.putEvents({ Entries: [{ EventBusName: 'orders', Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ id: 'o-1', total: 250 }) }] });
    await eb.putEvents({ Entries: [{ EventBusName: 'orders', Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ id: 'o-2', total: 5 }) }] });
    await eb.flush();
    expect(received).toEqual([{ orderId: 'o-1', kind: 'big' }]);
    const targets = eb.listTargetsByRule({ Rule: big.name, EventBusName: 'orders' }).Targets as Record<string, any>[];
    expect(targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(targets[0].DeadLetterConfig.Arn).toBe(report.resources[Object.keys(report.resources).find((id) => id.startsWith('OrderDlq') && report.resources[id].type === 'AWS::SQS::Queue')!].arn);
  } finally {
    eb.dispose();
  }
});
