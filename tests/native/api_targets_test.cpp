// PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

class TargetsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ok("PutRule", {{"Name", "r1"}, {"EventPattern", R"({"source":["a"]})"}});
  }
  Json ok(const std::string& op, const Json& req) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, 200) << op << " " << r.body;
    return Json::parse(r.body);
  }
  Json fail(const std::string& op, const Json& req) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, 400) << op << " " << r.body;
    return Json::parse(r.body);
  }
  static Json target(const std::string& id,
                     const std::string& arn = "arn:aws:sqs:us-east-1:123456789012:q") {
    return {{"Id", id}, {"Arn", arn}};
  }
  ebw::api::Dispatcher d;
};

TEST_F(TargetsApi, PutTargetsStoresEveryParameterAsGiven) {
  Json full = {
      {"Id", "full"},
      {"Arn", "arn:aws:ecs:us-east-1:123456789012:cluster/c"},
      {"RoleArn", "arn:aws:iam::123456789012:role/r"},
      {"InputTransformer",
       {{"InputPathsMap", {{"src", "$.source"}}}, {"InputTemplate", "{\"s\": <src>}"}}},
      {"KinesisParameters", {{"PartitionKeyPath", "$.id"}}},
      {"RunCommandParameters",
       {{"RunCommandTargets", {{{"Key", "InstanceIds"}, {"Values", {"i-1"}}}}}}},
      {"EcsParameters",
       {{"TaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/t:1"},
        {"TaskCount", 2},
        {"LaunchType", "FARGATE"},
        {"NetworkConfiguration",
         {{"awsvpcConfiguration", {{"Subnets", {"s-1"}}, {"AssignPublicIp", "ENABLED"}}}}},
        {"CapacityProviderStrategy",
         {{{"capacityProvider", "FARGATE"}, {"weight", 1}, {"base", 0}}}},
        {"PlacementConstraints", {{{"type", "memberOf"}, {"expression", "attribute:x == y"}}}},
        {"PlacementStrategy", {{{"type", "spread"}, {"field", "instanceId"}}}},
        {"PropagateTags", "TASK_DEFINITION"},
        {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}},
      {"BatchParameters",
       {{"JobDefinition", "jd"},
        {"JobName", "jn"},
        {"ArrayProperties", {{"Size", 2}}},
        {"RetryStrategy", {{"Attempts", 3}}}}},
      {"SqsParameters", {{"MessageGroupId", "g"}}},
      {"HttpParameters",
       {{"PathParameterValues", {"p"}},
        {"HeaderParameters", {{"X-H", "v"}}},
        {"QueryStringParameters", {{"q", "v"}}}}},
      {"RedshiftDataParameters", {{"Database", "db"}, {"Sql", "select 1"}, {"WithEvent", true}}},
      {"SageMakerPipelineParameters",
       {{"PipelineParameterList", {{{"Name", "n-1"}, {"Value", "v"}}}}}},
      {"DeadLetterConfig", {{"Arn", "arn:aws:sqs:us-east-1:123456789012:dlq"}}},
      {"RetryPolicy", {{"MaximumRetryAttempts", 0}, {"MaximumEventAgeInSeconds", 60}}},
      {"AppSyncParameters", {{"GraphQLOperation", "mutation { x }"}}}};
  Json out = ok("PutTargets", {{"Rule", "r1"}, {"Targets", {full, target("plain")}}});
  EXPECT_EQ(out.dump(), R"({"FailedEntryCount":0,"FailedEntries":[]})");
  Json listed = ok("ListTargetsByRule", {{"Rule", "r1"}})["Targets"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], full);
  EXPECT_EQ(listed[1], target("plain"));
  const auto* rule = d.store().findRule("default", "r1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->targets[0].spec, full);
}

TEST_F(TargetsApi, UpsertById) {
  ok("PutTargets", {{"Rule", "r1"}, {"Targets", {target("a"), target("b")}}});
  Json replaced = target("a", "arn:aws:lambda:us-east-1:123456789012:function:f");
  replaced["Input"] = "{\"x\":1}";
  ok("PutTargets", {{"Rule", "r1"}, {"Targets", {replaced}}});
  Json listed = ok("ListTargetsByRule", {{"Rule", "r1"}})["Targets"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], replaced);  // keeps its position
}

TEST_F(TargetsApi, FiveTargetsPerRule) {
  ok("PutTargets",
     {{"Rule", "r1"}, {"Targets", {target("1"), target("2"), target("3"), target("4")}}});
  Json e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {target("5"), target("6")}}});
  EXPECT_EQ(e["__type"], "LimitExceededException");
  EXPECT_EQ(e["message"], "The requested resource exceeds the maximum number allowed.");
  EXPECT_EQ(ok("ListTargetsByRule", {{"Rule", "r1"}})["Targets"].size(), 4u);  // nothing added
  ok("PutTargets", {{"Rule", "r1"}, {"Targets", {target("5"), target("1")}}});
}

TEST_F(TargetsApi, ConstraintMessages) {
  Json t = target("ok");
  t["RetryPolicy"] = {{"MaximumRetryAttempts", 186}, {"MaximumEventAgeInSeconds", 59}};
  Json e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {target("x"), t}}});
  EXPECT_EQ(e["message"],
            "2 validation errors detected: Value '186' at "
            "'targets.2.member.retryPolicy.maximumRetryAttempts' "
            "failed to satisfy constraint: Member must have value less than or equal to 185; Value "
            "'59' at "
            "'targets.2.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: "
            "Member must "
            "have value greater than or equal to 60");
  e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {{{"Id", "x"}}}}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value null at 'targets.1.member.arn' failed to satisfy "
            "constraint: "
            "Member must not be null");
  e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", Json::array()}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: "
            "Member must "
            "have length greater than or equal to 1");
  Json kin = target("k");
  kin["KinesisParameters"] = Json::object();
  e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {kin}}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value null at "
            "'targets.1.member.kinesisParameters.partitionKeyPath' "
            "failed to satisfy constraint: Member must not be null");
  Json ecs = target("e");
  ecs["EcsParameters"] = {{"TaskDefinitionArn", "td"}, {"TaskCount", 0}, {"LaunchType", "MOON"}};
  e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {ecs}}});
  EXPECT_EQ(
      e["message"],
      "2 validation errors detected: Value '0' at 'targets.1.member.ecsParameters.taskCount' "
      "failed to "
      "satisfy constraint: Member must have value greater than or equal to 1; Value 'MOON' at "
      "'targets.1.member.ecsParameters.launchType' failed to satisfy constraint: Member must "
      "satisfy enum "
      "value set: [EC2, FARGATE, EXTERNAL]");
  Json tr = target("tr");
  tr["InputTransformer"] = {{"InputPathsMap", {{"bad key", "$.x"}}}, {"InputTemplate", "\"x\""}};
  e = fail("PutTargets", {{"Rule", "r1"}, {"Targets", {tr}}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value '{bad key=$.x}' at "
            "'targets.1.member.inputTransformer.inputPathsMap' "
            "failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy "
            "regular expression "
            "pattern: [A-Za-z0-9\\_\\-]+]");
}

TEST_F(TargetsApi, InputChecksBeforeRuleLookup) {
  Json t = target("t1");
  t["Input"] = "{}";
  t["InputPath"] = "$.detail";
  Json e = fail("PutTargets", {{"Rule", "no-such-rule"}, {"Targets", {t}}});
  EXPECT_EQ(e["message"],
            "Only one of Input, InputPath, or InputTransformer must be provided for target t1.");
  Json fifo = target("sqs-fifo", "arn:aws:sqs:eu-central-1:123456789012:test-queue.fifo");
  e = fail("PutTargets", {{"Rule", "no-such-rule"}, {"Targets", {fifo}}});
  EXPECT_EQ(e["message"], "Parameter(s) SqsParameters must be specified for target: sqs-fifo.");
  fifo["SqsParameters"] = {{"MessageGroupId", "g"}};
  e = fail("PutTargets", {{"Rule", "no-such-rule"}, {"Targets", {fifo}}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"], "Rule no-such-rule does not exist on EventBus default.");
}

TEST_F(TargetsApi, RemoveTargets) {
  ok("PutTargets", {{"Rule", "r1"}, {"Targets", {target("a"), target("b")}}});
  Json out = ok("RemoveTargets", {{"Rule", "r1"}, {"Ids", {"a", "not-there"}}});
  EXPECT_EQ(out.dump(), R"({"FailedEntryCount":0,"FailedEntries":[]})");
  Json listed = ok("ListTargetsByRule", {{"Rule", "r1"}})["Targets"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["Id"], "b");
  EXPECT_EQ(fail("RemoveTargets", {{"Rule", "nope"}, {"Ids", {"a"}}})["message"],
            "Rule nope does not exist on EventBus default.");
}

TEST_F(TargetsApi, ListTargetsPages) {
  ok("PutTargets",
     {{"Rule", "r1"},
      {"Targets", {target("1"), target("2"), target("3"), target("4"), target("5")}}});
  Json p1 = ok("ListTargetsByRule", {{"Rule", "r1"}, {"Limit", 3}});
  EXPECT_EQ(p1["Targets"].size(), 3u);
  Json p2 = ok("ListTargetsByRule", {{"Rule", "r1"}, {"Limit", 3}, {"NextToken", p1["NextToken"]}});
  EXPECT_EQ(p2["Targets"].size(), 2u);
  EXPECT_EQ(p2["Targets"][0]["Id"], "4");
  EXPECT_EQ(fail("ListTargetsByRule", {{"Rule", "nope"}})["__type"], "ResourceNotFoundException");
}

TEST_F(TargetsApi, ListRuleNamesByTarget) {
  ok("PutRule", {{"Name", "r0"}, {"EventPattern", R"({"source":["a"]})"}});
  ok("PutRule", {{"Name", "r2"}, {"EventPattern", R"({"source":["a"]})"}});
  ok("PutTargets", {{"Rule", "r2"}, {"Targets", {target("x", "arn:q")}}});
  ok("PutTargets", {{"Rule", "r0"}, {"Targets", {target("y", "arn:q"), target("z", "arn:other")}}});
  ok("PutTargets", {{"Rule", "r1"}, {"Targets", {target("y", "arn:other")}}});
  EXPECT_EQ(ok("ListRuleNamesByTarget", {{"TargetArn", "arn:q"}}).dump(),
            R"({"RuleNames":["r0","r2"]})");
  Json p1 = ok("ListRuleNamesByTarget", {{"TargetArn", "arn:q"}, {"Limit", 1}});
  EXPECT_EQ(p1["RuleNames"].dump(), R"(["r0"])");
  EXPECT_TRUE(p1.contains("NextToken"));
}

}  // namespace
