// The AWS SAM transform, for the parts that decide EventBridge rules: AWS::Serverless::Function and
// AWS::Serverless::StateMachine events of Type EventBridgeRule / CloudWatchEvent / Schedule become
// AWS::Events::Rule resources exactly as the SAM translator (samtranslator/model/eventsources/push.py,
// stepfunctions/events.py, events.py, eventbridge_utils.py) generates them: rule logical id
// <Resource><EventName> (cut to 64 characters ending in "Event"), Name from RuleName / Name, target
// Id <rule>LambdaTarget or <rule>StepFunctionsTarget (cut to 64) unless Target.Id is given, Input /
// InputPath / InputTransformer / RetryPolicy passed through, DeadLetterConfig Arn or a generated
// <rule>Queue, State / Enabled, the function's Condition carried over. Functions with
// AutoPublishAlias are targeted through their generated alias; state machines get a generated
// <rule>Role unless RoleArn is given. ScheduleV2 events become AWS::Scheduler::Schedule (a different
// service, reported as skipped). A function's EventInvokeConfig becomes the
// AWS::Lambda::EventInvokeConfig <Function>EventInvokeConfig (sam_resources.py
// _construct_event_invoke_config: Qualifier the AutoPublishAlias or $LATEST, an SQS / SNS destination
// without Destination generated as <Function>EventInvokeConfig<OnSuccess|OnFailure><Queue|Topic>).
// Other SAM resources become their CloudFormation types so that Ref and Fn::GetAtt of them work.
import { TemplateResource } from './resource-table.js';

type Raw = Record<string, any>;

const RULE_EVENT_TYPES = new Set(['EventBridgeRule', 'CloudWatchEvent', 'Schedule']);
const MAX_ID = 64;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** SAM's Globals merge: maps merged key by key, lists concatenated (globals first), scalars local. */
export function mergeGlobals(globals: unknown, local: unknown): unknown {
  if (isObject(globals) && isObject(local)) {
    const out: Raw = { ...globals };
    for (const [k, v] of Object.entries(local)) out[k] = k in globals ? mergeGlobals(globals[k], v) : v;
    return out;
  }
  if (Array.isArray(globals) && Array.isArray(local)) return [...globals, ...local];
  return local === undefined ? globals : local;
}

// samtranslator.model.events: rule logical ids and target ids are cut to 64 characters.
function ruleLogicalId(id: string): string {
  return id.length > MAX_ID ? `${id.slice(0, MAX_ID - 'Event'.length)}Event` : id;
}

function targetId(logicalId: string, suffix: string): string {
  return logicalId.length + suffix.length <= MAX_ID ? logicalId + suffix : logicalId.slice(0, MAX_ID - suffix.length) + suffix;
}

function dependsOnList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether a template needs the SAM transform (its Transform says so, or it has SAM resources). */
export function isSamTemplate(template: Raw): boolean {
  const t = template.Transform;
  const transforms = Array.isArray(t) ? t : [t];
  if (transforms.some((x) => typeof x === 'string' && x.startsWith('AWS::Serverless'))) return true;
  return Object.values(template.Resources ?? {}).some((r: any) => typeof r?.Type === 'string' && r.Type.startsWith('AWS::Serverless::'));
}

export interface SamContext {
  /** SAM resolves Ref of parameters (for AutoPublishAlias); anything else is kept as written. */
  resolveParameterRef(value: unknown): unknown;
}

interface Expansion {
  add(r: TemplateResource): void;
}

const PASSTHROUGH_TYPES: Record<string, string> = {
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
  'AWS::Serverless::Application': 'AWS::CloudFormation::Stack',
  'AWS::Serverless::GraphQLApi': 'AWS::AppSync::GraphQLApi',
};

function ruleFromEvent(
  owner: TemplateResource,
  ownerKind: 'Function' | 'StateMachine',
  eventName: string,
  event: Raw,
  targetArn: unknown,
  out: Expansion,
): void {
  const type = String(event.Type);
  const p: Raw = isObject(event.Properties) ? event.Properties : {};
  const eventLogicalId = owner.logicalId + eventName;
  const logicalId = ruleLogicalId(eventLogicalId);
  const generatedBy = `SAM ${type} event ${owner.logicalId}.${eventName} (${ownerKind})`;
  const rule: TemplateResource = {
    logicalId,
    type: 'AWS::Events::Rule',
    properties: {},
    condition: owner.condition,
    dependsOn: [],
    generatedBy,
  };
  const fail = (message: string) => {
    rule.error = `${generatedBy}: ${message}`;
    out.add(rule);
  };
  const props = rule.properties;
  if (type === 'Schedule') {
    if (p.Schedule === undefined) return fail("Missing required property 'Schedule'.");
    props.ScheduleExpression = p.Schedule;
    if (p.Name !== undefined) props.Name = p.Name;
    if (p.Description !== undefined) props.Description = p.Description;
  } else {
    if (p.EventBusName !== undefined) props.EventBusName = p.EventBusName;
    if (p.Pattern !== undefined) props.EventPattern = p.Pattern;
    if (p.RuleName !== undefined) props.Name = p.RuleName;
  }
  if (p.State !== undefined && p.Enabled !== undefined) return fail('State and Enabled Properties cannot both be specified.');
  if (p.State !== undefined) props.State = p.State;
  if (p.Enabled !== undefined) {
    if (typeof p.Enabled !== 'boolean') return fail("Type of property 'Enabled' is invalid (SAM needs a boolean here).");
    props.State = p.Enabled ? 'ENABLED' : 'DISABLED';
  }

  let dlqArn: unknown;
  if (p.DeadLetterConfig !== undefined) {
    const dlq = p.DeadLetterConfig;
    if (!isObject(dlq)) return fail("Type of property 'DeadLetterConfig' is invalid.");
    const hasArn = 'Arn' in dlq;
    const hasType = 'Type' in dlq;
    if (hasArn && hasType) return fail("You can either define 'Arn' or 'Type' property of DeadLetterConfig");
    if (hasType && dlq.Type !== 'SQS') return fail("The only valid value for 'Type' property of DeadLetterConfig is 'SQS'");
    if (!hasArn && !hasType) return fail("No 'Arn' or 'Type' property provided for DeadLetterConfig");
    if (hasArn) {
      dlqArn = dlq.Arn;
    } else {
      if (dlq.QueueLogicalId !== undefined && typeof dlq.QueueLogicalId !== 'string') {
        return fail('QueueLogicalId must be a string');
      }
      const queueId = (dlq.QueueLogicalId as string | undefined) ?? `${eventLogicalId}Queue`;
      out.add({ logicalId: queueId, type: 'AWS::SQS::Queue', properties: {}, condition: owner.condition, dependsOn: [], generatedBy });
      dlqArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
    }
  }

  const explicitId = isObject(p.Target) && p.Target.Id !== undefined ? p.Target.Id : undefined;
  const target: Raw = {
    Arn: targetArn,
    Id: explicitId ?? targetId(eventLogicalId, ownerKind === 'Function' ? 'LambdaTarget' : 'StepFunctionsTarget'),
  };
  if (ownerKind === 'StateMachine') {
    if (p.RoleArn !== undefined) {
      target.RoleArn = p.RoleArn;
    } else {
      const roleId = `${eventLogicalId}Role`;
      out.add({ logicalId: roleId, type: 'AWS::IAM::Role', properties: {}, condition: owner.condition, dependsOn: [], generatedBy });
      target.RoleArn = { 'Fn::GetAtt': [roleId, 'Arn'] };
    }
  }
  if (p.Input !== undefined) target.Input = p.Input;
  if (type !== 'Schedule' && p.InputPath !== undefined) target.InputPath = p.InputPath;
  if (dlqArn !== undefined) target.DeadLetterConfig = { Arn: dlqArn };
  if (p.RetryPolicy !== undefined) target.RetryPolicy = p.RetryPolicy;
  if (type !== 'Schedule' && p.InputTransformer !== undefined) target.InputTransformer = p.InputTransformer;
  props.Targets = [target];
  out.add(rule);
}

/**
 * Expands a SAM template's resources into CloudFormation resources (EventBridge-relevant parts;
 * everything else keeps its properties). Returns the resources in template order, generated ones
 * after their source.
 */
export function expandSam(template: Raw, ctx: SamContext): TemplateResource[] {
  const result: TemplateResource[] = [];
  const out: Expansion = { add: (r) => result.push(r) };
  const globals = isObject(template.Globals) ? template.Globals : {};
  for (const [logicalId, raw] of Object.entries<any>(template.Resources ?? {})) {
    if (!isObject(raw)) continue;
    const type = String(raw.Type);
    const base: TemplateResource = {
      logicalId,
      type,
      properties: isObject(raw.Properties) ? raw.Properties : {},
      condition: typeof raw.Condition === 'string' ? raw.Condition : undefined,
      dependsOn: dependsOnList(raw.DependsOn),
    };
    if (type === 'AWS::Serverless::Function') {
      const props = mergeGlobals(globals.Function ?? {}, base.properties) as Raw;
      const fn: TemplateResource = { ...base, type: 'AWS::Lambda::Function', properties: props, invokeName: 'logicalId' };
      out.add(fn);
      if (props.Role === undefined) {
        out.add({ logicalId: `${logicalId}Role`, type: 'AWS::IAM::Role', properties: {}, condition: fn.condition, dependsOn: [], generatedBy: `SAM function ${logicalId}` });
      }
      let targetArn: unknown = { 'Fn::GetAtt': [logicalId, 'Arn'] };
      if (props.AutoPublishAlias !== undefined) {
        const aliasName = ctx.resolveParameterRef(props.AutoPublishAlias);
        if (typeof aliasName === 'string') {
          const aliasId = `${logicalId}Alias${aliasName.replace(/[^A-Za-z0-9]/g, '')}`;
          fn.samAlias = aliasId;
          out.add({
            logicalId: aliasId,
            type: 'AWS::Lambda::Alias',
            properties: { FunctionName: { Ref: logicalId }, Name: aliasName },
            condition: fn.condition,
            dependsOn: [],
            generatedBy: `SAM AutoPublishAlias of ${logicalId}`,
          });
          targetArn = { Ref: aliasId };
        }
      }
      if (props.EventInvokeConfig !== undefined) {
        const alias = fn.samAlias ? ctx.resolveParameterRef(props.AutoPublishAlias) : undefined;
        addEventInvokeConfig(fn, props.EventInvokeConfig, typeof alias === 'string' ? alias : undefined, out);
      }
      addEvents(fn, 'Function', props.Events, targetArn, out);
    } else if (type === 'AWS::Serverless::StateMachine') {
      const props: Raw = { ...base.properties };
      if (props.Name !== undefined) props.StateMachineName = props.Name;
      const sm: TemplateResource = { ...base, type: 'AWS::StepFunctions::StateMachine', properties: props };
      out.add(sm);
      if (props.Role === undefined) {
        out.add({ logicalId: `${logicalId}Role`, type: 'AWS::IAM::Role', properties: {}, condition: sm.condition, dependsOn: [], generatedBy: `SAM state machine ${logicalId}` });
      }
      addEvents(sm, 'StateMachine', props.Events, { Ref: logicalId }, out);
    } else if (type in PASSTHROUGH_TYPES) {
      const props: Raw = { ...base.properties };
      const globalKey = type.slice('AWS::Serverless::'.length);
      const merged = (globals[globalKey] ? mergeGlobals(globals[globalKey], props) : props) as Raw;
      if (type === 'AWS::Serverless::SimpleTable' && merged.TableName === undefined) delete merged.TableName;
      out.add({ ...base, type: PASSTHROUGH_TYPES[type], properties: merged });
    } else {
      out.add(base);
    }
  }
  return result;
}

// samtranslator's accepted destination types (sam_resources.py _validate_and_inject_resource; the
// SAM documentation also names S3, which the translator this follows refuses with the same error).
const DESTINATION_TYPES = ['SQS', 'SNS', 'EventBridge', 'Lambda'];
const GENERATED_DESTINATION: Record<string, { suffix: string; type: string; attribute: string; referable: string }> = {
  SQS: { suffix: 'Queue', type: 'AWS::SQS::Queue', attribute: 'Arn', referable: 'DestinationQueue' },
  SNS: { suffix: 'Topic', type: 'AWS::SNS::Topic', attribute: 'TopicArn', referable: 'DestinationTopic' },
};

const isNoValue = (v: unknown) => isObject(v) && v.Ref === 'AWS::NoValue';

function addEventInvokeConfig(fn: TemplateResource, config: unknown, alias: string | undefined, out: Expansion): void {
  const logicalId = `${fn.logicalId}EventInvokeConfig`;
  const generatedBy = `SAM EventInvokeConfig of function ${fn.logicalId}`;
  const resource: TemplateResource = {
    logicalId,
    type: 'AWS::Lambda::EventInvokeConfig',
    properties: {},
    condition: fn.condition,
    dependsOn: fn.samAlias ? [fn.samAlias] : [],
    generatedBy,
  };
  const fail = (message: string) => {
    resource.error = `${generatedBy}: ${message}`;
    out.add(resource);
  };
  if (!isObject(config)) return fail("Property 'EventInvokeConfig' should be a map.");
  const unknown = Object.keys(config).find((k) => !['DestinationConfig', 'MaximumEventAgeInSeconds', 'MaximumRetryAttempts'].includes(k));
  if (unknown) return fail(`EventInvokeConfig has no property ${unknown} (it has DestinationConfig, MaximumEventAgeInSeconds, MaximumRetryAttempts)`);
  const destinations: Raw = {};
  const generated: TemplateResource[] = [];
  if (config.DestinationConfig !== undefined) {
    if (!isObject(config.DestinationConfig)) return fail("Property 'EventInvokeConfig.DestinationConfig' should be a map.");
    for (const name of ['OnSuccess', 'OnFailure']) {
      const d = config.DestinationConfig[name];
      if (d === undefined) continue;
      if (!isObject(d)) return fail(`Property 'EventInvokeConfig.DestinationConfig.${name}' should be a map.`);
      if (!DESTINATION_TYPES.includes(d.Type)) return fail(`'Type: ${d.Type ?? 'None'}' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda']`);
      const conditional = isObject(d.Destination) && Array.isArray(d.Destination['Fn::If']) && d.Destination['Fn::If'].some(isNoValue);
      if (conditional) {
        return fail(`DestinationConfig.${name}.Destination: an Fn::If with AWS::NoValue (SAM then generates a conditional ${d.Type} destination) is not supported by this loader`);
      }
      let destination = d.Destination;
      if (destination === undefined) {
        const g = GENERATED_DESTINATION[d.Type];
        if (!g) return fail("Destination is required if Type is not ['SQS', 'SNS']");
        const id = `${logicalId}${name}${g.suffix}`;
        generated.push({ logicalId: id, type: g.type, properties: {}, condition: fn.condition, dependsOn: [], generatedBy });
        fn.samDestinations = { ...fn.samDestinations, [g.referable]: id };
        destination = { 'Fn::GetAtt': [id, g.attribute] };
      }
      destinations[name] = { Destination: destination };
    }
  }
  resource.properties = {
    FunctionName: { Ref: fn.logicalId },
    Qualifier: alias ?? '$LATEST',
    DestinationConfig: destinations,
    ...(config.MaximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: config.MaximumEventAgeInSeconds } : {}),
    ...(config.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: config.MaximumRetryAttempts } : {}),
  };
  generated.forEach((g) => out.add(g));
  out.add(resource);
}

function addEvents(owner: TemplateResource, kind: 'Function' | 'StateMachine', events: unknown, targetArn: unknown, out: Expansion): void {
  if (!isObject(events)) return;
  for (const [eventName, event] of Object.entries(events)) {
    if (!isObject(event)) continue;
    const type = String(event.Type);
    if (RULE_EVENT_TYPES.has(type)) {
      ruleFromEvent(owner, kind, eventName, event, targetArn, out);
    } else if (type === 'ScheduleV2') {
      out.add({
        logicalId: owner.logicalId + eventName,
        type: 'AWS::Scheduler::Schedule',
        properties: isObject(event.Properties) ? event.Properties : {},
        condition: owner.condition,
        dependsOn: [],
        generatedBy: `SAM ScheduleV2 event ${owner.logicalId}.${eventName} (${kind})`,
      });
    }
  }
}
