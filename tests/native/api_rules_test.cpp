// PutRule, DescribeRule, DeleteRule, EnableRule, DisableRule, ListRules, TestEventPattern through
// the dispatcher: success paths and AWS's errors.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

class RulesApi : public ::testing::Test {
 protected:
  static ebw::api::Options options() {
    ebw::api::Options o;
    o.nowMs = [] { return int64_t{1700000000000}; };
    o.newId = [] { return std::string("11111111-1111-4111-8111-111111111111"); };
    return o;
  }
  Json ok(const std::string& op, const Json& req) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, 200) << op << " " << r.body;
    return Json::parse(r.body);
  }
  // {"__type", "message"} of a failed call (HTTP 400 expected).
  Json fail(const std::string& op, const Json& req, int status = 400) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, status) << op << " " << r.body;
    return Json::parse(r.body);
  }
  ebw::api::Dispatcher d{options()};
  const std::string pattern = R"({"source":["my.app"]})";
};

TEST_F(RulesApi, PutRuleReturnsArnOnDefaultAndCustomBus) {
  EXPECT_EQ(ok("PutRule", {{"Name", "r1"}, {"EventPattern", pattern}})["RuleArn"],
            "arn:aws:events:us-east-1:123456789012:rule/r1");
  ok("CreateEventBus", {{"Name", "orders"}});
  EXPECT_EQ(ok("PutRule",
               {{"Name", "r1"}, {"EventBusName", "orders"}, {"EventPattern", pattern}})["RuleArn"],
            "arn:aws:events:us-east-1:123456789012:rule/orders/r1");
  // The bus may be named by ARN.
  EXPECT_EQ(
      ok("PutRule", {{"Name", "r2"},
                     {"EventBusName", "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
                     {"EventPattern", pattern}})["RuleArn"],
      "arn:aws:events:us-east-1:123456789012:rule/orders/r2");
}

TEST_F(RulesApi, DescribeRuleShowsEveryMemberInAwsOrder) {
  ok("PutRule", {{"Name", "r1"},
                 {"EventPattern", pattern},
                 {"State", "DISABLED"},
                 {"Description", "desc"},
                 {"RoleArn", "arn:aws:iam::123456789012:role/x"}});
  Json out = ok("DescribeRule", {{"Name", "r1"}});
  EXPECT_EQ(out.dump(),
            R"({"Name":"r1","Arn":"arn:aws:events:us-east-1:123456789012:rule/r1",)"
            R"("EventPattern":"{\"source\":[\"my.app\"]}","State":"DISABLED","Description":"desc",)"
            R"("RoleArn":"arn:aws:iam::123456789012:role/x","EventBusName":"default",)"
            R"("CreatedBy":"123456789012"})");
}

TEST_F(RulesApi, PutRuleReplacesAndResetsOmittedMembers) {
  ok("PutRule",
     {{"Name", "r1"}, {"EventPattern", pattern}, {"Description", "d"}, {"State", "DISABLED"}});
  ok("PutTargets",
     {{"Rule", "r1"}, {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}}}}});
  ok("PutRule", {{"Name", "r1"}, {"ScheduleExpression", "rate(5 minutes)"}});
  Json out = ok("DescribeRule", {{"Name", "r1"}});
  EXPECT_FALSE(out.contains("Description"));
  EXPECT_FALSE(out.contains("EventPattern"));
  EXPECT_EQ(out["State"], "ENABLED");
  EXPECT_EQ(out["ScheduleExpression"], "rate(5 minutes)");
  // Targets survive the replacement.
  EXPECT_EQ(ok("ListTargetsByRule", {{"Rule", "r1"}})["Targets"].size(), 1u);
}

TEST_F(RulesApi, PutRuleTagsApplyOnlyOnCreation) {
  ok("PutRule",
     {{"Name", "r1"}, {"EventPattern", pattern}, {"Tags", {{{"Key", "a"}, {"Value", "1"}}}}});
  ok("PutRule",
     {{"Name", "r1"}, {"EventPattern", pattern}, {"Tags", {{{"Key", "b"}, {"Value", "2"}}}}});
  Json tags =
      ok("ListTagsForResource", {{"ResourceARN", "arn:aws:events:us-east-1:123456789012:rule/r1"}});
  EXPECT_EQ(tags.dump(), R"({"Tags":[{"Key":"a","Value":"1"}]})");
}

TEST_F(RulesApi, PutRuleNeedsPatternOrSchedule) {
  Json e = fail("PutRule", {{"Name", "r1"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Parameter(s) EventPattern or ScheduleExpression must be specified.");
}

TEST_F(RulesApi, PutRuleScheduleOnlyOnDefaultBus) {
  ok("CreateEventBus", {{"Name", "b"}});
  Json e = fail("PutRule",
                {{"Name", "r1"}, {"EventBusName", "b"}, {"ScheduleExpression", "rate(1 minute)"}});
  EXPECT_EQ(e["message"], "ScheduleExpression is supported only on the default event bus.");
  // A rule with both a pattern and a schedule is fine on the default bus.
  ok("PutRule",
     {{"Name", "r1"}, {"EventPattern", pattern}, {"ScheduleExpression", "rate(1 minute)"}});
}

TEST_F(RulesApi, PutRuleInvalidScheduleAndPattern) {
  Json e = fail("PutRule", {{"Name", "r1"}, {"ScheduleExpression", "rate(1 minutes)"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Parameter ScheduleExpression is not valid.");
  e = fail("PutRule", {{"Name", "r1"}, {"EventPattern", "[1]"}});
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
  // Nothing was stored by the failed calls.
  EXPECT_EQ(ok("ListRules", Json::object())["Rules"].size(), 0u);
  // A disabled rule's pattern is validated too.
  e = fail("PutRule", {{"Name", "r1"}, {"EventPattern", "not json"}, {"State", "DISABLED"}});
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
}

TEST_F(RulesApi, FailedReplacementKeepsTheOldRule) {
  ok("PutRule", {{"Name", "r1"}, {"EventPattern", pattern}});
  fail("PutRule", {{"Name", "r1"}, {"EventPattern", "[1]"}});
  EXPECT_EQ(ok("DescribeRule", {{"Name", "r1"}})["EventPattern"], pattern);
  EXPECT_TRUE(d.store().findBus("default")->matcher.hasRule("r1"));
}

TEST_F(RulesApi, PutRuleOnMissingBus) {
  Json e = fail("PutRule", {{"Name", "r1"}, {"EventBusName", "nope"}, {"EventPattern", pattern}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"], "Event bus nope does not exist.");
}

TEST_F(RulesApi, ThreeHundredRulesPerBus) {
  for (int i = 0; i < 300; ++i)
    ok("PutRule", {{"Name", "r" + std::to_string(i)}, {"EventPattern", pattern}});
  Json e = fail("PutRule", {{"Name", "one-more"}, {"EventPattern", pattern}});
  EXPECT_EQ(e["__type"], "LimitExceededException");
  EXPECT_EQ(e["message"], "The requested resource exceeds the maximum number allowed.");
  ok("PutRule", {{"Name", "r7"}, {"EventPattern", pattern}});  // replacing is not creating
}

TEST_F(RulesApi, DescribeMissingRule) {
  Json e = fail("DescribeRule", {{"Name", "nope"}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"], "Rule nope does not exist on EventBus default.");
  ok("CreateEventBus", {{"Name", "b"}});
  EXPECT_EQ(fail("DescribeRule", {{"Name", "nope"}, {"EventBusName", "b"}})["message"],
            "Rule nope does not exist on EventBus b.");
  EXPECT_EQ(fail("DescribeRule", {{"Name", "nope"}, {"EventBusName", "zz"}})["message"],
            "Event bus zz does not exist.");
}

TEST_F(RulesApi, DeleteRule) {
  ok("PutRule", {{"Name", "r1"}, {"EventPattern", pattern}});
  ok("PutTargets",
     {{"Rule", "r1"}, {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}}}}});
  Json e = fail("DeleteRule", {{"Name", "r1"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Rule can't be deleted since it has targets.");
  ok("RemoveTargets", {{"Rule", "r1"}, {"Ids", {"t"}}});
  EXPECT_EQ(d.call("DeleteRule", R"({"Name":"r1"})").body, "{}");
  EXPECT_FALSE(d.store().findBus("default")->matcher.hasRule("r1"));
  ok("DeleteRule", {{"Name", "r1"}});  // deleting again succeeds
  EXPECT_EQ(fail("DeleteRule", {{"Name", "r1"}, {"EventBusName", "nope"}})["message"],
            "Event bus nope does not exist.");
}

TEST_F(RulesApi, EnableDisableUpdateTheMatcher) {
  ok("PutRule", {{"Name", "r1"}, {"EventPattern", pattern}});
  const auto& matcher = d.store().findBus("default")->matcher;
  EXPECT_TRUE(matcher.hasRule("r1"));
  ok("DisableRule", {{"Name", "r1"}});
  EXPECT_FALSE(matcher.hasRule("r1"));
  EXPECT_EQ(ok("DescribeRule", {{"Name", "r1"}})["State"], "DISABLED");
  ok("EnableRule", {{"Name", "r1"}});
  EXPECT_TRUE(matcher.hasRule("r1"));
  EXPECT_EQ(ok("DescribeRule", {{"Name", "r1"}})["State"], "ENABLED");
  EXPECT_EQ(fail("EnableRule", {{"Name", "nope"}})["message"],
            "Rule nope does not exist on EventBus default.");
  EXPECT_EQ(fail("DisableRule", {{"Name", "nope"}})["__type"], "ResourceNotFoundException");
  // Schedule-only rules never enter the matcher.
  ok("PutRule", {{"Name", "s1"}, {"ScheduleExpression", "rate(5 minutes)"}});
  EXPECT_FALSE(matcher.hasRule("s1"));
  ok("PutRule", {{"Name", "c1"},
                 {"EventPattern", pattern},
                 {"State", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}});
  EXPECT_TRUE(matcher.hasRule("c1"));
}

TEST_F(RulesApi, ListRulesPagesAndFilters) {
  for (const char* n : {"b", "a", "ab", "c"})
    ok("PutRule", {{"Name", n}, {"EventPattern", pattern}});
  Json page1 = ok("ListRules", {{"Limit", 2}});
  ASSERT_EQ(page1["Rules"].size(), 2u);
  EXPECT_EQ(page1["Rules"][0]["Name"], "a");
  EXPECT_EQ(page1["Rules"][1]["Name"], "ab");
  EXPECT_FALSE(page1["Rules"][0].contains("CreatedBy"));
  Json page2 = ok("ListRules", {{"Limit", 2}, {"NextToken", page1["NextToken"]}});
  EXPECT_EQ(page2["Rules"].size(), 2u);
  EXPECT_FALSE(page2.contains("NextToken"));
  Json filtered = ok("ListRules", {{"NamePrefix", "a"}});
  EXPECT_EQ(filtered["Rules"].size(), 2u);
  EXPECT_EQ(filtered["Rules"][0]["EventBusName"], "default");
  EXPECT_EQ(fail("ListRules", {{"NextToken", "bogus"}})["__type"], "ValidationException");
  EXPECT_EQ(fail("ListRules", {{"EventBusName", "nope"}})["message"],
            "Event bus nope does not exist.");
}

TEST_F(RulesApi, ManagedRulesNeedForce) {
  d.importState(
      R"({"EventBuses":[{"Name":"default","Rules":[{"Name":"m","EventPattern":"{\"source\":[\"x\"]}",)"
      R"("ManagedBy":"svc.amazonaws.com","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:1:q"}]}]}]})");
  EXPECT_EQ(ok("DescribeRule", {{"Name", "m"}})["ManagedBy"], "svc.amazonaws.com");
  for (const char* op : {"EnableRule", "DisableRule"}) {
    EXPECT_EQ(fail(op, {{"Name", "m"}})["__type"], "ManagedRuleException") << op;
  }
  EXPECT_EQ(fail("PutRule", {{"Name", "m"}, {"EventPattern", pattern}})["__type"],
            "ManagedRuleException");
  EXPECT_EQ(
      fail("PutTargets", {{"Rule", "m"}, {"Targets", {{{"Id", "u"}, {"Arn", "a"}}}}})["__type"],
      "ManagedRuleException");
  EXPECT_EQ(fail("RemoveTargets", {{"Rule", "m"}, {"Ids", {"t"}}})["__type"],
            "ManagedRuleException");
  Json e = fail("DeleteRule", {{"Name", "m"}});
  EXPECT_EQ(e["__type"], "ManagedRuleException");
  EXPECT_EQ(e["message"], "m is a managed rule. Set 'force' parameter to true to override.");
  ok("RemoveTargets", {{"Rule", "m"}, {"Ids", {"t"}}, {"Force", true}});
  ok("DeleteRule", {{"Name", "m"}, {"Force", true}});
}

TEST_F(RulesApi, TestEventPattern) {
  Json event = {{"id", "1"},
                {"account", "123456789012"},
                {"source", "my.app"},
                {"time", "2024-01-01T00:00:00Z"},
                {"region", "us-east-1"},
                {"detail-type", "t"},
                {"resources", Json::array()},
                {"detail", Json::object()}};
  EXPECT_EQ(ok("TestEventPattern", {{"EventPattern", pattern}, {"Event", event.dump()}})["Result"],
            true);
  Json e = fail("TestEventPattern", {{"EventPattern", pattern}, {"Event", "plain string"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Parameter Event is not valid.");
  EXPECT_EQ(fail("TestEventPattern", {{"EventPattern", "[1]"}, {"Event", event.dump()}})["__type"],
            "InvalidEventPatternException");
  e = fail("TestEventPattern", {{"Event", event.dump()}});
  EXPECT_EQ(
      e["message"],
      "1 validation error detected: Value null at 'eventPattern' failed to satisfy constraint: "
      "Member must not be null");
}

}  // namespace
