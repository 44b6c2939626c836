// Terraform's `terraform show -json` output (of a plan, or of a state) to the CloudFormation form the
// loader reads: aws_cloudwatch_event_bus, aws_cloudwatch_event_rule (with the
// aws_cloudwatch_event_target resources that point at it as its Targets),
// aws_cloudwatch_event_permission, aws_cloudwatch_event_archive, aws_cloudwatch_event_connection and
// aws_cloudwatch_event_api_destination become the AWS::Events::* resources with the same values;
// aws_lambda_function_event_invoke_config becomes AWS::Lambda::EventInvokeConfig.
// Values a plan does not know yet (the ARN of a function created by the same plan) are taken from the
// `configuration` section's references: `aws_lambda_function.orders.arn` becomes the ARN of that
// function's planned function_name; a connection's or API destination's ARN (which holds a UUID the
// service generates) becomes an Fn::GetAtt of it, filled in once it exists.
// Resources are named by their Terraform address (module.x.aws_cloudwatch_event_rule.y).
import { CloudFormationInput } from './load.js';
import { generatedName } from './physical-names.js';
import { LoadTemplateOptions, SkippedEntry, TemplateError } from './types.js';

type Raw = Record<string, any>;

interface TfResource {
  address: string;
  /** Module path prefix ("" or "module.a."), for references written inside the module. */
  module: string;
  type: string;
  values: Raw;
  /** The resource's `expressions` from the configuration section, when present. */
  expressions: Raw;
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collectPlanned(module: Raw | undefined, out: TfResource[]): void {
  if (!isObject(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObject(r) || r.mode === 'data') continue;
    const address = String(r.address);
    const prefix = address.slice(0, address.length - `${r.type}.${r.name}`.length - (r.index !== undefined ? JSON.stringify(r.index).length + 2 : 0));
    out.push({ address, module: prefix, type: String(r.type), values: isObject(r.values) ? r.values : {}, expressions: {} });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) collectPlanned(child, out);
}

// The configuration's expressions per resource address (without instance keys), module calls followed.
function collectExpressions(module: Raw | undefined, prefix: string, out: Map<string, Raw>): void {
  if (!isObject(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (isObject(r) && typeof r.address === 'string') out.set(prefix + r.address, isObject(r.expressions) ? r.expressions : {});
  }
  for (const [name, call] of Object.entries<any>(isObject(module.module_calls) ? module.module_calls : {})) {
    collectExpressions(call?.module, `${prefix}module.${name}.`, out);
  }
}

const TYPES: Record<string, { type: string; name?: string }> = {
  aws_cloudwatch_event_bus: { type: 'AWS::Events::EventBus', name: 'name' },
  aws_cloudwatch_event_rule: { type: 'AWS::Events::Rule', name: 'name' },
  aws_cloudwatch_event_permission: { type: 'AWS::Events::EventBusPolicy' },
  aws_cloudwatch_event_archive: { type: 'AWS::Events::Archive', name: 'name' },
  aws_cloudwatch_event_connection: { type: 'AWS::Events::Connection', name: 'name' },
  aws_cloudwatch_event_api_destination: { type: 'AWS::Events::ApiDestination', name: 'name' },
  aws_lambda_function: { type: 'AWS::Lambda::Function', name: 'function_name' },
  aws_sqs_queue: { type: 'AWS::SQS::Queue', name: 'name' },
  aws_sns_topic: { type: 'AWS::SNS::Topic', name: 'name' },
  aws_sfn_state_machine: { type: 'AWS::StepFunctions::StateMachine', name: 'name' },
  aws_iam_role: { type: 'AWS::IAM::Role', name: 'name' },
  aws_cloudwatch_log_group: { type: 'AWS::Logs::LogGroup', name: 'name' },
  aws_kinesis_stream: { type: 'AWS::Kinesis::Stream', name: 'name' },
  aws_kinesis_firehose_delivery_stream: { type: 'AWS::KinesisFirehose::DeliveryStream', name: 'name' },
  aws_ecs_cluster: { type: 'AWS::ECS::Cluster', name: 'name' },
  aws_codebuild_project: { type: 'AWS::CodeBuild::Project', name: 'name' },
  aws_s3_bucket: { type: 'AWS::S3::Bucket', name: 'bucket' },
};

const first = (v: unknown): Raw | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : isObject(v) ? v : undefined);

// auth_parameters of aws_cloudwatch_event_connection (blocks are one-element lists) as the API's
// AuthParameters. Sensitive values are in a plan's JSON in plain text; one the plan lacks is left out
// and CreateConnection answers which member is missing.
function connectionAuth(auth: Raw): Raw {
  const params = (block: unknown): Raw[] | undefined =>
    Array.isArray(block) && block.length
      ? block.filter(isObject).map((p) => ({ Key: p.key, Value: p.value, ...(p.is_value_secret !== undefined && p.is_value_secret !== null ? { IsValueSecret: p.is_value_secret } : {}) }))
      : undefined;
  const httpParameters = (h: Raw | undefined): Raw | undefined => {
    if (!h) return undefined;
    const out: Raw = {};
    const body = params(h.body);
    const header = params(h.header);
    const query = params(h.query_string);
    if (body) out.BodyParameters = body;
    if (header) out.HeaderParameters = header;
    if (query) out.QueryStringParameters = query;
    return out;
  };
  const out: Raw = {};
  const apiKey = first(auth.api_key);
  if (apiKey) out.ApiKeyAuthParameters = { ApiKeyName: apiKey.key, ApiKeyValue: apiKey.value };
  const basic = first(auth.basic);
  if (basic) out.BasicAuthParameters = { Username: basic.username, Password: basic.password };
  const oauth = first(auth.oauth);
  if (oauth) {
    const client = first(oauth.client_parameters);
    const http = httpParameters(first(oauth.oauth_http_parameters));
    out.OAuthParameters = {
      AuthorizationEndpoint: oauth.authorization_endpoint,
      HttpMethod: oauth.http_method,
      ...(client ? { ClientParameters: { ClientID: client.client_id, ClientSecret: client.client_secret } } : {}),
      ...(http ? { OAuthHttpParameters: http } : {}),
    };
  }
  const invocation = httpParameters(first(auth.invocation_http_parameters));
  if (invocation) out.InvocationHttpParameters = invocation;
  return out;
}

export function terraformPlanToTemplate(doc: Raw, options: LoadTemplateOptions, host: { accountId: string; region: string }): CloudFormationInput {
  const planned: TfResource[] = [];
  collectPlanned(doc.planned_values?.root_module ?? doc.values?.root_module, planned);
  if (!planned.length && !doc.planned_values && !doc.values) throw new TemplateError('Terraform JSON has neither planned_values nor values');
  const expressions = new Map<string, Raw>();
  collectExpressions(doc.configuration?.root_module, '', expressions);
  const stackName = options.stackName ?? 'terraform';
  const partition = host.region.startsWith('cn-') ? 'aws-cn' : 'aws';
  const byAddress = new Map(planned.map((r) => [r.address, r]));
  for (const r of planned) r.expressions = expressions.get(r.address.replace(/\[[^\]]*\]$/, '')) ?? {};

  // What the provider generates for a name (and a target_id) left out: id.PrefixedUniqueId, the
  // name_prefix (or "terraform-") and 26 digits (a timestamp and a counter; here stable per address).
  const uniqueId = (prefix: string, address: string) =>
    `${prefix}${generatedName(stackName, address, { maxLength: 64 }).replace(/[^0-9]/g, '').padEnd(26, '0').slice(0, 26)}`;
  // The planned (or generated) name of a resource, as its ARN and references need it.
  const nameOf = (r: TfResource): string => {
    const key = TYPES[r.type]?.name;
    const v = key ? r.values[key] : undefined;
    if (typeof v === 'string' && v) return v;
    const prefix = r.values.name_prefix;
    return uniqueId(typeof prefix === 'string' ? prefix : 'terraform-', r.address);
  };
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${host.region}:${host.accountId}:${resource}`;
  // What `<address>.<attribute>` evaluates to once applied (an Fn::GetAtt where only the service knows).
  const attribute = (r: TfResource, attr: string): unknown => {
    const known = r.values[attr];
    if (typeof known === 'string') return known;
    const n = nameOf(r);
    if (attr === 'name' || attr === 'function_name' || attr === 'bucket') return n;
    if (r.type === 'aws_cloudwatch_event_connection' && attr === 'secret_arn') return { 'Fn::GetAtt': [r.address, 'SecretArn'] };
    if (attr !== 'arn' && attr !== 'id') return undefined;
    switch (r.type) {
      case 'aws_cloudwatch_event_connection':
      case 'aws_cloudwatch_event_api_destination':
        return attr === 'arn' ? { 'Fn::GetAtt': [r.address, 'Arn'] } : n;
      case 'aws_cloudwatch_event_archive':
        return attr === 'arn' ? arn('events', `archive/${n}`) : n;
      case 'aws_lambda_function':
        return attr === 'arn' ? arn('lambda', `function:${n}`) : n;
      case 'aws_sqs_queue':
        return attr === 'arn' ? arn('sqs', n) : `https://sqs.${host.region}.amazonaws.com/${host.accountId}/${n}`;
      case 'aws_sns_topic':
        return arn('sns', n);
      case 'aws_sfn_state_machine':
        return arn('states', `stateMachine:${n}`);
      case 'aws_iam_role':
        return attr === 'arn' ? `arn:${partition}:iam::${host.accountId}:role${r.values.path ?? '/'}${n}` : n;
      case 'aws_cloudwatch_log_group':
        return attr === 'arn' ? arn('logs', `log-group:${n}`) : n;
      case 'aws_kinesis_stream':
        return arn('kinesis', `stream/${n}`);
      case 'aws_cloudwatch_event_bus':
        return attr === 'arn' ? arn('events', `event-bus/${n}`) : n;
      case 'aws_cloudwatch_event_rule': {
        const bus = String(r.values.event_bus_name ?? 'default');
        return attr === 'arn' ? arn('events', bus === 'default' ? `rule/${n}` : `rule/${bus}/${n}`) : bus === 'default' ? n : `${bus}|${n}`;
      }
      default:
        return undefined;
    }
  };
  // A value of `r`: planned, or from the configuration's reference to another resource.
  const value = (r: TfResource, key: string, expr: Raw | undefined = r.expressions): unknown => {
    if (r.values[key] !== undefined && r.values[key] !== null) return r.values[key];
    const refs: unknown = expr?.[key]?.references;
    if (!Array.isArray(refs)) return undefined;
    for (const ref of refs) {
      const m = /^(.*?)([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(String(ref));
      if (!m) continue;
      const target = byAddress.get(r.module + m[2]) ?? byAddress.get(m[1] + m[2]);
      const v = target && attribute(target, m[3]);
      if (v !== undefined) return v;
    }
    return undefined;
  };

  const resources: Raw = {};
  const skipped: SkippedEntry[] = [];
  const targetsOf = new Map<string, Raw[]>();
  // An attribute the configuration sets but the plan does not know yet (it depends on a value known
  // only after apply, and no reference gives it): the resource would be created without it.
  const unknownOf = (r: TfResource, keys: string[]): string | undefined =>
    keys.find((k) => r.expressions[k] !== undefined && r.values[k] === undefined && value(r, k) === undefined);
  const unknownReason = (key: string) =>
    `${key} is not known from the plan (it depends on a value known only after apply); load the state (terraform show -json after apply) instead`;
  const unknownRules = new Map<string, string>();
  for (const r of planned) {
    if (r.type !== 'aws_cloudwatch_event_rule') continue;
    const key = unknownOf(r, ['event_pattern', 'schedule_expression', 'state', 'is_enabled', 'event_bus_name', 'role_arn']);
    if (key) unknownRules.set(r.address, key);
  }
  for (const r of planned) {
    if (r.type !== 'aws_cloudwatch_event_target') continue;
    const ruleRef: unknown = r.expressions.rule?.references;
    let rule = Array.isArray(ruleRef)
      ? planned.find((x) => x.type === 'aws_cloudwatch_event_rule' && ruleRef.some((ref) => `${r.module}${String(ref)}`.startsWith(x.address.replace(/\[[^\]]*\]$/, ''))))
      : undefined;
    const ruleName = value(r, 'rule');
    const bus = String(value(r, 'event_bus_name') ?? 'default');
    rule ??= planned.find((x) => x.type === 'aws_cloudwatch_event_rule' && nameOf(x) === ruleName && String(x.values.event_bus_name ?? 'default') === bus);
    const targetArn = value(r, 'arn');
    if (!rule || targetArn === undefined) {
      skipped.push({
        logicalId: r.address,
        type: 'AWS::Events::Rule.Target',
        reason: !rule ? `its rule ${JSON.stringify(ruleName)} is not a rule of this plan` : 'its arn is not known from the plan (no planned value, no resolvable reference)',
      });
      continue;
    }
    const unknownRule = unknownRules.get(rule.address);
    const it0 = first(r.values.input_transformer);
    const unknown =
      unknownOf(r, ['input', 'input_path']) ??
      (it0 && it0.input_template === undefined && first(r.expressions.input_transformer)?.input_template ? 'input_transformer.input_template' : undefined);
    if (unknownRule || unknown) {
      skipped.push({
        logicalId: r.address,
        type: 'AWS::Events::Rule.Target',
        reason: unknownRule ? `its rule ${rule.address} is not created: ${unknownReason(unknownRule)}` : unknownReason(unknown!),
      });
      continue;
    }
    const target: Raw = { Id: r.values.target_id ?? uniqueId('terraform-', r.address), Arn: targetArn };
    if (r.values.input) target.Input = r.values.input;
    if (r.values.input_path) target.InputPath = r.values.input_path;
    const roleArn = value(r, 'role_arn');
    if (roleArn) target.RoleArn = roleArn;
    const it = first(r.values.input_transformer);
    if (it) target.InputTransformer = { InputTemplate: it.input_template, ...(it.input_paths ? { InputPathsMap: it.input_paths } : {}) };
    const retry = first(r.values.retry_policy);
    if (retry) target.RetryPolicy = { MaximumEventAgeInSeconds: retry.maximum_event_age_in_seconds, MaximumRetryAttempts: retry.maximum_retry_attempts };
    const dlq = first(r.values.dead_letter_config);
    if (dlq) {
      const dlqArn = dlq.arn ?? value({ ...r, values: {} }, 'arn', first(r.expressions.dead_letter_config));
      if (dlqArn) target.DeadLetterConfig = { Arn: dlqArn };
    }
    const http = first(r.values.http_target);
    if (http) {
      target.HttpParameters = {
        ...(http.header_parameters ? { HeaderParameters: http.header_parameters } : {}),
        ...(http.query_string_parameters ? { QueryStringParameters: http.query_string_parameters } : {}),
        ...(http.path_parameter_values ? { PathParameterValues: http.path_parameter_values } : {}),
      };
    }
    const sqs = first(r.values.sqs_target);
    if (sqs?.message_group_id) target.SqsParameters = { MessageGroupId: sqs.message_group_id };
    const kinesis = first(r.values.kinesis_target);
    if (kinesis?.partition_key_path) target.KinesisParameters = { PartitionKeyPath: kinesis.partition_key_path };
    const appsync = first(r.values.appsync_target);
    if (appsync?.graphql_operation) target.AppSyncParameters = { GraphQLOperation: appsync.graphql_operation };
    for (const unsupported of ['ecs_target', 'batch_target', 'run_command_targets', 'redshift_target', 'sagemaker_pipeline_target']) {
      if (first(r.values[unsupported])) {
        skipped.push({ logicalId: r.address, type: 'AWS::Events::Rule.Target', reason: `${unsupported} is not translated by this loader` });
        target.skip = true;
      }
    }
    if (target.skip) continue;
    targetsOf.set(rule.address, [...(targetsOf.get(rule.address) ?? []), target]);
  }

  for (const r of planned) {
    const v = r.values;
    switch (r.type) {
      case 'aws_cloudwatch_event_target':
        break;
      case 'aws_cloudwatch_event_bus':
        resources[r.address] = {
          Type: 'AWS::Events::EventBus',
          Properties: {
            Name: nameOf(r),
            ...(v.event_source_name ? { EventSourceName: v.event_source_name } : {}),
            ...(v.description ? { Description: v.description } : {}),
          },
        };
        break;
      case 'aws_cloudwatch_event_rule': {
        const unknown = unknownRules.get(r.address);
        if (unknown) {
          skipped.push({ logicalId: r.address, type: 'AWS::Events::Rule', reason: unknownReason(unknown) });
          break;
        }
        const state = typeof v.state === 'string' && v.state ? v.state : v.is_enabled === false ? 'DISABLED' : 'ENABLED';
        const props: Raw = { Name: nameOf(r), State: state, Targets: targetsOf.get(r.address) ?? [] };
        const bus = value(r, 'event_bus_name');
        if (bus && bus !== 'default') props.EventBusName = bus;
        if (v.event_pattern) props.EventPattern = v.event_pattern;
        if (v.schedule_expression) props.ScheduleExpression = v.schedule_expression;
        if (v.description) props.Description = v.description;
        const role = value(r, 'role_arn');
        if (role) props.RoleArn = role;
        resources[r.address] = { Type: 'AWS::Events::Rule', Properties: props };
        break;
      }
      case 'aws_cloudwatch_event_permission': {
        const condition = first(v.condition);
        resources[r.address] = {
          Type: 'AWS::Events::EventBusPolicy',
          Properties: {
            EventBusName: value(r, 'event_bus_name') ?? 'default',
            StatementId: v.statement_id,
            Action: v.action ?? 'events:PutEvents',
            Principal: v.principal,
            ...(condition ? { Condition: { Type: condition.type, Key: condition.key, Value: condition.value } } : {}),
          },
        };
        break;
      }
      case 'aws_cloudwatch_event_archive':
        resources[r.address] = {
          Type: 'AWS::Events::Archive',
          Properties: {
            ArchiveName: nameOf(r),
            SourceArn: value(r, 'event_source_arn'),
            ...(v.event_pattern ? { EventPattern: v.event_pattern } : {}),
            ...(v.retention_days !== undefined ? { RetentionDays: v.retention_days } : {}),
            ...(v.description ? { Description: v.description } : {}),
          },
        };
        break;
      case 'aws_cloudwatch_event_connection': {
        const connectivity = first(first(v.invocation_connectivity_parameters)?.resource_parameters);
        resources[r.address] = {
          Type: 'AWS::Events::Connection',
          Properties: {
            Name: nameOf(r),
            AuthorizationType: v.authorization_type,
            ...(v.description ? { Description: v.description } : {}),
            ...(first(v.auth_parameters) ? { AuthParameters: connectionAuth(first(v.auth_parameters)!) } : {}),
            ...(connectivity ? { InvocationConnectivityParameters: { ResourceParameters: { ResourceConfigurationArn: connectivity.resource_configuration_arn } } } : {}),
            ...(v.kms_key_identifier ? { KmsKeyIdentifier: v.kms_key_identifier } : {}),
          },
        };
        break;
      }
      case 'aws_lambda_function_event_invoke_config': {
        // Lambda's asynchronous-invocation settings (the loader applies them as configureFunction
        // does); no qualifier is the unqualified function, which CloudFormation writes $LATEST.
        const destinations = first(v.destination_config);
        const destination = (name: string) => {
          const d = first(destinations?.[name]);
          if (!d) return undefined;
          return { Destination: d.destination ?? value({ ...r, values: {} }, 'destination', first(first(r.expressions.destination_config)?.[name])) };
        };
        const onFailure = destination('on_failure');
        const onSuccess = destination('on_success');
        const config: Raw = {
          FunctionName: value(r, 'function_name'),
          Qualifier: value(r, 'qualifier') || '$LATEST',
          ...(v.maximum_event_age_in_seconds !== undefined && v.maximum_event_age_in_seconds !== null ? { MaximumEventAgeInSeconds: v.maximum_event_age_in_seconds } : {}),
          ...(v.maximum_retry_attempts !== undefined && v.maximum_retry_attempts !== null ? { MaximumRetryAttempts: v.maximum_retry_attempts } : {}),
          ...(onFailure || onSuccess ? { DestinationConfig: { ...(onFailure ? { OnFailure: onFailure } : {}), ...(onSuccess ? { OnSuccess: onSuccess } : {}) } } : {}),
        };
        resources[r.address] = { Type: 'AWS::Lambda::EventInvokeConfig', Properties: config };
        break;
      }
      case 'aws_cloudwatch_event_api_destination':
        resources[r.address] = {
          Type: 'AWS::Events::ApiDestination',
          Properties: {
            Name: nameOf(r),
            ConnectionArn: value(r, 'connection_arn'),
            InvocationEndpoint: v.invocation_endpoint,
            HttpMethod: v.http_method,
            ...(v.description ? { Description: v.description } : {}),
            ...(v.invocation_rate_limit_per_second !== undefined && v.invocation_rate_limit_per_second !== null
              ? { InvocationRateLimitPerSecond: v.invocation_rate_limit_per_second }
              : {}),
          },
        };
        break;
      default: {
        const model = TYPES[r.type];
        if (model) {
          const nameKey = { 'AWS::Lambda::Function': 'FunctionName', 'AWS::SQS::Queue': 'QueueName', 'AWS::SNS::Topic': 'TopicName', 'AWS::StepFunctions::StateMachine': 'StateMachineName', 'AWS::IAM::Role': 'RoleName', 'AWS::Logs::LogGroup': 'LogGroupName', 'AWS::S3::Bucket': 'BucketName', 'AWS::ECS::Cluster': 'ClusterName', 'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamName' }[model.type] ?? 'Name';
          resources[r.address] = { Type: model.type, Properties: { [nameKey]: nameOf(r) } };
        } else {
          skipped.push({ logicalId: r.address, type: r.type, reason: `Terraform resource type ${r.type} is not emulated (only EventBridge resources are created)` });
        }
      }
    }
  }
  return { template: { Resources: resources }, stackName, invokeByFunctionName: true, skipped };
}
