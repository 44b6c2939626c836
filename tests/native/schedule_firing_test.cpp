// Scheduled rules: the "Scheduled Event" shape and its deliveries (_Emulator.FireSchedule), the
// occurrences the runtime will fire (_Emulator.NextFireTimes), which rules are scheduled
// (_Emulator.ListSchedules) and the errors for rules that cannot fire.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;
using ebw::api::Dispatcher;
using ebw::api::Options;

constexpr int64_t kNow = 1700000000000;  // 2023-11-14T22:13:20Z
constexpr int64_t kMinute = 60000;

struct Fixture {
  std::shared_ptr<int64_t> clock = std::make_shared<int64_t>(kNow);
  Dispatcher d;
  Fixture() : d(options(clock)) {}

  static Options options(std::shared_ptr<int64_t> clock) {
    Options o;
    o.nowMs = [clock] { return *clock; };
    o.newId = [] {
      static int n = 0;
      return "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++n);
    };
    return o;
  }

  Json call(const std::string& op, const Json& req, int status = 200) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, status) << op << " " << r.body;
    return Json::parse(r.body);
  }
};

const std::string kArn = "arn:aws:events:us-east-1:123456789012:rule/every-minute";

TEST(ScheduleFiring, EventShapeInAwsKeyOrder) {
  Fixture f;
  f.call("PutRule", {{"Name", "every-minute"}, {"ScheduleExpression", "rate(1 minute)"}});
  f.call("PutTargets", {{"Rule", "every-minute"},
                        {"Targets", {{{"Id", "t1"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}}}}});
  Json out = f.call("_Emulator.FireSchedule", {{"Name", "every-minute"}, {"Time", kNow + kMinute}});
  ASSERT_EQ(out["deliveries"].size(), 1u);
  const Json& d = out["deliveries"][0];
  std::string expected = "{\"version\":\"0\",\"id\":\"" + out["EventId"].get<std::string>() +
                         "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                         "\"account\":\"123456789012\",\"time\":\"2023-11-14T22:14:20Z\","
                         "\"region\":\"us-east-1\",\"resources\":[\"" +
                         kArn + "\"],\"detail\":{}}";
  EXPECT_EQ(d["event"], expected);
  EXPECT_EQ(d["payload"], expected);  // no Input*: the target gets the event itself
  EXPECT_EQ(d["ruleArn"], kArn);
  EXPECT_EQ(d["targetId"], "t1");
  EXPECT_EQ(d["eventId"], out["EventId"]);
}

TEST(ScheduleFiring, InputTransformerSeesTheScheduledEvent) {
  Fixture f;
  f.call("PutRule", {{"Name", "every-minute"}, {"ScheduleExpression", "rate(1 minute)"}});
  Json transformer = {
      {"InputPathsMap", {{"t", "$.time"}, {"r", "$.resources[0]"}}},
      {"InputTemplate", "{\"at\": <t>, \"rule\": <r>, \"name\": \"<aws.events.rule-name>\"}"}};
  f.call("PutTargets",
         {{"Rule", "every-minute"},
          {"Targets",
           {{{"Id", "t1"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}, {"InputTransformer", transformer}},
            {{"Id", "t2"}, {"Arn", "arn:aws:sqs:us-east-1:1:q2"}, {"Input", "{\"fixed\":1}"}}}}});
  Json out = f.call("_Emulator.FireSchedule", {{"Name", "every-minute"}, {"Time", kNow}});
  ASSERT_EQ(out["deliveries"].size(), 2u);
  // Compared as JSON: a JSON-shaped template's layout is the transformer's business (PutEvents
  // deliveries render it the same way), the values are what the scheduled event contributes.
  EXPECT_EQ(Json::parse(out["deliveries"][0]["payload"].get<std::string>()),
            Json({{"at", "2023-11-14T22:13:20Z"}, {"rule", kArn}, {"name", "every-minute"}}));
  EXPECT_EQ(out["deliveries"][1]["payload"], "{\"fixed\":1}");
}

TEST(ScheduleFiring, PatternPlaysNoPartInAFiring) {
  Fixture f;
  f.call("PutRule", {{"Name", "both"},
                     {"ScheduleExpression", "rate(5 minutes)"},
                     {"EventPattern", "{\"source\":[\"nope\"]}"}});
  f.call("PutTargets",
         {{"Rule", "both"}, {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}}}}});
  Json out = f.call("_Emulator.FireSchedule", {{"Name", "both"}, {"Time", kNow}});
  EXPECT_EQ(out["deliveries"].size(), 1u);
}

TEST(ScheduleFiring, NextFireTimesRateCountsFromCreation) {
  Fixture f;
  f.call("PutRule", {{"Name", "r"}, {"ScheduleExpression", "rate(5 minutes)"}});
  Json out = f.call("_Emulator.NextFireTimes", {{"Name", "r"}, {"After", kNow}, {"Count", 3}});
  EXPECT_EQ(out["Times"],
            Json::array({kNow + 5 * kMinute, kNow + 10 * kMinute, kNow + 15 * kMinute}));
  // An instant exactly on an occurrence is not "after" it.
  out = f.call("_Emulator.NextFireTimes",
               {{"Name", "r"}, {"After", kNow + 5 * kMinute}, {"Count", 1}});
  EXPECT_EQ(out["Times"], Json::array({kNow + 10 * kMinute}));
}

TEST(ScheduleFiring, NextFireTimesCronAtWholeMinutes) {
  Fixture f;
  f.call("PutRule", {{"Name", "c"}, {"ScheduleExpression", "cron(0/15 * * * ? *)"}});
  Json out = f.call("_Emulator.NextFireTimes", {{"Name", "c"}, {"After", kNow}, {"Count", 2}});
  // 22:13:20 -> 22:15:00, 22:30:00
  EXPECT_EQ(out["Times"], Json::array({1700000100000, 1700001000000}));
  // A year range that has ended never fires.
  f.call("PutRule", {{"Name", "old"}, {"ScheduleExpression", "cron(0 10 * * ? 2002-2005)"}});
  out = f.call("_Emulator.NextFireTimes", {{"Name", "old"}, {"After", kNow}, {"Count", 2}});
  EXPECT_EQ(out["Times"], Json::array());
}

TEST(ScheduleFiring, ListSchedulesHoldsEnabledScheduledRulesOnly) {
  Fixture f;
  f.call("PutRule", {{"Name", "a"}, {"ScheduleExpression", "rate(1 minute)"}});
  f.call("PutRule", {{"Name", "b"}, {"ScheduleExpression", "rate(2 minutes)"}});
  f.call("PutRule", {{"Name", "p"}, {"EventPattern", "{\"source\":[\"x\"]}"}});
  f.call("DisableRule", {{"Name", "b"}});
  Json out = f.call("_Emulator.ListSchedules", Json::object());
  ASSERT_EQ(out["Schedules"].size(), 1u);
  EXPECT_EQ(out["Schedules"][0], (Json{{"Name", "a"},
                                       {"EventBusName", "default"},
                                       {"Arn", "arn:aws:events:us-east-1:123456789012:rule/a"},
                                       {"ScheduleExpression", "rate(1 minute)"},
                                       {"AnchorMs", kNow}}));
  // A disabled rule has no next firing and cannot be fired.
  out = f.call("_Emulator.NextFireTimes", {{"Name", "b"}, {"After", kNow}, {"Count", 1}});
  EXPECT_EQ(out["Times"], Json::array());
  out = f.call("_Emulator.FireSchedule", {{"Name", "b"}, {"Time", kNow}}, 400);
  EXPECT_EQ(out["__type"], "ValidationException");
  EXPECT_EQ(out["message"], "Rule b is DISABLED; a disabled rule never fires.");
}

TEST(ScheduleFiring, Errors) {
  Fixture f;
  f.call("PutRule", {{"Name", "p"}, {"EventPattern", "{\"source\":[\"x\"]}"}});
  Json out = f.call("_Emulator.FireSchedule", {{"Name", "p"}, {"Time", kNow}}, 400);
  EXPECT_EQ(out["__type"], "ValidationException");
  EXPECT_EQ(out["message"], "Rule p does not have a schedule expression.");
  out = f.call("_Emulator.FireSchedule", {{"Name", "missing"}, {"Time", kNow}}, 400);
  EXPECT_EQ(out["__type"], "ResourceNotFoundException");
  EXPECT_EQ(out["message"], "Rule missing does not exist on EventBus default.");
  out = f.call("_Emulator.NextFireTimes", {{"Name", "p"}, {"After", kNow}, {"Count", 0}}, 400);
  EXPECT_EQ(out["__type"], "ValidationException");
}

}  // namespace
