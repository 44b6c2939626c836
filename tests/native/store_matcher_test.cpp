// The store keeps each bus's Matcher equal to its set of ENABLED rules that have a pattern.
#include <gtest/gtest.h>

#include "common/aws_error.h"
#include "store/arn.h"
#include "store/store.h"

namespace {

using ebw::store::EventBus;
using ebw::store::Rule;
using ebw::store::Store;

Rule rule(const std::string& name, std::optional<std::string> pattern,
          const std::string& state = "ENABLED") {
  Rule r;
  r.name = name;
  r.eventPattern = std::move(pattern);
  r.state = state;
  return r;
}

const std::string kPattern = R"({"source":["a"]})";

TEST(StoreMatcher, DefaultBusAndArns) {
  Store s("123456789012", "us-east-1", 1000);
  const EventBus* def = s.findBus("default");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->arn, "arn:aws:events:us-east-1:123456789012:event-bus/default");
  EXPECT_EQ(def->creationTimeMs, 1000);
  EXPECT_EQ(s.ruleArn("default", "r"), "arn:aws:events:us-east-1:123456789012:rule/r");
  EXPECT_EQ(s.ruleArn("b", "r"), "arn:aws:events:us-east-1:123456789012:rule/b/r");
  s.removeBus("default");
  EXPECT_NE(s.findBus("default"), nullptr);
}

TEST(StoreMatcher, PutDeleteEnableDisableKeepMatcherInStep) {
  Store s("123456789012", "us-east-1", 0);
  EventBus& bus = *s.findBus("default");
  s.putRule(bus, rule("p", kPattern));
  s.putRule(bus, rule("d", kPattern, "DISABLED"));
  Rule sched = rule("s", std::nullopt);
  sched.scheduleExpression = "rate(1 minute)";
  s.putRule(bus, sched);
  EXPECT_TRUE(bus.matcher.hasRule("p"));
  EXPECT_FALSE(bus.matcher.hasRule("d"));
  EXPECT_FALSE(bus.matcher.hasRule("s"));
  EXPECT_EQ(bus.matcher.size(), 1u);

  s.setRuleState(bus, *bus.findRule("d"), "ENABLED");
  EXPECT_TRUE(bus.matcher.hasRule("d"));
  s.setRuleState(bus, *bus.findRule("p"), "DISABLED");
  EXPECT_FALSE(bus.matcher.hasRule("p"));
  s.putRule(bus, rule("d", kPattern, "DISABLED"));  // replacing as disabled removes it
  EXPECT_FALSE(bus.matcher.hasRule("d"));
  s.putRule(bus, rule("p", kPattern));
  s.deleteRule(bus, "p");
  EXPECT_EQ(bus.matcher.size(), 0u);
  EXPECT_EQ(s.findRule("default", "p"), nullptr);
  EXPECT_NE(s.findRule("default", "s"), nullptr);
}

TEST(StoreMatcher, InvalidPatternChangesNothing) {
  Store s("123456789012", "us-east-1", 0);
  EventBus& bus = *s.findBus("default");
  s.putRule(bus, rule("p", kPattern));
  EXPECT_THROW(s.putRule(bus, rule("p", "[1]")), ebw::AwsError);
  EXPECT_THROW(s.putRule(bus, rule("q", "not json", "DISABLED")), ebw::AwsError);
  EXPECT_EQ(*bus.findRule("p")->eventPattern, kPattern);
  EXPECT_TRUE(bus.matcher.hasRule("p"));
  EXPECT_EQ(bus.findRule("q"), nullptr);
}

TEST(StoreMatcher, MatchesOnlyEnabledPatternRules) {
  Store s("123456789012", "us-east-1", 0);
  EventBus& bus = *s.findBus("default");
  s.putRule(bus, rule("on", kPattern));
  s.putRule(bus, rule("off", kPattern, "DISABLED"));
  std::string event =
      R"({"version":"0","id":"1","detail-type":"t","source":"a","account":"123456789012",)"
      R"("time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}})";
  EXPECT_EQ(bus.matcher.match(event), std::vector<std::string>{"on"});
}

TEST(StoreMatcher, ParseEventsArn) {
  auto p =
      ebw::store::parseEventsArn("arn:aws:events:us-east-1:123456789012:rule/bus/with/slash/r");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, "rule");
  EXPECT_EQ(p->bus, "bus/with/slash");
  EXPECT_EQ(p->rule, "r");
  p = ebw::store::parseEventsArn("arn:aws:events:us-east-1:123456789012:rule/r");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->bus, "default");
  p = ebw::store::parseEventsArn("arn:aws:events:us-east-1:123456789012:event-bus/b");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, "event-bus");
  EXPECT_EQ(p->bus, "b");
  EXPECT_FALSE(ebw::store::parseEventsArn("arn:aws:sqs:us-east-1:123456789012:q"));
  EXPECT_FALSE(ebw::store::parseEventsArn("rule/r"));
  EXPECT_EQ(ebw::store::busNameFromNameOrArn("arn:aws:events:us-east-1:123456789012:event-bus/x"),
            "x");
  EXPECT_EQ(ebw::store::busNameFromNameOrArn("x"), "x");
}

}  // namespace
