// loadTemplate(): a CloudFormation / SAM / CDK template, a serverless.yml or a Terraform plan to
// the event buses, rules, targets and bus policies it declares, created through the emulator's one
// dispatcher. Steps: parse the text; bring the format to a CloudFormation template (SAM expanded,
// Serverless compiled, Terraform converted); check the parameters; plan each EventBridge resource
// with its properties resolved; apply the plan as a stack create or update; report what was
// created, what was skipped and why, and every resource's physical names.
import { ApplyResult, ConfigureFunction, Send, StackState, applyStack } from './apply.js';
import { KIND_OF_TYPE, PlannedResource, planResource } from './eventbridge-plan.js';
import { ResolveError, Resolver } from './intrinsics.js';
import { parseTemplateText } from './parse-text.js';
import { ResourceTable, TemplateResource } from './resource-table.js';
import { Context } from './resource-types.js';
import { expandSam, isSamTemplate } from './sam.js';
import { LoadTemplateOptions, LoadTemplateReport, ResourceInfo, SkippedEntry, TemplateError, TemplateFormat } from './types.js';

/** The emulator a template is loaded into. */
export interface TemplateHost {
  readonly accountId: string;
  readonly region: string;
  send: Send;
  /** The delivery runtime's per-function asynchronous-invocation settings (eb.configureFunction). */
  configureFunction: ConfigureFunction;
}

/** A Lambda function of a loaded stack: the names its targets' ARNs and a local endpoint use. */
export interface StackFunction {
  logicalId: string;
  /** The function name in target ARNs (FunctionName, or the generated name). */
  physicalName: string;
  /** The name a local Lambda endpoint answers to (`sam local start-lambda`: the logical id). */
  invokeName: string;
}

/** Per emulator: the stacks loaded so far (a reload of a stack updates it). */
export interface LoadedStack {
  state: StackState;
  functions: StackFunction[];
}

export type StackRegistry = Map<string, LoadedStack>;

type Raw = Record<string, any>;

const SUPPORTED_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

const NOT_EMULATED: Record<string, string> = {
  'AWS::Scheduler::Schedule': 'EventBridge Scheduler is a different service (schedules are not rules); not emulated',
  'AWS::Scheduler::ScheduleGroup': 'EventBridge Scheduler is a different service; not emulated',
  'AWS::Pipes::Pipe': 'EventBridge Pipes is a different service; not emulated',
  'AWS::Events::Endpoint': 'global endpoints are not emulated (put events on the bus directly)',
};

function notEmulatedReason(r: TemplateResource): string {
  if (NOT_EMULATED[r.type]) return NOT_EMULATED[r.type];
  if (r.type.startsWith('AWS::EventSchemas::')) return 'the EventBridge schema registry is not emulated';
  if (r.type === 'AWS::Lambda::Function') {
    return 'a Lambda function is not emulated: deliveries to it go to the onFunction() handler registered for it (or to --lambda-endpoint)';
  }
  return `${r.type} is not emulated (only EventBridge resources are created); targets reach it by its ARN`;
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The format of a parsed template, from its top-level keys. */
export function detectFormat(doc: Raw): TemplateFormat {
  if ('format_version' in doc && ('planned_values' in doc || 'resource_changes' in doc || 'values' in doc)) return 'terraform-plan';
  if (!('Resources' in doc) && 'service' in doc && ('provider' in doc || 'functions' in doc)) return 'serverless';
  return 'cloudformation';
}

// CloudFormation's parameter checks: every parameter needs a value, only declared ones may be given.
function parameterValues(template: Raw, given: LoadTemplateOptions['parameters']): Record<string, string> {
  const declared: Raw = isObject(template.Parameters) ? template.Parameters : {};
  const values: Record<string, string> = {};
  const unknown = Object.keys(given ?? {}).filter((k) => !(k in declared));
  if (unknown.length) throw new TemplateError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing: string[] = [];
  for (const [name, decl] of Object.entries(declared)) {
    const v = given?.[name] ?? decl?.Default;
    if (v === undefined) {
      missing.push(name);
      continue;
    }
    const text = Array.isArray(v) ? v.join(',') : String(v);
    if (Array.isArray(decl?.AllowedValues) && !String(decl.Type).startsWith('List') && !decl.AllowedValues.map(String).includes(text)) {
      throw new TemplateError(`Parameter '${name}' must be one of AllowedValues (got ${JSON.stringify(text)})`);
    }
    if (typeof decl?.AllowedPattern === 'string' && !new RegExp(`^(?:${decl.AllowedPattern})$`).test(text)) {
      throw new TemplateError(`Parameter '${name}' must match pattern ${decl.AllowedPattern} (got ${JSON.stringify(text)})`);
    }
    if (decl?.Type === 'Number' && text.trim() !== '' && Number.isNaN(Number(text))) {
      throw new TemplateError(`Parameter '${name}' must be a number (got ${JSON.stringify(text)})`);
    }
    values[name] = text;
  }
  if (missing.length) throw new TemplateError(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

// CloudFormation refuses a template with a typeless resource as a whole (before this check, SAM's
// expansion and the plain path reported it as the type "undefined", not emulated).
function checkResourceTypes(template: Raw): void {
  for (const [logicalId, raw] of Object.entries<any>(template.Resources ?? {})) {
    if (logicalId.startsWith('Fn::ForEach::')) continue; // reported as unsupported below
    if (typeof raw?.Type !== 'string' || raw.Type === '') {
      throw new TemplateError(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
  }
}

function baseResources(template: Raw): TemplateResource[] {
  return Object.entries<any>(template.Resources ?? {}).map(([logicalId, raw]) => ({
    logicalId,
    type: String(raw?.Type),
    properties: isObject(raw?.Properties) ? raw.Properties : {},
    condition: typeof raw?.Condition === 'string' ? raw.Condition : undefined,
    dependsOn: typeof raw?.DependsOn === 'string' ? [raw.DependsOn] : Array.isArray(raw?.DependsOn) ? raw.DependsOn : [],
  }));
}

/** A CloudFormation template, a stack name and how its Lambda functions are invoked locally. */
export interface CloudFormationInput {
  template: Raw;
  stackName: string;
  /** Serverless: functions answer to their FunctionName (serverless-offline); else the logical id. */
  invokeByFunctionName: boolean;
  /** Skipped entries from the translation (events this loader does not translate, ...). */
  skipped: SkippedEntry[];
  /** Resources a translation generated: logical id -> where from (a Serverless function event). */
  generatedBy?: Record<string, string>;
}

async function toCloudFormation(doc: Raw, format: TemplateFormat, options: LoadTemplateOptions, host: TemplateHost): Promise<CloudFormationInput> {
  switch (format) {
    case 'serverless': {
      const { compileServerless } = await import('./serverless.js');
      return compileServerless(doc, options, host);
    }
    case 'terraform-plan': {
      const { terraformPlanToTemplate } = await import('./terraform.js');
      return terraformPlanToTemplate(doc, options, host);
    }
    default: {
      if (!isObject(doc.Resources)) throw new TemplateError('template has no Resources section');
      const serverlessPackaged = 'ServerlessDeploymentBucket' in doc.Resources;
      return { template: doc, stackName: options.stackName ?? 'local-stack', invokeByFunctionName: serverlessPackaged, skipped: [] };
    }
  }
}

export async function loadTemplate(
  host: TemplateHost,
  stacks: StackRegistry,
  template: unknown,
  options: LoadTemplateOptions = {},
): Promise<LoadTemplateReport> {
  const parsed = typeof template === 'string' ? await parseTemplateText(template) : { value: template, warnings: [] };
  const doc = parsed.value;
  if (!isObject(doc)) throw new TemplateError('a template must be a JSON or YAML object (or its text)');
  const format = options.format ?? detectFormat(doc);
  const input = await toCloudFormation(doc, format, options, host);
  const cfn = input.template;

  const transforms = (Array.isArray(cfn.Transform) ? cfn.Transform : cfn.Transform === undefined ? [] : [cfn.Transform]) as unknown[];
  for (const t of transforms) {
    if (typeof t !== 'string' || !SUPPORTED_TRANSFORMS.has(t)) {
      throw new TemplateError(`Transform ${JSON.stringify(t)} is a macro this loader cannot run (supported: ${[...SUPPORTED_TRANSFORMS].join(', ')})`);
    }
  }

  const ctx: Context & { urlSuffix: string } = {
    accountId: host.accountId,
    region: host.region,
    partition: host.region.startsWith('cn-') ? 'aws-cn' : host.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    stackName: input.stackName,
    urlSuffix: host.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const table = new ResourceTable(new Map(), ctx);
  const resolver = new Resolver(
    {
      parameters: isObject(cfn.Parameters) ? cfn.Parameters : {},
      mappings: isObject(cfn.Mappings) ? cfn.Mappings : {},
      conditions: isObject(cfn.Conditions) ? cfn.Conditions : {},
      pseudo: {
        ...ctx,
        stackId: `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/00000000-0000-4000-8000-000000000000`,
      },
      parameterValues: parameterValues(cfn, format === 'cloudformation' ? options.parameters : undefined),
      ssmParameters: options.ssmParameters ?? {},
      secrets: options.secrets ?? {},
      importValues: options.importValues ?? {},
    },
    table,
  );
  table.attach(resolver);

  checkResourceTypes(cfn);
  const resources = isSamTemplate(cfn)
    ? expandSam(cfn, {
        resolveParameterRef: (v) =>
          isObject(v) && typeof v.Ref === 'string' && v.Ref in (cfn.Parameters ?? {})
            ? resolver.parameter(v.Ref, { logicalId: 'AutoPublishAlias', path: '' })
            : v,
      })
    : baseResources(cfn);
  for (const r of resources) {
    if (input.invokeByFunctionName && r.type === 'AWS::Lambda::Function') r.invokeName = 'functionName';
    if (input.generatedBy?.[r.logicalId]) r.generatedBy = input.generatedBy[r.logicalId];
    table.resources.set(r.logicalId, r);
  }

  const skipped: SkippedEntry[] = [...input.skipped];
  const planned: PlannedResource[] = [];
  for (const r of resources) {
    const at = { logicalId: r.logicalId, path: '' };
    if (r.logicalId.startsWith('Fn::ForEach::')) {
      skipped.push({ logicalId: r.logicalId, type: 'Fn::ForEach', reason: 'Fn::ForEach (AWS::LanguageExtensions) is not supported by this loader' });
      continue;
    }
    if (r.error) {
      skipped.push({ logicalId: r.logicalId, type: r.type, reason: r.error });
      continue;
    }
    try {
      if (!table.isCreated(r.logicalId, at)) {
        skipped.push({ logicalId: r.logicalId, type: r.type, reason: `not created: Condition ${r.condition} is false` });
        continue;
      }
      if (!(r.type in KIND_OF_TYPE)) {
        skipped.push({ logicalId: r.logicalId, type: r.type, reason: notEmulatedReason(r) });
        continue;
      }
      planned.push(planResource(r, table, ctx));
    } catch (e) {
      if (!(e instanceof ResolveError)) throw e;
      skipped.push({ logicalId: r.logicalId, type: r.type, reason: e.message });
    }
  }

  const previous = stacks.get(input.stackName);
  const applied: ApplyResult = applyStack(host.send, host.configureFunction, previous?.state, planned, skipped.filter((s) => s.type in KIND_OF_TYPE), {
    arnPrefix: `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:`,
  }, options.adoptExisting === true);
  const otherSkipped = skipped.filter((s) => !(s.type in KIND_OF_TYPE));

  const info: Record<string, ResourceInfo> = {};
  const functions: StackFunction[] = [];
  for (const r of resources) {
    if (r.logicalId.startsWith('Fn::ForEach::')) continue;
    info[r.logicalId] = table.info(r);
    if (r.type === 'AWS::Lambda::Function' && info[r.logicalId].physicalId) {
      const physicalName = info[r.logicalId].physicalId as string;
      functions.push({ logicalId: r.logicalId, physicalName, invokeName: r.invokeName === 'functionName' ? physicalName : r.logicalId });
    }
  }
  stacks.set(input.stackName, { state: applied.state, functions });

  return {
    created: applied.created,
    skipped: [...applied.skipped, ...otherSkipped],
    resources: info,
    stackName: input.stackName,
    format,
    changes: applied.changes,
    implicitBuses: applied.implicitBuses,
    warnings: [...parsed.warnings, ...planned.flatMap((p) => p.warnings ?? [])],
  };
}
