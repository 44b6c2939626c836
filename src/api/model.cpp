#include "api/model.h"

#include "api/patterns.h"
#include "api/shape_builders.h"

namespace ebw::api::model {

namespace {

using K = Shape::Kind;
namespace p = patterns;

// ---- scalar shapes ----
const Shape& String() {
  static const Shape s = str();
  return s;
}
const Shape& Boolean() {
  static const Shape s = [] {
    Shape b;
    b.kind = K::Boolean;
    return b;
  }();
  return s;
}
const Shape& Integer() {
  static const Shape s = integer();
  return s;
}
const Shape& RuleName() {
  static const Shape s = str(1, 64, &p::kName);
  return s;
}
const Shape& TargetId() {
  static const Shape s = str(1, 64, &p::kName);
  return s;
}
const Shape& EventBusName() {
  static const Shape s = str(1, 256, &p::kEventBusName);
  return s;
}
const Shape& EventBusNameOrArn() {
  static const Shape s = str(1, 1600, &p::kEventBusNameOrArn);
  return s;
}
const Shape& NonPartnerEventBusName() {
  static const Shape s = str(1, 256, &p::kName);
  return s;
}
const Shape& EventSourceName() {
  static const Shape s = str(1, 256, &p::kEventSourceName);
  return s;
}
const Shape& EventPattern() {
  static const Shape s = str(std::nullopt, 4096);
  return s;
}
const Shape& ScheduleExpression() {
  static const Shape s = str(std::nullopt, 256);
  return s;
}
const Shape& Description512() {
  static const Shape s = str(std::nullopt, 512);
  return s;
}
const Shape& Arn1600() {
  static const Shape s = str(1, 1600);
  return s;
}  // Arn, RoleArn, TargetArn, ...
const Shape& NextToken() {
  static const Shape s = str(1, 2048);
  return s;
}
const Shape& LimitMax100() {
  static const Shape s = integer(1, 100);
  return s;
}
const Shape& LimitMin1() {
  static const Shape s = integer(1);
  return s;
}
const Shape& RuleState() {
  static const Shape s =
      enumeration({"ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"});
  return s;
}
const Shape& KmsKeyIdentifier() {
  static const Shape s = str(std::nullopt, 2048, &p::kKmsKeyIdentifier);
  return s;
}
const Shape& TagKey() {
  static const Shape s = str(1, 128);
  return s;
}
const Shape& TagValue() {
  static const Shape s = str(0, 256);
  return s;
}

// ---- shared structures ----
const Shape& Tag() {
  static const Shape s = structure({{"Key", &TagKey(), true}, {"Value", &TagValue(), true}});
  return s;
}
const Shape& TagListShape() {
  static const Shape s = list(Tag());
  return s;
}
const Shape& DeadLetterConfig() {
  static const Shape s = structure({{"Arn", &Arn1600()}});
  return s;
}
const Shape& LogConfig() {
  static const Shape includeDetail = enumeration({"NONE", "FULL"});
  static const Shape level = enumeration({"OFF", "ERROR", "INFO", "TRACE"});
  static const Shape s = structure({{"IncludeDetail", &includeDetail}, {"Level", &level}});
  return s;
}

// ---- Target and its parameters ----
const Shape& InputTransformer() {
  static const Shape key = str(1, 256, &p::kInputPathKey);
  static const Shape path = str(std::nullopt, 256);
  static const Shape paths = map(key, path, 100);
  static const Shape tmpl = str(1, 8192);
  static const Shape s = structure({{"InputPathsMap", &paths}, {"InputTemplate", &tmpl, true}});
  return s;
}
const Shape& KinesisParameters() {
  static const Shape path = str(std::nullopt, 256);
  static const Shape s = structure({{"PartitionKeyPath", &path, true}});
  return s;
}
const Shape& RunCommandParameters() {
  static const Shape key = str(1, 128, &p::kRunCommandTargetKey);
  static const Shape value = str(1, 256);
  static const Shape values = list(value, 1, 50);
  static const Shape tgt = structure({{"Key", &key, true}, {"Values", &values, true}});
  static const Shape targets = list(tgt, 1, 5);
  static const Shape s = structure({{"RunCommandTargets", &targets, true}});
  return s;
}
const Shape& EcsParameters() {
  static const Shape launchType = enumeration({"EC2", "FARGATE", "EXTERNAL"});
  static const Shape stringList = list(String());
  static const Shape assignPublicIp = enumeration({"ENABLED", "DISABLED"});
  static const Shape vpc = structure({{"Subnets", &stringList, true},
                                      {"SecurityGroups", &stringList},
                                      {"AssignPublicIp", &assignPublicIp}});
  static const Shape network = structure({{"awsvpcConfiguration", &vpc}});
  static const Shape capacityProvider = str(1, 255);
  static const Shape weight = integer(0, 1000);
  static const Shape base = integer(0, 100000);
  static const Shape strategyItem = structure(
      {{"capacityProvider", &capacityProvider, true}, {"weight", &weight}, {"base", &base}});
  static const Shape strategy = list(strategyItem, std::nullopt, 6);
  static const Shape constraintType = enumeration({"distinctInstance", "memberOf"});
  static const Shape expression = str(std::nullopt, 2000);
  static const Shape constraint =
      structure({{"type", &constraintType}, {"expression", &expression}});
  static const Shape constraints = list(constraint, std::nullopt, 10);
  static const Shape strategyType = enumeration({"random", "spread", "binpack"});
  static const Shape field = str(std::nullopt, 255);
  static const Shape placement = structure({{"type", &strategyType}, {"field", &field}});
  static const Shape placements = list(placement, std::nullopt, 5);
  static const Shape propagateTags = enumeration({"TASK_DEFINITION"});
  static const Shape referenceId = str(std::nullopt, 1024);
  static const Shape s = structure({{"TaskDefinitionArn", &Arn1600(), true},
                                    {"TaskCount", &LimitMin1()},
                                    {"LaunchType", &launchType},
                                    {"NetworkConfiguration", &network},
                                    {"PlatformVersion", &String()},
                                    {"Group", &String()},
                                    {"CapacityProviderStrategy", &strategy},
                                    {"EnableECSManagedTags", &Boolean()},
                                    {"EnableExecuteCommand", &Boolean()},
                                    {"PlacementConstraints", &constraints},
                                    {"PlacementStrategy", &placements},
                                    {"PropagateTags", &propagateTags},
                                    {"ReferenceId", &referenceId},
                                    {"Tags", &TagListShape()}});
  return s;
}
const Shape& BatchParameters() {
  static const Shape arrayProperties = structure({{"Size", &Integer()}});
  static const Shape retryStrategy = structure({{"Attempts", &Integer()}});
  static const Shape s = structure({{"JobDefinition", &String(), true},
                                    {"JobName", &String(), true},
                                    {"ArrayProperties", &arrayProperties},
                                    {"RetryStrategy", &retryStrategy}});
  return s;
}
const Shape& SqsParameters() {
  static const Shape groupId = str(std::nullopt, 100);
  static const Shape s = structure({{"MessageGroupId", &groupId}});
  return s;
}
const Shape& HttpParameters() {
  static const Shape pathParameter = str(std::nullopt, std::nullopt, &p::kPathParameter);
  static const Shape pathList = list(pathParameter);
  static const Shape headerKey = str(std::nullopt, 512, &p::kHeaderKey);
  static const Shape headerValue = str(std::nullopt, 512, &p::kHeaderValue);
  static const Shape headers = map(headerKey, headerValue);
  static const Shape queryKey = str(std::nullopt, 512, &p::kQueryStringKey);
  static const Shape queryValue = str(std::nullopt, 512, &p::kQueryStringValue);
  static const Shape query = map(queryKey, queryValue);
  static const Shape s = structure({{"PathParameterValues", &pathList},
                                    {"HeaderParameters", &headers},
                                    {"QueryStringParameters", &query}});
  return s;
}
const Shape& RedshiftDataParameters() {
  static const Shape secret = str(1, 1600, &p::kRedshiftSecretArn);
  static const Shape database = str(1, 64);
  static const Shape dbUser = str(1, 128);
  static const Shape sql = sensitive(str(1, 100000));
  static const Shape statementName = str(1, 500);
  static const Shape sqls = sensitive(list(sql, 0, 40));
  static const Shape s = structure({{"SecretManagerArn", &secret},
                                    {"Database", &database, true},
                                    {"DbUser", &dbUser},
                                    {"Sql", &sql},
                                    {"StatementName", &statementName},
                                    {"WithEvent", &Boolean()},
                                    {"Sqls", &sqls}});
  return s;
}
const Shape& SageMakerPipelineParameters() {
  static const Shape name = str(1, 256, &p::kSageMakerParameterName);
  static const Shape value = str(std::nullopt, 1024);
  static const Shape param = structure({{"Name", &name, true}, {"Value", &value, true}});
  static const Shape params = list(param, 0, 200);
  static const Shape s = structure({{"PipelineParameterList", &params}});
  return s;
}
const Shape& RetryPolicy() {
  static const Shape attempts = integer(0, 185);
  static const Shape age = integer(60, 86400);
  static const Shape s =
      structure({{"MaximumRetryAttempts", &attempts}, {"MaximumEventAgeInSeconds", &age}});
  return s;
}
const Shape& AppSyncParameters() {
  static const Shape op = sensitive(str(1, 1048576));
  static const Shape s = structure({{"GraphQLOperation", &op}});
  return s;
}
const Shape& TargetShape() {
  static const Shape input = str(std::nullopt, 8192);
  static const Shape inputPath = str(std::nullopt, 256);
  static const Shape s = structure({{"Id", &TargetId(), true},
                                    {"Arn", &Arn1600(), true},
                                    {"RoleArn", &Arn1600()},
                                    {"Input", &input},
                                    {"InputPath", &inputPath},
                                    {"InputTransformer", &InputTransformer()},
                                    {"KinesisParameters", &KinesisParameters()},
                                    {"RunCommandParameters", &RunCommandParameters()},
                                    {"EcsParameters", &EcsParameters()},
                                    {"BatchParameters", &BatchParameters()},
                                    {"SqsParameters", &SqsParameters()},
                                    {"HttpParameters", &HttpParameters()},
                                    {"RedshiftDataParameters", &RedshiftDataParameters()},
                                    {"SageMakerPipelineParameters", &SageMakerPipelineParameters()},
                                    {"DeadLetterConfig", &DeadLetterConfig()},
                                    {"RetryPolicy", &RetryPolicy()},
                                    {"AppSyncParameters", &AppSyncParameters()}});
  return s;
}

}  // namespace

const Shape& target() {
  return TargetShape();
}
const Shape& string() {
  return String();
}
const Shape& boolean() {
  return Boolean();
}
const Shape& eventPattern() {
  return EventPattern();
}
const Shape& kmsKeyIdentifier() {
  return KmsKeyIdentifier();
}
const Shape& nextToken() {
  return NextToken();
}
const Shape& limitMax100() {
  return LimitMax100();
}
const Shape& tagList() {
  return TagListShape();
}

const Shape& putRuleRequest() {
  static const Shape s = structure({{"Name", &RuleName(), true},
                                    {"ScheduleExpression", &ScheduleExpression()},
                                    {"EventPattern", &EventPattern()},
                                    {"State", &RuleState()},
                                    {"Description", &Description512()},
                                    {"RoleArn", &Arn1600()},
                                    {"Tags", &TagListShape()},
                                    {"EventBusName", &EventBusNameOrArn()}});
  return s;
}

const Shape& ruleNameRequest() {
  static const Shape s =
      structure({{"Name", &RuleName(), true}, {"EventBusName", &EventBusNameOrArn()}});
  return s;
}

const Shape& deleteRuleRequest() {
  static const Shape s = structure(
      {{"Name", &RuleName(), true}, {"EventBusName", &EventBusNameOrArn()}, {"Force", &Boolean()}});
  return s;
}

const Shape& listRulesRequest() {
  static const Shape s = structure({{"NamePrefix", &RuleName()},
                                    {"EventBusName", &EventBusNameOrArn()},
                                    {"NextToken", &NextToken()},
                                    {"Limit", &LimitMax100()}});
  return s;
}

const Shape& putTargetsRequest() {
  static const Shape targets = list(TargetShape(), 1, 100);
  static const Shape s = structure({{"Rule", &RuleName(), true},
                                    {"EventBusName", &EventBusNameOrArn()},
                                    {"Targets", &targets, true}});
  return s;
}

const Shape& removeTargetsRequest() {
  static const Shape ids = list(TargetId(), 1, 100);
  static const Shape s = structure({{"Rule", &RuleName(), true},
                                    {"EventBusName", &EventBusNameOrArn()},
                                    {"Ids", &ids, true},
                                    {"Force", &Boolean()}});
  return s;
}

const Shape& listTargetsByRuleRequest() {
  static const Shape s = structure({{"Rule", &RuleName(), true},
                                    {"EventBusName", &EventBusNameOrArn()},
                                    {"NextToken", &NextToken()},
                                    {"Limit", &LimitMax100()}});
  return s;
}

const Shape& listRuleNamesByTargetRequest() {
  static const Shape s = structure({{"TargetArn", &Arn1600(), true},
                                    {"EventBusName", &EventBusNameOrArn()},
                                    {"NextToken", &NextToken()},
                                    {"Limit", &LimitMax100()}});
  return s;
}

const Shape& testEventPatternRequest() {
  static const Shape s =
      structure({{"EventPattern", &EventPattern(), true}, {"Event", &String(), true}});
  return s;
}

const Shape& createEventBusRequest() {
  static const Shape s = structure({{"Name", &EventBusName(), true},
                                    {"EventSourceName", &EventSourceName()},
                                    {"Description", &Description512()},
                                    {"KmsKeyIdentifier", &KmsKeyIdentifier()},
                                    {"DeadLetterConfig", &DeadLetterConfig()},
                                    {"LogConfig", &LogConfig()},
                                    {"Tags", &TagListShape()}});
  return s;
}

const Shape& updateEventBusRequest() {
  static const Shape s = structure({{"Name", &EventBusName()},
                                    {"KmsKeyIdentifier", &KmsKeyIdentifier()},
                                    {"Description", &Description512()},
                                    {"DeadLetterConfig", &DeadLetterConfig()},
                                    {"LogConfig", &LogConfig()}});
  return s;
}

const Shape& deleteEventBusRequest() {
  static const Shape s = structure({{"Name", &EventBusName(), true}});
  return s;
}

const Shape& describeEventBusRequest() {
  static const Shape s = structure({{"Name", &EventBusNameOrArn()}});
  return s;
}

const Shape& listEventBusesRequest() {
  static const Shape s = structure(
      {{"NamePrefix", &EventBusName()}, {"NextToken", &NextToken()}, {"Limit", &LimitMax100()}});
  return s;
}

const Shape& putPermissionRequest() {
  static const Shape action = str(1, 64, &patterns::kAction);
  static const Shape principal = str(1, 12, &patterns::kPrincipal);
  static const Shape statementId = str(1, 64, &patterns::kStatementId);
  static const Shape condition =
      structure({{"Type", &String(), true}, {"Key", &String(), true}, {"Value", &String(), true}});
  static const Shape s = structure({{"EventBusName", &NonPartnerEventBusName()},
                                    {"Action", &action},
                                    {"Principal", &principal},
                                    {"StatementId", &statementId},
                                    {"Condition", &condition},
                                    {"Policy", &String()}});
  return s;
}

const Shape& removePermissionRequest() {
  static const Shape statementId = str(1, 64, &patterns::kStatementId);
  static const Shape s = structure({{"StatementId", &statementId},
                                    {"RemoveAllPermissions", &Boolean()},
                                    {"EventBusName", &NonPartnerEventBusName()}});
  return s;
}

const Shape& tagResourceRequest() {
  static const Shape s =
      structure({{"ResourceARN", &Arn1600(), true}, {"Tags", &TagListShape(), true}});
  return s;
}

const Shape& untagResourceRequest() {
  static const Shape keys = list(TagKey());
  static const Shape s = structure({{"ResourceARN", &Arn1600(), true}, {"TagKeys", &keys, true}});
  return s;
}

const Shape& listTagsForResourceRequest() {
  static const Shape s = structure({{"ResourceARN", &Arn1600(), true}});
  return s;
}

}  // namespace ebw::api::model
