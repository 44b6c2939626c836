// What Ref and Fn::GetAtt return for each resource type a template's EventBridge resources may
// point at (functions, queues, topics, state machines, roles, log groups, ...), as the
// CloudFormation resource reference documents them, and how each type's physical name is chosen.
// A type or attribute missing here is refused by name (never guessed): the resource that needs it
// is skipped with the reason.
import { NameStyle, stableToken, stableUuid } from './physical-names.js';

export interface Context {
  accountId: string;
  region: string;
  partition: string;
  stackName: string;
}

/** One resource as a model sees it: its physical name and its (resolved on demand) properties. */
export interface ResourceView {
  logicalId: string;
  name: string;
  ctx: Context;
  /** A property, resolved (undefined when absent). */
  prop(name: string): unknown;
}

export interface TypeModel {
  /** The property that sets the physical name, when the type has one. */
  nameProperty?: string;
  nameStyle?: NameStyle;
  ref: (r: ResourceView) => unknown;
  attributes: Record<string, (r: ResourceView) => unknown>;
}

const arn = (r: ResourceView, service: string, resource: string, opts: { region?: string; account?: string } = {}) =>
  `arn:${r.ctx.partition}:${service}:${opts.region ?? r.ctx.region}:${opts.account ?? r.ctx.accountId}:${resource}`;

// An id the service would generate (an API id, a key id): stable per stack and logical id.
const generatedId = (r: ResourceView, length: number, lower = true) =>
  stableToken(`${r.ctx.stackName}/${r.logicalId}/id`, length, lower ? 'abcdefghijklmnopqrstuvwxyz0123456789' : undefined);

const name = (r: ResourceView) => r.name;

const lambdaArn = (r: ResourceView) => arn(r, 'lambda', `function:${r.name}`);
// AWS::Lambda::Alias / Version name their function by name or ARN.
function functionArnOf(r: ResourceView): string {
  const fn = String(r.prop('FunctionName') ?? '');
  return fn.startsWith('arn:') ? fn : arn(r, 'lambda', `function:${fn}`);
}

const queueArn = (r: ResourceView) => arn(r, 'sqs', r.name);
const queueUrl = (r: ResourceView) => `https://sqs.${r.ctx.region}.amazonaws.com/${r.ctx.accountId}/${r.name}`;
const topicArn = (r: ResourceView) => arn(r, 'sns', r.name);
const stateMachineArn = (r: ResourceView) => arn(r, 'states', `stateMachine:${r.name}`);
function roleArn(r: ResourceView): string {
  const path = String(r.prop('Path') ?? '/');
  return `arn:${r.ctx.partition}:iam::${r.ctx.accountId}:role${path}${r.name}`;
}
const graphQlApiId = (r: ResourceView) => generatedId(r, 26);

const DEFAULT: NameStyle = { maxLength: 64 };

export const TYPE_MODELS: Record<string, TypeModel> = {
  'AWS::Lambda::Function': {
    nameProperty: 'FunctionName',
    nameStyle: { maxLength: 64 },
    ref: name,
    attributes: { Arn: lambdaArn },
  },
  'AWS::Lambda::Alias': {
    nameProperty: 'Name',
    ref: (r) => `${functionArnOf(r)}:${r.prop('Name')}`,
    attributes: { AliasArn: (r) => `${functionArnOf(r)}:${r.prop('Name')}` },
  },
  'AWS::Lambda::Version': {
    ref: (r) => `${functionArnOf(r)}:1`,
    attributes: { Version: () => '1', FunctionArn: (r) => `${functionArnOf(r)}:1` },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    nameStyle: { maxLength: 80 },
    ref: queueUrl,
    attributes: { Arn: queueArn, QueueName: name, QueueUrl: queueUrl },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    nameStyle: { maxLength: 256 },
    ref: topicArn,
    attributes: { TopicArn: topicArn, TopicName: name },
  },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    nameStyle: { maxLength: 80 },
    ref: stateMachineArn,
    attributes: { Arn: stateMachineArn, Name: name },
  },
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    nameStyle: { maxLength: 64 },
    ref: name,
    attributes: { Arn: roleArn, RoleId: (r) => `AROA${generatedId(r, 17, false)}` },
  },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    nameStyle: { maxLength: 512 },
    ref: name,
    attributes: { Arn: (r) => arn(r, 'logs', `log-group:${r.name}:*`) },
  },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    nameStyle: { maxLength: 63, lowercase: true },
    ref: name,
    attributes: {
      Arn: (r) => `arn:${r.ctx.partition}:s3:::${r.name}`,
      DomainName: (r) => `${r.name}.s3.amazonaws.com`,
      RegionalDomainName: (r) => `${r.name}.s3.${r.ctx.region}.amazonaws.com`,
    },
  },
  'AWS::Kinesis::Stream': {
    nameProperty: 'Name',
    ref: name,
    attributes: { Arn: (r) => arn(r, 'kinesis', `stream/${r.name}`) },
  },
  'AWS::KinesisFirehose::DeliveryStream': {
    nameProperty: 'DeliveryStreamName',
    ref: name,
    attributes: { Arn: (r) => arn(r, 'firehose', `deliverystream/${r.name}`) },
  },
  'AWS::CodeBuild::Project': {
    nameProperty: 'Name',
    nameStyle: { maxLength: 150 },
    ref: name,
    attributes: { Arn: (r) => arn(r, 'codebuild', `project/${r.name}`) },
  },
  'AWS::CodePipeline::Pipeline': {
    nameProperty: 'Name',
    ref: name,
    attributes: {},
  },
  'AWS::Batch::JobQueue': {
    nameProperty: 'JobQueueName',
    nameStyle: { maxLength: 128 },
    ref: (r) => arn(r, 'batch', `job-queue/${r.name}`),
    attributes: { JobQueueArn: (r) => arn(r, 'batch', `job-queue/${r.name}`) },
  },
  'AWS::Batch::JobDefinition': {
    nameProperty: 'JobDefinitionName',
    nameStyle: { maxLength: 128 },
    ref: (r) => arn(r, 'batch', `job-definition/${r.name}:1`),
    attributes: {},
  },
  'AWS::ECS::Cluster': {
    nameProperty: 'ClusterName',
    ref: name,
    attributes: { Arn: (r) => arn(r, 'ecs', `cluster/${r.name}`) },
  },
  'AWS::ECS::TaskDefinition': {
    nameProperty: 'Family',
    ref: (r) => arn(r, 'ecs', `task-definition/${r.name}:1`),
    attributes: { TaskDefinitionArn: (r) => arn(r, 'ecs', `task-definition/${r.name}:1`) },
  },
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    nameStyle: { maxLength: 255 },
    ref: name,
    attributes: { Arn: (r) => arn(r, 'dynamodb', `table/${r.name}`) },
  },
  'AWS::SSM::Parameter': {
    nameProperty: 'Name',
    ref: name,
    attributes: { Type: (r) => r.prop('Type'), Value: (r) => r.prop('Value') },
  },
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    ref: (r) => arn(r, 'secretsmanager', `secret:${r.name}-${generatedId(r, 6, false)}`),
    attributes: {},
  },
  'AWS::KMS::Key': {
    ref: (r) => stableUuid(`${r.ctx.stackName}/${r.logicalId}`),
    attributes: {
      Arn: (r) => arn(r, 'kms', `key/${stableUuid(`${r.ctx.stackName}/${r.logicalId}`)}`),
      KeyId: (r) => stableUuid(`${r.ctx.stackName}/${r.logicalId}`),
    },
  },
  'AWS::AppSync::GraphQLApi': {
    nameProperty: 'Name',
    ref: (r) => arn(r, 'appsync', `apis/${graphQlApiId(r)}`),
    attributes: {
      ApiId: graphQlApiId,
      Arn: (r) => arn(r, 'appsync', `apis/${graphQlApiId(r)}`),
      GraphQLUrl: (r) => `https://${generatedId(r, 26)}.appsync-api.${r.ctx.region}.amazonaws.com/graphql`,
      GraphQLEndpointArn: (r) => arn(r, 'appsync', `endpoints/graphql-api/${generatedId(r, 26)}`),
    },
  },
  'AWS::AppSync::Api': {
    nameProperty: 'Name',
    ref: (r) => arn(r, 'appsync', `apis/${graphQlApiId(r)}`),
    attributes: {
      ApiId: graphQlApiId,
      ApiArn: (r) => arn(r, 'appsync', `apis/${graphQlApiId(r)}`),
      'Dns.Http': (r) => `${generatedId(r, 26)}.appsync-api.${r.ctx.region}.amazonaws.com`,
      'Dns.Realtime': (r) => `${generatedId(r, 26)}.appsync-realtime-api.${r.ctx.region}.amazonaws.com`,
    },
  },
  'AWS::AppSync::ApiKey': {
    ref: (r) => arn(r, 'appsync', `apis/${String(r.prop('ApiId'))}/apikeys/${generatedId(r, 10)}`),
    attributes: {
      ApiKey: (r) => `da2-${generatedId(r, 26)}`,
      ApiKeyId: (r) => generatedId(r, 10),
      Arn: (r) => arn(r, 'appsync', `apis/${String(r.prop('ApiId'))}/apikeys/${generatedId(r, 10)}`),
    },
  },
  'AWS::ApiGateway::RestApi': {
    ref: (r) => generatedId(r, 10),
    attributes: { RootResourceId: (r) => generatedId(r, 10).slice(0, 10) },
  },
  'AWS::ApiGatewayV2::Api': {
    ref: (r) => generatedId(r, 10),
    attributes: { ApiId: (r) => generatedId(r, 10), ApiEndpoint: (r) => `https://${generatedId(r, 10)}.execute-api.${r.ctx.region}.amazonaws.com` },
  },
  'AWS::SNS::Subscription': {
    ref: (r) => `${String(r.prop('TopicArn'))}:${stableUuid(`${r.ctx.stackName}/${r.logicalId}`)}`,
    attributes: {},
  },
};

/** Types whose values are generated names: the name style, or DEFAULT. */
export function nameStyleOf(model: TypeModel | undefined): NameStyle {
  return model?.nameStyle ?? DEFAULT;
}
