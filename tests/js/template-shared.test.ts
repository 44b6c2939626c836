// The 65 real templates of ../shared/templates (SAM, CloudFormation, CDK-synthesized, Serverless),
// each loaded through loadTemplate() and checked against expected.jsonl; every sample event of
// events.jsonl must match exactly the rules it lists.
import * as path from 'path';
import { Expected, Refusal, readJsonl, rulesMatching, templateLoader } from './template-corpus';

const dir = path.resolve(__dirname, '../../../shared/templates');
const expected = readJsonl(path.join(dir, 'expected.jsonl')) as Expected[];
const events = readJsonl(path.join(dir, 'events.jsonl'));

// What AWS (or this emulator, plainly) refuses in these templates; the README's "Unsettled cases"
// and notes say why. Each must be reported as skipped with this reason.
const REFUSALS: Record<string, Refusal[]> = {
  // Rules created on a bus of another account: this emulator holds one account.
  'rp-blog-account-c-invoice-processing/template.yaml': [{ logicalId: 'InvoiceProcessingRule', reason: /is in account 222222222222/ }],
  'rp-single-bus-purple-service-app/template.yaml': [
    { logicalId: 'PurpleServiceEvent1SubscriptionRule', reason: /is in account 222222222222/ },
    { logicalId: 'PurpleServiceEvent3SubscriptionRule', reason: /is in account 222222222222/ },
  ],
  'rp-cross-region-security-account-1/us-east-1-rules.yaml': [{ logicalId: 'SecurityAuditRule2', reason: /is in account 222222222222/ }],
  // Mixed-case states (SAM passes them through; PutRule's State is an enum).
  'sam-tests-function_with_event_schedule_state/function_with_event_schedule_state.yaml': [
    { logicalId: 'ScheduledFunctionSchedule1', reason: /Value 'Enabled' at 'state' failed to satisfy constraint/ },
    { logicalId: 'ScheduledFunctionSchedule2', reason: /Value 'Enabled' at 'state' failed to satisfy constraint/ },
    { logicalId: 'ScheduledFunctionSchedule3', reason: /Value 'Disabled' at 'state' failed to satisfy constraint/ },
  ],
  // cron fields separated by ", ".
  'sfn-log-export/template.yaml': [{ logicalId: 'MonthlyExportEventTrigger', reason: /ScheduleExpression is not valid/ }],
  // The default InvocationEndpoint is the template's own placeholder ('<<ENTER YOUR UNIQUE URL
  // HERE>>'), which CreateApiDestination refuses as AWS does (the model's pattern for it); the rule
  // that targets the destination goes with it.
  'eventbridge-api-destinations-4-mongodb/mongoDB.yaml': [
    { logicalId: 'MyApiDestination', reason: /^CreateApiDestination failed: ValidationException: .*'<<ENTER YOUR UNIQUE URL HERE>>' at 'invocationEndpoint' failed to satisfy constraint/ },
    { logicalId: 'EventRule', reason: /^depends on MyApiDestination, which was not created$/ },
  ],
  // Input and InputPath on one target (SAM passes both through).
  'sam-tests-cloudwatchevent_intrinsics/cloudwatchevent_intrinsics.yaml': [
    { logicalId: 'LambdaFunctionOnTerminate', reason: /Only one of Input, InputPath, or InputTransformer/ },
  ],
};

const load = templateLoader(dir, REFUSALS);

test('the shared set has 65 templates and 52 sample events', () => {
  expect(expected).toHaveLength(65);
  expect(events).toHaveLength(52);
});

describe.each(expected.map((e) => [e.template, e] as const))('%s', (_name, e) => {
  test('loads to the expected buses, rules, targets and policies', async () => {
    const { problems } = await load(e);
    expect(problems).toEqual([]);
  });
});

describe('sample events fire exactly the listed rules', () => {
  test.each(events.map((ev, i) => [i + 1, ev.template, ev] as const))('event %i (%s)', async (_i, template, sample) => {
    const e = expected.find((x) => x.template === template)!;
    const result = await load(e);
    const refused = new Set((REFUSALS[template] ?? []).map((r) => r.logicalId));
    // Every listed rule is created, except the refused ones (which the load test checks).
    for (const id of sample.expectedRules as string[]) if (!refused.has(id)) expect(result.rules.has(id)).toBe(true);
    const want = (sample.expectedRules as string[]).filter((id) => !refused.has(id)).sort();
    const { matched, delivered, withTargets, requests } = await rulesMatching(result, sample);
    expect(matched).toEqual(want);
    if (!delivered) return;
    expect(delivered).toEqual(want.filter((id) => withTargets.includes(id)));
    // One HTTP request per API destination target of the rules that fired, to its endpoint.
    const endpoints = e.rules
      .filter((r) => delivered.includes(r.logicalId))
      .flatMap((r) => r.targets as { targetOf?: string }[])
      .map((t) => (e.apiDestinations as { logicalId: string; invocationEndpoint: string }[] | undefined)?.find((a) => a.logicalId === t.targetOf))
      .filter((a): a is { logicalId: string; invocationEndpoint: string } => a !== undefined);
    expect(requests).toHaveLength(endpoints.length);
    for (const a of endpoints) {
      const created = result.report!.resources[a.logicalId];
      expect(created.type).toBe('AWS::Events::ApiDestination');
      expect(requests!.some((r) => r.url.startsWith(a.invocationEndpoint.replace(/\{\{getatt:[^}]+\}\}.*$/, '')))).toBe(true);
    }
  });
});
