// Archives and replays through the dispatcher: capture on the source bus (pattern, forwarded
// events, retention on the clock, SizeBytes as AWS counts it), the replay steps, their states and
// what they re-send, validation in AWS's order, and the state document.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "api/dispatcher.h"
#include "common/aws_error.h"
#include "common/json.h"
#include "dispatcher_calls.h"
#include "events/replay_step.h"

namespace {

using ebw::Json;

constexpr int64_t kStart = 1717200000000;  // 2024-06-01T00:00:00Z
constexpr int64_t kDay = 24LL * 3600 * 1000;
const std::string kAccount = "123456789012";
const std::string kBusArn = "arn:aws:events:us-east-1:123456789012:event-bus/default";
const std::string kArchiveArn = "arn:aws:events:us-east-1:123456789012:archive/a";

class Archives : public ::testing::Test {
 protected:
  Archives() : now(std::make_shared<int64_t>(kStart)), d(options(now)) {}

  static ebw::api::Options options(std::shared_ptr<int64_t> clock) {
    ebw::api::Options o;
    o.nowMs = [clock] { return *clock; };
    o.newId = [] {
      static int n = 0;
      return "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++n);
    };
    return o;
  }
  Json ok(const std::string& op, const Json& req) { return callExpecting(d, 200, op, req); }
  Json fail(const std::string& op, const Json& req) { return callExpecting(d, 400, op, req); }
  void put(const std::string& source, const std::string& detail = "{\"n\":1}",
           const std::string& bus = "default", const std::string& detailType = "t") {
    Json r = ok("_Emulator.PutEvents", {{"Entries",
                                         {{{"Source", source},
                                           {"DetailType", detailType},
                                           {"Detail", detail},
                                           {"EventBusName", bus}}}}});
    EXPECT_EQ(r["response"]["FailedEntryCount"], 0);
  }
  Json step(const std::string& replay) {
    return ok("_Emulator.StepReplay", {{"ReplayName", replay}});
  }
  Json startReplay(const std::string& name, int64_t fromMs, int64_t toMs,
                   Json destination = Json{{"Arn", kBusArn}}) {
    return ok("StartReplay", {{"ReplayName", name},
                              {"EventSourceArn", kArchiveArn},
                              {"EventStartTime", fromMs / 1000.0},
                              {"EventEndTime", toMs / 1000.0},
                              {"Destination", destination}});
  }

  std::shared_ptr<int64_t> now;
  ebw::api::Dispatcher d;
};

TEST_F(Archives, CreateDescribeUpdateListDelete) {
  Json created = ok("CreateArchive", {{"ArchiveName", "a"},
                                      {"EventSourceArn", kBusArn},
                                      {"Description", "d"},
                                      {"EventPattern", R"({"source":["x"]})"},
                                      {"RetentionDays", 1}});
  EXPECT_EQ(
      created,
      (Json{{"ArchiveArn", kArchiveArn}, {"State", "ENABLED"}, {"CreationTime", kStart / 1000}}));
  Json described = ok("DescribeArchive", {{"ArchiveName", "a"}});
  EXPECT_EQ(described, (Json{{"ArchiveArn", kArchiveArn},
                             {"ArchiveName", "a"},
                             {"EventSourceArn", kBusArn},
                             {"Description", "d"},
                             {"EventPattern", R"({"source":["x"]})"},
                             {"State", "ENABLED"},
                             {"RetentionDays", 1},
                             {"SizeBytes", 0},
                             {"EventCount", 0},
                             {"CreationTime", kStart / 1000}}));
  ok("UpdateArchive", {{"ArchiveName", "a"}, {"RetentionDays", 2}, {"Description", "e"}});
  Json listed = ok("ListArchives", {{"NamePrefix", "a"}});
  ASSERT_EQ(listed["Archives"].size(), 1u);
  EXPECT_EQ(listed["Archives"][0]["RetentionDays"], 2);
  EXPECT_FALSE(listed["Archives"][0].contains("Description"));
  EXPECT_EQ(ok("ListArchives", {{"State", "ENABLED"}})["Archives"].size(), 1u);
  EXPECT_EQ(ok("ListArchives", {{"EventSourceArn", kBusArn}})["Archives"].size(), 1u);
  EXPECT_EQ(ok("ListArchives", {{"NamePrefix", "zz"}})["Archives"], Json::array());
  EXPECT_EQ(ok("DeleteArchive", {{"ArchiveName", "a"}}), Json::object());
  EXPECT_EQ(fail("DescribeArchive", {{"ArchiveName", "a"}})["message"],
            "Archive a does not exist.");
}

TEST_F(Archives, ValidationAsAwsAnswers) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  EXPECT_EQ(fail("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}})["message"],
            "Archive a already exists.");
  Json e = fail("CreateArchive",
                {{"ArchiveName", "b"},
                 {"EventSourceArn", "arn:aws:events:us-east-1:123456789012:event-bus/nope"}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"], "Event bus nope does not exist.");
  e = fail("CreateArchive", {{"ArchiveName", std::string(49, 'a')}, {"EventSourceArn", "bus"}});
  EXPECT_EQ(e["message"],
            "2 validation errors detected: Value '" + std::string(49, 'a') +
                "' at 'archiveName' failed to satisfy constraint: Member must have length less "
                "than or equal to 48; Value 'bus' at 'eventSourceArn' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: "
                "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$");
  e = fail("CreateArchive",
           {{"ArchiveName", "b"}, {"EventSourceArn", kBusArn}, {"EventPattern", "invalid"}});
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
  EXPECT_EQ(ok("ListArchives", Json::object())["Archives"].size(), 1u);  // nothing was created
  EXPECT_EQ(fail("UpdateArchive", {{"ArchiveName", "nope"}})["message"],
            "At least one of EventPattern, RetentionDays or Description must be provided.");
  EXPECT_EQ(fail("UpdateArchive", {{"ArchiveName", "nope"}, {"RetentionDays", 3}})["message"],
            "Archive nope does not exist.");
  e = fail("UpdateArchive", {{"ArchiveName", "a"}, {"EventPattern", "[]"}});
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
  EXPECT_EQ(fail("ListArchives", {{"NamePrefix", "a"}, {"State", "ENABLED"}})["message"],
            "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, "
            "or NamePrefix.");
  EXPECT_EQ(fail("DeleteArchive", {{"ArchiveName", "nope"}})["message"],
            "Archive nope does not exist.");
  // A bus with an archive is not deleted (AWS keeps the archive's rule on it).
  ok("CreateEventBus", {{"Name", "b"}});
  ok("CreateArchive", {{"ArchiveName", "onb"},
                       {"EventSourceArn", "arn:aws:events:us-east-1:123456789012:event-bus/b"}});
  EXPECT_EQ(fail("DeleteEventBus", {{"Name", "b"}})["message"],
            "EventBus can't be deleted since it has rules.");
  ok("DeleteArchive", {{"ArchiveName", "onb"}});
  ok("DeleteEventBus", {{"Name", "b"}});
}

TEST_F(Archives, CaptureByPatternWithAwsSizesAndRetention) {
  ok("CreateArchive", {{"ArchiveName", "a"},
                       {"EventSourceArn", kBusArn},
                       {"EventPattern", R"({"source":["keep"]})"},
                       {"RetentionDays", 1}});
  ok("CreateArchive", {{"ArchiveName", "all"}, {"EventSourceArn", kBusArn}});
  // AWS's recorded SizeBytes: 10 events of this shape = 1590 bytes.
  const std::string detail =
      R"({"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}})";
  for (int i = 0; i < 10; ++i) {
    put("core.update-account-command", detail, "default", "core.update-account-command");
  }
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "all"}})["SizeBytes"], 1590);
  Json all = ok("DescribeArchive", {{"ArchiveName", "all"}});
  EXPECT_EQ(all["EventCount"], 10);
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "a"}})["EventCount"], 0);
  put("keep");
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "a"}})["EventCount"], 1);
  *now += kDay / 2;
  put("keep");
  *now += kDay / 2 + 1;  // the first "keep" is now older than one day
  Json a = ok("DescribeArchive", {{"ArchiveName", "a"}});
  EXPECT_EQ(a["EventCount"], 1);
  // RetentionDays 0 keeps events indefinitely.
  *now += 1000 * kDay;
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "all"}})["EventCount"], 12);
}

TEST_F(Archives, EventsForwardedToTheBusAreCaptured) {
  ok("CreateEventBus", {{"Name", "b"}});
  ok("CreateArchive", {{"ArchiveName", "onb"},
                       {"EventSourceArn", "arn:aws:events:us-east-1:123456789012:event-bus/b"}});
  ok("PutRule", {{"Name", "fwd"}, {"EventPattern", R"({"source":["x"]})"}});
  ok("PutTargets",
     {{"Rule", "fwd"},
      {"Targets", {{{"Id", "b"}, {"Arn", "arn:aws:events:us-east-1:123456789012:event-bus/b"}}}}});
  put("x");
  put("y");
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "onb"}})["EventCount"], 1);
}

TEST_F(Archives, ReplayStepsThroughStatesAndResendsInOrderToFilteredRules) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  for (int i = 0; i < 5; ++i) {
    put("app", "{\"n\":" + std::to_string(i) + "}");
    *now += 1000;
  }
  // Rules added after the events were archived.
  ok("PutRule", {{"Name", "r1"}, {"EventPattern", R"({"source":["app"]})"}});
  ok("PutTargets",
     {{"Rule", "r1"},
      {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:q1"}}}}});
  ok("PutRule", {{"Name", "r2"}, {"EventPattern", R"({"source":["app"]})"}});
  ok("PutTargets",
     {{"Rule", "r2"},
      {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:q2"}}}}});
  Json started = startReplay(
      "rp", kStart + 1000, kStart + 4000,
      Json{{"Arn", kBusArn}, {"FilterArns", {"arn:aws:events:us-east-1:123456789012:rule/r1"}}});
  EXPECT_EQ(started["State"], "STARTING");
  EXPECT_EQ(started["ReplayArn"], "arn:aws:events:us-east-1:123456789012:replay/rp");
  EXPECT_EQ(ok("DescribeReplay", {{"ReplayName", "rp"}})["State"], "STARTING");
  *now += 1000;
  Json first = step("rp");
  EXPECT_EQ(first["State"], "RUNNING");
  ASSERT_EQ(first["deliveries"].size(), 3u);  // events 1, 2, 3 (arrived at +1 s .. +3 s)
  for (int i = 0; i < 3; ++i) {
    const Json& dl = first["deliveries"][i];
    EXPECT_EQ(dl["ruleName"], "r1");
    Json event = Json::parse(dl["payload"].get<std::string>());
    EXPECT_EQ(event["detail"]["n"], i + 1);
    EXPECT_EQ(event["replay-name"], "rp");
    // AWS puts "replay-name" after "region".
    std::string text = dl["payload"].get<std::string>();
    EXPECT_LT(text.find("\"region\""), text.find("\"replay-name\""));
    EXPECT_LT(text.find("\"replay-name\""), text.find("\"resources\""));
  }
  Json running = ok("DescribeReplay", {{"ReplayName", "rp"}});
  EXPECT_EQ(running["State"], "RUNNING");
  EXPECT_EQ(running["EventLastReplayedTime"], (kStart + 3000) / 1000);
  EXPECT_FALSE(running.contains("ReplayEndTime"));
  *now += 1000;
  Json done = step("rp");
  EXPECT_EQ(done["State"], "COMPLETED");
  EXPECT_EQ(done["deliveries"], Json::array());
  Json described = ok("DescribeReplay", {{"ReplayName", "rp"}});
  EXPECT_EQ(described["ReplayEndTime"], *now / 1000);
  EXPECT_EQ(described["Destination"]["FilterArns"][0],
            "arn:aws:events:us-east-1:123456789012:rule/r1");
  // Replayed events are never archived again.
  EXPECT_EQ(ok("DescribeArchive", {{"ArchiveName", "a"}})["EventCount"], 5);
  EXPECT_EQ(ok("ListReplays", {{"State", "COMPLETED"}})["Replays"].size(), 1u);
}

TEST_F(Archives, CancelledReplayStopsAtItsNextStep) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  ok("PutRule", {{"Name", "r"}, {"EventPattern", R"({"source":["app"]})"}});
  ok("PutTargets", {{"Rule", "r"},
                    {"Targets", {{{"Id", "t"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"}}}}});
  for (int i = 0; i < 25; ++i) {
    Json entries = Json::array();
    for (int k = 0; k < 10; ++k)
      entries.push_back({{"Source", "app"}, {"DetailType", "t"}, {"Detail", "{}"}});
    ok("PutEvents", {{"Entries", entries}});
  }
  *now += 1000;
  startReplay("c", kStart, *now);
  EXPECT_EQ(step("c")["deliveries"].size(), ebw::events::kReplayBatchSize);
  Json cancel = ok("CancelReplay", {{"ReplayName", "c"}});
  EXPECT_EQ(cancel, (Json{{"ReplayArn", "arn:aws:events:us-east-1:123456789012:replay/c"},
                          {"State", "CANCELLING"}}));
  Json last = step("c");
  EXPECT_EQ(last["State"], "CANCELLED");
  EXPECT_EQ(last["deliveries"], Json::array());
  EXPECT_EQ(fail("CancelReplay", {{"ReplayName", "c"}})["__type"], "IllegalStatusException");
}

TEST_F(Archives, StartReplayValidationInAwsOrder) {
  ok("CreateEventBus", {{"Name", "other"}});
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  auto start = [&](const std::string& name, const std::string& archive, double from, double to,
                   const std::string& dest) {
    return fail("StartReplay", {{"ReplayName", name},
                                {"EventSourceArn", archive},
                                {"EventStartTime", from},
                                {"EventEndTime", to},
                                {"Destination", {{"Arn", dest}}}});
  };
  double t = kStart / 1000.0;
  EXPECT_EQ(start("r", kArchiveArn, t + 0.5, t, kBusArn)["message"],
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before "
            "EventEndTime.");
  EXPECT_EQ(start("r", "arn:aws:events:us-east-1:123456789012:archive/nope", t - 60, t,
                  kBusArn)["message"],
            "Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.");
  EXPECT_EQ(start("r", kArchiveArn, t - 60, t,
                  "arn:aws:events:us-east-1:123456789012:event-bus/x")["message"],
            "Event bus x does not exist.");
  EXPECT_EQ(
      start("r", kArchiveArn, t - 60, t,
            "arn:aws:events:us-east-1:123456789012:event-bus/other")["message"],
      "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
  for (int i = 0; i < 10; ++i) startReplay("r" + std::to_string(i), kStart - 60000, kStart);
  EXPECT_EQ(start("r0", kArchiveArn, t - 60, t, kBusArn)["message"], "Replay r0 already exists.");
  Json limit = start("r10", kArchiveArn, t - 60, t, kBusArn);
  EXPECT_EQ(limit["__type"], "LimitExceededException");
  EXPECT_EQ(fail("DescribeReplay", {{"ReplayName", "nope"}})["message"],
            "Replay nope does not exist.");
  Json e = fail("StartReplay", {{"ReplayName", "r"},
                                {"EventSourceArn", kArchiveArn},
                                {"EventStartTime", "yesterday"},
                                {"EventEndTime", t},
                                {"Destination", {{"Arn", kBusArn}}}});
  EXPECT_EQ(e["__type"], "SerializationException");
}

TEST_F(Archives, ReplayOfADeletedArchiveFails) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  startReplay("r", kStart - 1000, kStart + 1000);
  ok("DeleteArchive", {{"ArchiveName", "a"}});
  Json s = step("r");
  EXPECT_EQ(s["State"], "FAILED");
  Json described = ok("DescribeReplay", {{"ReplayName", "r"}});
  EXPECT_EQ(described["StateReason"], "Archive a does not exist.");
  EXPECT_EQ(ok("_Emulator.ListUnfinishedReplays", Json::object())["Replays"], Json::array());
}

TEST_F(Archives, FinishedReplaysAreListedForNinetyDays) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  startReplay("old", kStart - 1000, kStart);
  step("old");
  EXPECT_EQ(step("old")["State"], "COMPLETED");
  *now += 90 * kDay;
  EXPECT_EQ(ok("DescribeReplay", {{"ReplayName", "old"}})["State"], "COMPLETED");
  *now += 1;
  std::string before = d.exportState();
  EXPECT_EQ(fail("DescribeReplay", {{"ReplayName", "old"}})["message"],
            "Replay old does not exist.");
  EXPECT_EQ(ok("ListReplays", Json::object())["Replays"], Json::array());
  EXPECT_EQ(d.exportState(), before);  // reads and failed calls change nothing
  EXPECT_EQ(startReplay("old", kStart, *now)["State"], "STARTING");  // the name is free again
}

TEST_F(Archives, StateDocumentRoundTrip) {
  ok("CreateArchive", {{"ArchiveName", "a"},
                       {"EventSourceArn", kBusArn},
                       {"EventPattern", R"({"source":["app"]})"},
                       {"RetentionDays", 3}});
  put("app");
  put("app");
  startReplay("r", kStart - 1000, kStart + 1000);
  std::string doc = d.exportState();
  ebw::api::Dispatcher other(options(now));
  other.importState(doc);
  EXPECT_EQ(other.exportState(), doc);
  auto r = other.call("DescribeArchive", R"({"ArchiveName":"a"})");
  EXPECT_EQ(Json::parse(r.body)["EventCount"], 2);
  Json bad = Json::parse(doc);
  bad["Archives"][0]["EventBusName"] = "missing";
  EXPECT_THROW(other.importState(bad.dump()), ebw::AwsError);
  EXPECT_EQ(other.exportState(), doc);  // untouched by the refused document
}

TEST_F(Archives, OnlyRulesAndBusesAreTaggable) {
  ok("CreateArchive", {{"ArchiveName", "a"}, {"EventSourceArn", kBusArn}});
  for (const char* arn : {"arn:aws:events:us-east-1:123456789012:archive/a",
                          "arn:aws:events:us-east-1:123456789012:connection/c/1",
                          "arn:aws:events:us-east-1:123456789012:api-destination/d/1"}) {
    Json e = fail("TagResource",
                  {{"ResourceARN", arn}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}});
    EXPECT_EQ(e["message"],
              "Parameter ResourceARN is not valid. Reason: Only rules and event buses can be "
              "tagged.");
  }
}

TEST(ReplayName, InsertedAfterRegionOrAtTheEnd) {
  EXPECT_EQ(ebw::events::withReplayName(R"({"region":"r","resources":[],"detail":{}})", "n"),
            R"({"region":"r","replay-name":"n","resources":[],"detail":{}})");
  EXPECT_EQ(ebw::events::withReplayName(R"({"a":1})", "n"), R"({"a":1,"replay-name":"n"})");
}

}  // namespace
