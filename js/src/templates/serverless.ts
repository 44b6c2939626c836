// A Serverless Framework serverless.yml compiled to the CloudFormation the Framework would deploy,
// for its EventBridge parts, following its compile code (lib/plugins/aws/package/compile/events/
// event-bridge/index.js + utils.js, schedule.js, lib/naming.js):
// - functions.<key>: AWS::Lambda::Function <Key>LambdaFunction named <service>-<stage>-<key> (or
//   `name`); a local Lambda endpoint (serverless-offline) answers to that name;
// - eventBridge events: rule Name <function name>-rule-<n> (n = the event's position in the
//   function's events, from 1; md5-shortened past 64 characters), logical id
//   <Name alphanumerics>EventBridgeRule, target Id <rule name>-target, a bus created for a plain
//   bus name other than `default`, pattern / schedule / input / inputPath / inputTransformer /
//   retryPolicy / deadLetterQueueArn / enabled;
// - schedule events: <Key>EventsRuleSchedule<n>, target Id <key>Schedule (method: scheduler is
//   EventBridge Scheduler: a different service, reported as skipped);
// - maximumRetryAttempts / maximumEventAge / destinations (functions.js
//   compileFunctionEventInvokeConfig): AWS::Lambda::EventInvokeConfig <Key>LambdaEvConf on $LATEST
//   (or the function's alias), destinations an ARN, a function of this service (Fn::GetAtt) or
//   { type, arn };
// - resources.Resources / Conditions / Mappings / Parameters / Outputs kept as written.
// Variables go through ServerlessVariables.
import { CloudFormationInput } from './load.js';
import { ServerlessVariables, UNRESOLVED } from './serverless-variables.js';
import { LoadTemplateOptions, SkippedEntry, TemplateError } from './types.js';

type Raw = Record<string, any>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
// naming.js: getNormalizedResourceName / normalizeNameToAlphaNumericOnly.
const normalizedResourceName = (name: string) => upperFirst(name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'));
const alphaNumericOnly = (name: string) => upperFirst(name.replace(/[^0-9A-Za-z]/g, ''));

type Md5 = (text: string) => string;

async function loadMd5(): Promise<Md5> {
  const [{ md5 }, { bytesToHex, utf8ToBytes }] = await Promise.all([import('@noble/hashes/legacy'), import('@noble/hashes/utils')]);
  return (text) => bytesToHex(md5(utf8ToBytes(text)));
}

// utils.js: names past 64 characters keep a prefix and gain the md5 of the whole name.
function hashName(md5: Md5, name: string, suffix: string): string {
  return `${name.slice(0, 31 - suffix.length)}${md5(name)}-${suffix}`;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export async function compileServerless(doc: Raw, options: LoadTemplateOptions, host: { accountId: string; region: string }): Promise<CloudFormationInput> {
  const env = options.env ?? (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const params = Object.fromEntries(Object.entries(options.parameters ?? {}).map(([k, v]) => [k, String(v)]));
  const vars = new ServerlessVariables(doc, {
    cliOptions: options.cliOptions ?? {},
    env,
    ssm: options.ssmParameters ?? {},
    params,
    accountId: host.accountId,
    region: host.region,
  });
  return compileWith(doc, options, vars);
}

async function compileWith(doc: Raw, options: LoadTemplateOptions, vars: ServerlessVariables): Promise<CloudFormationInput> {
  const service = vars.resolveDeep(doc.service);
  const serviceName = isObject(service) && !(UNRESOLVED in service) ? text(service.name) : text(service);
  if (!serviceName) throw new TemplateError('serverless.yml: `service` is missing or does not resolve to a name');
  const provider: Raw = isObject(doc.provider) ? doc.provider : {};
  const stage = vars.stage();
  const stackName = options.stackName ?? text(vars.resolveDeep(provider.stackName)) ?? `${serviceName}-${stage}`;
  const md5 = await loadMd5();

  const resources: Raw = {};
  const generatedBy: Record<string, string> = {};
  const skipped: SkippedEntry[] = [];
  const functions: Raw = isObject(doc.functions) ? doc.functions : {};
  for (const [key, rawFn] of Object.entries(functions)) {
    const fn: Raw = isObject(rawFn) ? rawFn : {};
    const fnName = vars.resolveDeep(fn.name ?? `${serviceName}-${stage}-${key}`);
    const lambdaId = `${normalizedResourceName(key)}LambdaFunction`;
    resources[lambdaId] = { Type: 'AWS::Lambda::Function', Properties: { FunctionName: fnName } };
    // resolve-lambda-target.js: a function with an alias (provisioned concurrency, SnapStart) is
    // targeted through it.
    let targetArn: unknown = { 'Fn::GetAtt': [lambdaId, 'Arn'] };
    const aliasName = fn.provisionedConcurrency ? 'provisioned' : fn.snapStart ? 'snapstart' : undefined;
    if (aliasName) targetArn = { 'Fn::Join': [':', [targetArn, aliasName]] };
    const ruleFunctionName = text(fnName) ?? key;

    const { destinations, maximumEventAge, maximumRetryAttempts } = fn;
    compileEventInvokeConfig(key, vars.resolveDeep({ destinations, maximumEventAge, maximumRetryAttempts }), aliasName);

    const events: unknown[] = Array.isArray(fn.events) ? fn.events : [];
    let scheduleNumber = 0;
    events.forEach((rawEvent, position) => {
      if (!isObject(rawEvent)) return;
      if ('eventBridge' in rawEvent) {
        compileEventBridge(vars.resolveDeep(rawEvent.eventBridge), position + 1);
      } else if ('schedule' in rawEvent) {
        compileSchedule(vars.resolveDeep(rawEvent.schedule));
      } else if ('cloudwatchEvent' in rawEvent) {
        skipped.push({
          logicalId: `${normalizedResourceName(key)}EventsRuleCloudWatchEvent${position + 1}`,
          type: 'AWS::Events::Rule',
          reason: `Serverless cloudwatchEvent event #${position + 1} of function ${key}: the legacy cloudwatchEvent event is not supported by this loader (eventBridge is)`,
        });
      }
    });

    function compileEventBridge(e: Raw, idx: number): void {
      const source = `Serverless eventBridge event #${idx} of function ${key}`;
      const stub = `${ruleFunctionName}-rule-${idx}`;
      const logicalId = `${alphaNumericOnly(stub)}EventBridgeRule`;
      if (!isObject(e)) {
        skipped.push({ logicalId, type: 'AWS::Events::Rule', reason: `${source}: eventBridge must be an object` });
        return;
      }
      const ruleName = text(e.name) ?? (stub.length > 64 ? hashName(md5, stub, `rule-${idx}`) : stub);
      const inputs = [e.input, e.inputPath, e.inputTransformer].filter(Boolean);
      if (inputs.length > 1) {
        skipped.push({ logicalId, type: 'AWS::Events::Rule', reason: `${source}: You can only set one of input, inputPath, or inputTransformer properties for eventBridge events.` });
        return;
      }
      const targetIdText = `${ruleName}-target`;
      const target: Raw = { Arn: targetArn, Id: targetIdText.length > 64 ? hashName(md5, targetIdText, 'target') : targetIdText };
      if (isObject(e.retryPolicy)) {
        target.RetryPolicy = { MaximumEventAgeInSeconds: e.retryPolicy.maximumEventAge, MaximumRetryAttempts: e.retryPolicy.maximumRetryAttempts };
      }
      if (e.deadLetterQueueArn) target.DeadLetterConfig = { Arn: e.deadLetterQueueArn };
      if (e.input) target.Input = JSON.stringify(e.input);
      else if (e.inputPath) target.InputPath = e.inputPath;
      else if (isObject(e.inputTransformer)) {
        target.InputTransformer = Object.fromEntries(Object.entries(e.inputTransformer).map(([k, v]) => [upperFirst(k), v]));
      }
      let busName: unknown = e.eventBus;
      let busExists = isObject(busName) && !(UNRESOLVED in busName);
      if (typeof busName === 'string' && busName.startsWith('arn')) {
        busExists = true;
        busName = busName.slice(busName.indexOf('/') + 1);
      }
      const dependsOn: string[] = [];
      if (!busExists && typeof busName === 'string' && busName && busName !== 'default') {
        const busId = `${normalizedResourceName(busName)}EventBridgeEventBus`;
        resources[busId] = { Type: 'AWS::Events::EventBus', Properties: { Name: busName } };
        dependsOn.push(busId);
      }
      const props: Raw = {
        Description: e.description,
        EventBusName: busName === 'default' ? undefined : busName,
        EventPattern: e.pattern,
        Name: ruleName,
        ScheduleExpression: e.schedule,
        State: e.enabled === false ? 'DISABLED' : 'ENABLED',
        Targets: [target],
      };
      for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
      resources[logicalId] = { Type: 'AWS::Events::Rule', DependsOn: dependsOn, Properties: props };
      generatedBy[logicalId] = source;
    }

    function compileSchedule(s: unknown): void {
      let expressions: unknown[];
      let state = 'ENABLED';
      let input: unknown;
      let inputPath: unknown;
      let inputTransformer: Raw | undefined;
      let name: unknown;
      let description: unknown;
      let method = 'eventBus';
      if (isObject(s) && !(UNRESOLVED in s)) {
        expressions = Array.isArray(s.rate) ? s.rate : [s.rate];
        if (s.enabled === false) state = 'DISABLED';
        input = s.input;
        inputPath = s.inputPath;
        name = s.name;
        description = s.description;
        method = s.method ?? 'eventBus';
        if (isObject(input)) {
          const copy: Raw = { ...input };
          if (typeof copy.body === 'string') copy.body = JSON.parse(copy.body);
          input = JSON.stringify(copy);
        }
        if (isObject(s.inputTransformer)) {
          inputTransformer = { InputTemplate: s.inputTransformer.inputTemplate };
          if (s.inputTransformer.inputPathsMap) inputTransformer.InputPathsMap = s.inputTransformer.inputPathsMap;
        }
      } else {
        expressions = [s];
      }
      for (const expression of expressions) {
        scheduleNumber++;
        const source = `Serverless schedule event #${scheduleNumber} of function ${key}`;
        if (method === 'scheduler') {
          const id = `${normalizedResourceName(key)}SchedulerSchedule${scheduleNumber}`;
          resources[id] = { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: expression, State: state } };
          generatedBy[id] = source;
          continue;
        }
        const target: Raw = { Arn: targetArn, Id: `${key}Schedule` };
        if (input) target.Input = input;
        if (inputPath) target.InputPath = inputPath;
        if (inputTransformer) target.InputTransformer = inputTransformer;
        const props: Raw = { ScheduleExpression: expression, State: state, Targets: [target] };
        if (name) props.Name = name;
        if (description) props.Description = description;
        const id = `${normalizedResourceName(key)}EventsRuleSchedule${scheduleNumber}`;
        resources[id] = { Type: 'AWS::Events::Rule', Properties: props };
        generatedBy[id] = source;
      }
    }
  }

  // functions.js compileFunctionEventInvokeConfig; a destination is an ARN, a function of this
  // service (provider resolveFunctionArn: its Fn::GetAtt, joined with its alias when it has one), or
  // the object form { type, arn } whose arn may be a CloudFormation intrinsic.
  function compileEventInvokeConfig(key: string, fn: Raw, alias: string | undefined): void {
    const { destinations, maximumEventAge, maximumRetryAttempts } = fn;
    if (!destinations && !maximumEventAge && (maximumRetryAttempts === undefined || maximumRetryAttempts === null)) return;
    const logicalId = `${normalizedResourceName(key)}LambdaEvConf`;
    const source = `Serverless maximumRetryAttempts / maximumEventAge / destinations of function ${key}`;
    const destinationConfig: Raw = {};
    for (const [member, name] of [['onSuccess', 'OnSuccess'], ['onFailure', 'OnFailure']] as const) {
      const address: unknown = isObject(destinations) ? destinations[member] : undefined;
      if (!address) continue;
      const target: unknown = typeof address === 'string' ? functions[address] : undefined;
      let destination: unknown;
      if (isObject(address)) {
        // { type, arn } (Serverless v3), or a variable this loader could not resolve: the property
        // that holds it fails with the variable's reason.
        destination = UNRESOLVED in address ? address : address.arn;
      } else if (typeof address === 'string' && address.startsWith('arn:')) {
        destination = address;
      } else if (isObject(target)) {
        const getAtt = { 'Fn::GetAtt': [`${normalizedResourceName(address as string)}LambdaFunction`, 'Arn'] };
        const targetAlias = target.provisionedConcurrency ? 'provisioned' : target.snapStart ? 'snapstart' : undefined;
        destination = targetAlias ? { 'Fn::Join': [':', [getAtt, targetAlias]] } : getAtt;
      }
      if (destination === undefined) {
        skipped.push({
          logicalId,
          type: 'AWS::Lambda::EventInvokeConfig',
          reason: `${source}: destinations.${member} ${JSON.stringify(address)} is neither an ARN nor a function of this service`,
        });
        return;
      }
      destinationConfig[name] = { Destination: destination };
    }
    const properties: Raw = { FunctionName: { Ref: `${normalizedResourceName(key)}LambdaFunction` }, DestinationConfig: destinationConfig, Qualifier: alias ?? '$LATEST' };
    if (maximumEventAge) properties.MaximumEventAgeInSeconds = maximumEventAge;
    if (maximumRetryAttempts !== undefined && maximumRetryAttempts !== null) properties.MaximumRetryAttempts = maximumRetryAttempts;
    resources[logicalId] = { Type: 'AWS::Lambda::EventInvokeConfig', Properties: properties };
    generatedBy[logicalId] = source;
  }

  const extra: Raw = isObject(doc.resources) ? vars.resolveDeep(doc.resources) : {};
  const template: Raw = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: isObject(extra.Parameters) ? extra.Parameters : {},
    Mappings: isObject(extra.Mappings) ? extra.Mappings : {},
    Conditions: isObject(extra.Conditions) ? extra.Conditions : {},
    Resources: { ...resources, ...(isObject(extra.Resources) ? extra.Resources : {}) },
  };
  return { template, stackName, invokeByFunctionName: true, skipped, generatedBy };
}
