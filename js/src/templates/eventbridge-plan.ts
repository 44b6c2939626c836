// From the template's EventBridge resources (AWS::Events::EventBus, Rule, EventBusPolicy, Archive,
// Connection, ApiDestination) and the Lambda asynchronous-invocation settings its targets depend on
// (AWS::Lambda::EventInvokeConfig), with every property resolved, to the requests that create them:
// CloudFormation property names to the operation's members, patterns written as objects to JSON
// text, numbers CloudFormation would coerce from parameter strings to numbers. What the dispatcher
// validates is not validated here: it answers each request with AWS's validation. Checked here:
// property names (CloudFormation refuses unknown ones) and the invoke config's values (Lambda's, not
// the dispatcher's).
import { ResolveError, Where } from './intrinsics.js';
import { ResourceTable, TemplateResource, localBusName } from './resource-table.js';
import { Context } from './resource-types.js';

export type PlanKind = 'bus' | 'connection' | 'apiDestination' | 'policy' | 'rule' | 'archive' | 'invokeConfig';

export const KIND_OF_TYPE: Record<string, PlanKind> = {
  'AWS::Events::EventBus': 'bus',
  'AWS::Events::Connection': 'connection',
  'AWS::Events::ApiDestination': 'apiDestination',
  'AWS::Events::EventBusPolicy': 'policy',
  'AWS::Events::Rule': 'rule',
  'AWS::Events::Archive': 'archive',
  'AWS::Lambda::EventInvokeConfig': 'invokeConfig',
};

/** The order kinds are created in (a rule may target a bus or API destination of the template). */
export const KIND_ORDER: PlanKind[] = ['bus', 'connection', 'apiDestination', 'policy', 'invokeConfig', 'rule', 'archive'];

export interface PlannedResource {
  logicalId: string;
  type: string;
  kind: PlanKind;
  generatedBy?: string;
  /** Physical name (a policy: its StatementId; an invoke config: the function ARN it configures). */
  name: string;
  /** The bus it sits on (rules, policies) or is (buses). */
  busName?: string;
  /**
   * The create request (CreateEventBus, PutRule, PutPermission, CreateArchive, ...); an invoke
   * config: { FunctionArn, MaximumRetryAttempts, MaximumEventAgeInSeconds, OnFailure }.
   */
  request: Record<string, any>;
  /** Rules: PutTargets' Targets. Buses: the Policy property (a policy document). */
  targets?: Record<string, any>[];
  policy?: Record<string, any>;
  /** Policies: the statement of the Statement form (added to the bus's policy). */
  statement?: Record<string, any>;
  /** EventBridge resources of this template it refers to (Ref, Fn::GetAtt, DependsOn). */
  dependsOn: string[];
  /** What the loader accepted but does not emulate (the report's warnings). */
  warnings?: string[];
}

type Raw = Record<string, any>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Members CloudFormation types as Integer / Boolean: a parameter's text value is coerced to the type.
const NUMBER_MEMBERS = new Set([
  'MaximumRetryAttempts',
  'MaximumEventAgeInSeconds',
  'RetentionDays',
  'InvocationRateLimitPerSecond',
  'TaskCount',
  'Size',
  'Attempts',
]);
const BOOLEAN_MEMBERS = new Set(['EnableECSManagedTags', 'EnableExecuteCommand', 'WithEvent', 'IsValueSecret']);

function coerce(value: unknown, key = ''): any {
  if (Array.isArray(value)) return value.map((v) => coerce(v));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, k)]));
  if (typeof value === 'string' && NUMBER_MEMBERS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (typeof value === 'string' && BOOLEAN_MEMBERS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function pattern(value: unknown, at: Where): string {
  if (typeof value === 'string') return value;
  if (isObject(value)) return JSON.stringify(value);
  throw new ResolveError(at, 'EventPattern must be a JSON object or JSON text');
}

function tags(value: unknown): { Key: string; Value: string }[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((t) => ({ Key: String(t?.Key), Value: String(t?.Value) }));
}

function setIf(out: Raw, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

// CloudFormation's Target differs from the API's in one member: EcsParameters.TagList is Tags.
function targetRequest(target: unknown, index: number, logicalId: string): Raw {
  const at = { logicalId, path: `Targets[${index}]` };
  if (!isObject(target)) throw new ResolveError(at, 'a target must be an object');
  const t = coerce(target) as Raw;
  for (const member of ['Input', 'InputPath']) {
    if (t[member] !== undefined && typeof t[member] !== 'string') {
      throw new ResolveError({ logicalId, path: `Targets[${index}].${member}` }, `${member} must be a string`);
    }
  }
  if (isObject(t.EcsParameters) && 'TagList' in t.EcsParameters) {
    const { TagList, ...rest } = t.EcsParameters;
    t.EcsParameters = { ...rest, Tags: TagList };
  }
  return t;
}

// Lambda's PutFunctionEventInvokeConfig validation, in its words (a template value Lambda refuses
// is refused here, naming the property).
function integerMember(value: unknown, at: Where, member: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ResolveError(at, `${at.path} must be an integer, not ${JSON.stringify(value)}`);
  const constraint = n < min ? `greater than or equal to ${min}` : n > max ? `less than or equal to ${max}` : undefined;
  if (constraint) {
    throw new ResolveError(at, `1 validation error detected: Value '${n}' at '${member}' failed to satisfy constraint: Member must have value ${constraint}`);
  }
  return n;
}

/**
 * AWS::Lambda::EventInvokeConfig: the function (name, ARN or partial ARN) and qualifier it
 * configures, and what eb.configureFunction() takes. Unset members are Lambda's defaults, so a
 * reload that drops one restores the default. An OnSuccess destination is reported, not emulated.
 */
function planInvokeConfig(planned: PlannedResource, prop: (name: string) => unknown, at: Where, ctx: Context): void {
  const fn = prop('FunctionName');
  if (typeof fn !== 'string' || !fn) throw new ResolveError({ ...at, path: 'FunctionName' }, 'FunctionName is required');
  const qualifier = prop('Qualifier');
  if (typeof qualifier !== 'string' || !/^[a-zA-Z0-9$_-]+$/.test(qualifier)) {
    throw new ResolveError({ ...at, path: 'Qualifier' }, `Qualifier is required: a version number, an alias name or $LATEST (not ${JSON.stringify(qualifier)})`);
  }
  const lambda = `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.accountId}:function:`;
  // Lambda takes a name (my-function), a partial ARN (123456789012:function:my-function) or an ARN.
  const partial = /^(\d{12}):function:(.+)$/.exec(fn);
  const functionArn = fn.startsWith('arn:') ? fn : partial ? `arn:${ctx.partition}:lambda:${ctx.region}:${partial[1]}:function:${partial[2]}` : `${lambda}${fn}`;
  // Targets name the function unqualified for $LATEST, and with the alias or version otherwise.
  const arn = qualifier === '$LATEST' ? functionArn : `${functionArn}:${qualifier}`;
  planned.name = arn;
  const destinations = prop('DestinationConfig');
  if (destinations !== undefined && !isObject(destinations)) throw new ResolveError({ ...at, path: 'DestinationConfig' }, 'DestinationConfig must be an object');
  const onFailure = destinations?.OnFailure;
  let onFailureArn: string | undefined;
  if (onFailure !== undefined) {
    const where = { ...at, path: 'DestinationConfig.OnFailure.Destination' };
    if (!isObject(onFailure) || typeof onFailure.Destination !== 'string' || !/^arn:[^:]+:[^:]+:/.test(onFailure.Destination)) {
      throw new ResolveError(where, `the on-failure destination must be an ARN (SQS queue, SNS topic, Lambda function, event bus or S3 bucket), not ${JSON.stringify(isObject(onFailure) ? onFailure.Destination : onFailure)}`);
    }
    onFailureArn = onFailure.Destination;
  }
  if (destinations?.OnSuccess !== undefined) {
    planned.warnings = [
      `resource ${planned.logicalId}, property DestinationConfig.OnSuccess: on-success destinations are not emulated (successful asynchronous invocations are not recorded anywhere)`,
    ];
  }
  planned.request = {
    FunctionArn: arn,
    MaximumRetryAttempts: integerMember(prop('MaximumRetryAttempts'), { ...at, path: 'MaximumRetryAttempts' }, 'maximumRetryAttempts', 0, 2) ?? 2,
    MaximumEventAgeInSeconds:
      integerMember(prop('MaximumEventAgeInSeconds'), { ...at, path: 'MaximumEventAgeInSeconds' }, 'maximumEventAgeInSeconds', 60, 21600) ?? 21600,
    OnFailure: onFailureArn ?? null,
  };
}

// Each type's properties in the CloudFormation resource specification. CloudFormation refuses a
// template with any other ("Encountered unsupported property X"); so does the loader, naming it,
// rather than create the resource without what the property asked for.
const PROPERTIES: Record<PlanKind, string[]> = {
  bus: ['DeadLetterConfig', 'Description', 'EventSourceName', 'KmsKeyIdentifier', 'LogConfig', 'Name', 'Policy', 'Tags'],
  rule: ['Description', 'EventBusName', 'EventPattern', 'Name', 'RoleArn', 'ScheduleExpression', 'State', 'Tags', 'Targets'],
  policy: ['Action', 'Condition', 'EventBusName', 'Principal', 'Statement', 'StatementId'],
  archive: ['ArchiveName', 'Description', 'EventPattern', 'KmsKeyIdentifier', 'RetentionDays', 'SourceArn'],
  connection: ['AuthParameters', 'AuthorizationType', 'Description', 'InvocationConnectivityParameters', 'KmsKeyIdentifier', 'Name'],
  apiDestination: ['ConnectionArn', 'Description', 'HttpMethod', 'InvocationEndpoint', 'InvocationRateLimitPerSecond', 'Name'],
  invokeConfig: ['DestinationConfig', 'FunctionName', 'MaximumEventAgeInSeconds', 'MaximumRetryAttempts', 'Qualifier'],
};

function checkProperties(r: TemplateResource, kind: PlanKind): void {
  const unknown = Object.keys(r.properties ?? {}).find((name) => !PROPERTIES[kind].includes(name));
  if (unknown !== undefined) {
    throw new ResolveError({ logicalId: r.logicalId, path: unknown }, `Encountered unsupported property ${unknown} (${r.type} has ${PROPERTIES[kind].join(', ')})`);
  }
}

/** Plans one EventBridge resource: its physical name and the requests that create it. */
export function planResource(r: TemplateResource, table: ResourceTable, ctx: Context): PlannedResource {
  const kind = KIND_OF_TYPE[r.type];
  const at = { logicalId: r.logicalId, path: '' };
  table.touched = new Set();
  try {
    checkProperties(r, kind);
    const prop = (name: string) => table.property(r, name);
    const name = table.physicalName(r, at);
    const planned: PlannedResource = { logicalId: r.logicalId, type: r.type, kind, name, request: {}, dependsOn: [] };
    if (r.generatedBy) planned.generatedBy = r.generatedBy;
    const req = planned.request;
    switch (kind) {
      case 'bus': {
        if (prop('Name') === undefined) throw new ResolveError({ ...at, path: 'Name' }, 'Name is required');
        req.Name = name;
        planned.busName = name;
        setIf(req, 'EventSourceName', prop('EventSourceName'));
        setIf(req, 'Description', prop('Description'));
        setIf(req, 'KmsKeyIdentifier', prop('KmsKeyIdentifier'));
        setIf(req, 'DeadLetterConfig', prop('DeadLetterConfig'));
        setIf(req, 'LogConfig', prop('LogConfig'));
        setIf(req, 'Tags', tags(prop('Tags')));
        const policy = prop('Policy');
        if (policy !== undefined) planned.policy = typeof policy === 'string' ? JSON.parse(policy) : (policy as Raw);
        break;
      }
      case 'rule': {
        const busValue = prop('EventBusName');
        const bus = typeof busValue === 'string' && busValue ? localBusName(busValue, ctx) : { name: 'default', foreign: false };
        if (bus.foreign) {
          const [, , , region, account] = bus.name.split(':');
          throw new ResolveError(
            { ...at, path: 'EventBusName' },
            `the rule's event bus ${bus.name} is in ${account !== ctx.accountId ? `account ${account}` : `Region ${region}`}; this emulator holds account ${ctx.accountId} in ${ctx.region} only`,
          );
        }
        planned.busName = bus.name;
        req.Name = name;
        if (bus.name !== 'default') req.EventBusName = bus.name;
        const eventPattern = prop('EventPattern');
        if (eventPattern !== undefined) req.EventPattern = pattern(eventPattern, { ...at, path: 'EventPattern' });
        setIf(req, 'ScheduleExpression', prop('ScheduleExpression'));
        setIf(req, 'State', prop('State'));
        setIf(req, 'Description', prop('Description'));
        setIf(req, 'RoleArn', prop('RoleArn'));
        setIf(req, 'Tags', tags(prop('Tags')));
        const targets = prop('Targets');
        if (targets !== undefined && !Array.isArray(targets)) throw new ResolveError({ ...at, path: 'Targets' }, 'Targets must be a list');
        planned.targets = (targets ?? []).map((t, i) => targetRequest(t, i, r.logicalId));
        break;
      }
      case 'policy': {
        const busValue = prop('EventBusName');
        const bus = typeof busValue === 'string' && busValue ? localBusName(busValue, ctx) : { name: 'default', foreign: false };
        if (bus.foreign) throw new ResolveError({ ...at, path: 'EventBusName' }, `the event bus ${bus.name} is not in this emulator's account and Region`);
        const sid = prop('StatementId');
        if (typeof sid !== 'string') throw new ResolveError({ ...at, path: 'StatementId' }, 'StatementId is required');
        planned.name = sid;
        planned.busName = bus.name;
        const statement = prop('Statement');
        if (statement !== undefined) {
          if (!isObject(statement)) throw new ResolveError({ ...at, path: 'Statement' }, 'Statement must be an object');
          planned.statement = { Sid: sid, ...statement };
        } else {
          req.EventBusName = bus.name;
          req.StatementId = sid;
          setIf(req, 'Action', prop('Action'));
          setIf(req, 'Principal', prop('Principal'));
          setIf(req, 'Condition', prop('Condition'));
        }
        break;
      }
      case 'archive': {
        req.ArchiveName = name;
        setIf(req, 'EventSourceArn', prop('SourceArn'));
        setIf(req, 'Description', prop('Description'));
        const eventPattern = prop('EventPattern');
        if (eventPattern !== undefined) req.EventPattern = pattern(eventPattern, { ...at, path: 'EventPattern' });
        setIf(req, 'RetentionDays', coerce(prop('RetentionDays'), 'RetentionDays'));
        setIf(req, 'KmsKeyIdentifier', prop('KmsKeyIdentifier'));
        break;
      }
      case 'connection': {
        req.Name = name;
        setIf(req, 'AuthorizationType', prop('AuthorizationType'));
        setIf(req, 'AuthParameters', coerce(prop('AuthParameters')));
        setIf(req, 'Description', prop('Description'));
        setIf(req, 'InvocationConnectivityParameters', prop('InvocationConnectivityParameters'));
        setIf(req, 'KmsKeyIdentifier', prop('KmsKeyIdentifier'));
        break;
      }
      case 'apiDestination': {
        req.Name = name;
        setIf(req, 'ConnectionArn', prop('ConnectionArn'));
        setIf(req, 'InvocationEndpoint', prop('InvocationEndpoint'));
        setIf(req, 'HttpMethod', prop('HttpMethod'));
        setIf(req, 'InvocationRateLimitPerSecond', coerce(prop('InvocationRateLimitPerSecond'), 'InvocationRateLimitPerSecond'));
        setIf(req, 'Description', prop('Description'));
        break;
      }
      case 'invokeConfig':
        planInvokeConfig(planned, prop, at, ctx);
        break;
    }
    const deps = new Set([...table.touched, ...r.dependsOn]);
    deps.delete(r.logicalId);
    planned.dependsOn = [...deps].filter((id) => KIND_OF_TYPE[table.resources.get(id)?.type ?? ''] !== undefined);
    return planned;
  } finally {
    table.touched = undefined;
  }
}
