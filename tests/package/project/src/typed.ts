// Typed uses of the package: must compile under tsc --strict with every moduleResolution.
import { DisposedError, EventBridge, EventBridgeServiceError, Matcher, init } from 'eventbridge-wasm';
import { ResourceNotFoundException, type DescribeRuleCommandOutput, type PutRuleCommandInput } from '@aws-sdk/client-eventbridge';

export async function typed(): Promise<string> {
  await init();
  const eb = await EventBridge.create({ accountId: '123456789012', region: 'us-east-1' });
  const input: PutRuleCommandInput = { Name: 'r', EventPattern: JSON.stringify({ source: ['app'] }) };
  const ruleArn: string | undefined = eb.putRule(input).RuleArn;
  const described: DescribeRuleCommandOutput = eb.describeRule({ Name: 'r' });
  const arn: string | undefined = eb.describeRule({ Name: 'r' }).Arn;
  const first = eb.listRules().Rules?.[0];
  const result: boolean = eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: '{}' }).Result;
  const put = await eb.putEvents({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{}', Time: new Date() }] });
  const failed: number = put.FailedEntryCount;
  const m = new Matcher();
  m.addRule('x', { source: ['app'] });
  const names: string[] = m.match('{"source":"app"}');
  try {
    eb.describeRule({ Name: 'missing' });
  } catch (e) {
    if (e instanceof ResourceNotFoundException) {
      const status: number | undefined = e.$metadata.httpStatusCode;
      void status;
    }
    if (e instanceof EventBridgeServiceError) {
      const fault: 'client' | 'server' = e.$fault;
      void fault;
    }
    if (e instanceof DisposedError) throw e;
  }
  return [ruleArn, described.Arn, arn, first?.Name, result, failed, names.join()].join(' ');
}
