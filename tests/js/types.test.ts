// The in-process API is typed with @aws-sdk/client-eventbridge's command input and output types:
// ts-jest type-checks this file (diagnostics are errors), so each `@ts-expect-error` below fails
// the suite if the line ever compiles, and the typed uses fail it if they stop compiling.
import type { DescribeRuleCommandOutput, PutRuleCommandInput } from '@aws-sdk/client-eventbridge';
import { EventBridge } from '../../js/src/index.node';

let eb: EventBridge;
beforeAll(async () => {
  eb = await EventBridge.create();
});
afterAll(() => eb.dispose());

test('outputs are the SDK output types', () => {
  const input: PutRuleCommandInput = { Name: 'r', EventPattern: '{"source":["app"]}', State: 'ENABLED' };
  const put = eb.putRule(input);
  const ruleArn: string | undefined = put.RuleArn;
  const described: DescribeRuleCommandOutput = eb.describeRule({ Name: 'r' });
  const arn: string | undefined = eb.describeRule({ Name: 'r' }).Arn;
  const first = eb.listRules().Rules?.[0];
  const state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' | undefined = first?.State;
  const created: Date | undefined = eb.describeEventBus().CreationTime;
  const matched: boolean = eb.testEventPattern({
    EventPattern: '{"source":["app"]}',
    Event: JSON.stringify({ id: '1', account: '1', source: 'app', time: 't', region: 'r', 'detail-type': 'd' }),
  }).Result;
  expect([ruleArn, described.Arn, arn, state, created instanceof Date, matched]).toEqual([
    'arn:aws:events:us-east-1:123456789012:rule/r', ruleArn, ruleArn, 'ENABLED', true, true,
  ]);
});

test('misspelt or wrongly typed members do not compile', () => {
  const calls = [
    // @ts-expect-error Nmae / EventPatern are not PutRuleRequest members
    () => eb.putRule({ Nmae: 'r', EventPatern: '{}' }),
    // @ts-expect-error State is an enum
    () => eb.putRule({ Name: 'r', State: 'ON' }),
    // @ts-expect-error Targets must be an array of Target
    () => eb.putTargets({ Rule: 'r', Targets: { Id: 't', Arn: 'a' } }),
    // @ts-expect-error Limit is a number
    () => eb.listRules({ Limit: '5' }),
  ];
  // They still reach the core at run time, which answers with AWS's errors.
  for (const call of calls) expect(call).toThrow();
});

test('putEvents takes PutEventsCommandInput and resolves to its output', async () => {
  const out = await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{}', Time: new Date() }] });
  const failed: number = out.FailedEntryCount;
  const id: string | undefined = out.Entries[0].EventId;
  expect(failed).toBe(0);
  expect(typeof id).toBe('string');
  // @ts-expect-error Entries holds PutEventsRequestEntry objects
  await expect(eb.putEvents({ Entries: [{ Sauce: 'app' }] })).resolves.toBeDefined();
});
