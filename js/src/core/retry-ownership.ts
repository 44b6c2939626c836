// Pending retries belong to their target. After an operation that can take a target away
// (RemoveTargets, PutTargets pointing an Id elsewhere, DeleteRule, DisableRule, PutRule with State
// DISABLED; a bus with rules cannot be deleted), the delivery runtime drops the pending retries whose target is gone;
// this file says which deliveries an operation may concern and looks the rule up in the core.
import type { CoreDelivery, RuleLookup } from './delivery.js';

/** Operations after which pending retries may have lost their target. */
export const TARGET_CHANGING = new Set(['PutRule', 'DeleteRule', 'DisableRule', 'PutTargets', 'RemoveTargets']);

type Call = (operation: string, requestJson: string) => { status: number; body: string };

// arn:PARTITION:events:REGION:ACCOUNT:rule/[BUS/]NAME -> the rule's name and bus (rule names have no '/').
function ruleOfArn(ruleArn: string): { Name: string; EventBusName: string } | undefined {
  const m = /^arn:[^:]+:events:[^:]*:[^:]*:rule\/(.+)$/.exec(ruleArn);
  if (!m) return undefined;
  const slash = m[1].lastIndexOf('/');
  return slash < 0 ? { Name: m[1], EventBusName: 'default' } : { Name: m[1].slice(slash + 1), EventBusName: m[1].slice(0, slash) };
}

// A bus given by name or ARN, as its name.
function busName(bus: unknown): string {
  if (typeof bus !== 'string' || bus === '') return 'default';
  const i = bus.indexOf(':event-bus/');
  return i >= 0 ? bus.slice(i + ':event-bus/'.length) : bus;
}

/**
 * Which pending deliveries a successful operation may concern (a cheap filter: the rule lookup
 * decides). Requests are the operation's JSON input.
 */
export function concernedBy(operation: string, request: Record<string, unknown>): (core: CoreDelivery) => boolean {
  const bus = busName(request.EventBusName);
  const rule = operation === 'PutTargets' || operation === 'RemoveTargets' ? request.Rule : request.Name;
  return (core) => core.ruleName === rule && core.busName === bus;
}

/** A RuleLookup answered by the core's DescribeRule and ListTargetsByRule. */
export function coreRuleLookup(call: Call): RuleLookup {
  return (ruleArn) => {
    const rule = ruleOfArn(ruleArn);
    if (!rule) return undefined;
    const described = call('DescribeRule', JSON.stringify(rule));
    if (described.status >= 300) return undefined;
    const state = (JSON.parse(described.body) as { State?: string }).State;
    const targets = new Map<string, string>();
    let token: string | undefined;
    do {
      const req = { Rule: rule.Name, EventBusName: rule.EventBusName, Limit: 100, ...(token ? { NextToken: token } : {}) };
      const r = call('ListTargetsByRule', JSON.stringify(req));
      if (r.status >= 300) return undefined;
      const page = JSON.parse(r.body) as { Targets?: { Id: string; Arn: string }[]; NextToken?: string };
      for (const t of page.Targets ?? []) targets.set(t.Id, t.Arn);
      token = page.NextToken;
    } while (token);
    return { enabled: state !== 'DISABLED', targets };
  };
}
