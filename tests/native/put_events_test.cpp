// PutEvents: every AWS-recorded PutEvents record of shared/conformance/api_errors.jsonl, the
// event envelope, routing through rules and targets, and bus-to-bus forwarding with its loop guard.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "api/dispatcher.h"
#include "common/json.h"
#include "delivery_batches.h"
#include "events/entry_check.h"
#include "events/envelope.h"
#include "events/routing.h"

#ifndef EBW_SHARED_DIR
#error "EBW_SHARED_DIR must name the shared/ folder"
#endif

namespace {

using ebw::Json;
using ebw::api::Dispatcher;
using ebw::api::Options;

constexpr int64_t kNow = 1700000000000;  // 2023-11-14T22:13:20Z

Dispatcher fixed() {
  Options o;
  o.nowMs = [] { return kNow; };
  o.newId = [] {
    static int n = 0;
    return "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++n);
  };
  return Dispatcher(o);
}

Json call(Dispatcher& d, const std::string& op, const Json& req, int status = 200) {
  auto r = d.call(op, req.dump());
  EXPECT_EQ(r.httpStatus, status) << op << " " << r.body;
  return Json::parse(r.body);
}

// The record's request with its <GENERATED: ...> placeholder expanded (the only one is the
// 256 KiB Detail of put_events_too_big).
Json expand(Json request) {
  for (Json& e : request["Entries"]) {
    if (e.contains("Detail") && e["Detail"].get<std::string>().rfind("<GENERATED", 0) == 0) {
      e["Detail"] = "{\"payload\": [\"" + std::string(262127, 'p') + "\"]}";
    }
  }
  return request;
}

TEST(PutEventsConformance, EveryRecordedPutEventsRecord) {
  std::ifstream in(std::string(EBW_SHARED_DIR) + "/conformance/api_errors.jsonl");
  ASSERT_TRUE(in.good());
  std::string line;
  int passed = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json rec = Json::parse(line);
    if (rec["operation"] != "PutEvents") continue;
    SCOPED_TRACE(rec["id"].get<std::string>());
    Dispatcher d = fixed();
    Json req = expand(rec["request"]);
    ASSERT_EQ(req["Entries"].size() > 10 || rec["id"] != "put_events_more_than_10_entries", true);
    auto r = d.call("PutEvents", req.dump());
    ASSERT_EQ(r.httpStatus, rec["http_status"].get<int>()) << r.body;
    Json body = Json::parse(r.body);
    if (rec["kind"] == "exception") {
      EXPECT_EQ(body["__type"], rec["error_code"]);
      EXPECT_EQ(body["message"], rec["message"]);
    } else {
      EXPECT_EQ(body["FailedEntryCount"], 1);
      ASSERT_EQ(body["Entries"].size(), 1u);
      EXPECT_EQ(body["Entries"][0]["ErrorCode"], rec["error_code"]);
      EXPECT_EQ(body["Entries"][0]["ErrorMessage"], rec["message"]);
      EXPECT_FALSE(body["Entries"][0].contains("EventId"));
    }
    if (!::testing::Test::HasFailure()) ++passed;
  }
  EXPECT_EQ(passed, 9);
  std::printf("PutEvents api_errors records passed: %d\n", passed);
}

TEST(PutEventsValidation, MixedEntriesKeepTheirIndex) {
  Dispatcher d = fixed();
  Json out = call(d, "PutEvents",
                  {{"Entries",
                    {{{"Source", "a"}, {"DetailType", "t"}, {"Detail", "{}"}},
                     {{"Source", "a"}, {"Detail", "{}"}},
                     {{"Source", "a"}, {"DetailType", "t"}, {"Detail", "{}"}}}}});
  EXPECT_EQ(out["FailedEntryCount"], 1);
  EXPECT_TRUE(out["Entries"][0].contains("EventId"));
  EXPECT_EQ(out["Entries"][1]["ErrorCode"], "InvalidArgument");
  EXPECT_TRUE(out["Entries"][2].contains("EventId"));
  EXPECT_EQ(out.dump().find("{\"FailedEntryCount\":1,\"Entries\":[{\"EventId\":"), 0u);
}

TEST(PutEventsValidation, EmptyEntriesAndWrongTypes) {
  Dispatcher d = fixed();
  Json e = call(d, "PutEvents", {{"Entries", Json::array()}}, 400);
  EXPECT_EQ(e["__type"], "ValidationException");
  e = call(d, "PutEvents", Json::object(), 400);
  EXPECT_EQ(e["__type"], "ValidationException");
  e = call(d, "PutEvents",
           {{"Entries", {{{"Source", "a"}, {"DetailType", "t"}, {"Detail", "{}"}, {"Time", "x"}}}}},
           400);
  EXPECT_EQ(e["__type"], "SerializationException");
}

TEST(PutEventsSize, CountsAsTheUserGuideSays) {
  Json entry = {{"Time", 1},
                {"Source", "abc"},
                {"DetailType", "de"},
                {"Detail", "{}"},
                {"Resources", {"r1", "r22"}}};
  EXPECT_EQ(ebw::events::entrySize(entry), 14u + 3 + 2 + 2 + 2 + 3);
  Json big = {{"Source", "s"},
              {"DetailType", "t"},
              {"Detail", "{\"a\":\"" + std::string(262144 - 10, 'x') + "\"}"}};
  EXPECT_FALSE(ebw::events::overSizeLimit(Json::array({big})));
  big["Source"] = "sss";
  EXPECT_TRUE(ebw::events::overSizeLimit(Json::array({big})));
}

TEST(Envelope, KeyOrderTimeAndVerbatimDetail) {
  ebw::events::EnvelopeFields f{
      "id-1",        "dt",        "src", "123456789012",
      1446319794000, "us-east-1", {},    "{\"n\": 1.50, \"s\":\"\\u00e9\"}"};
  EXPECT_EQ(ebw::events::buildEventJson(f),
            "{\"version\":\"0\",\"id\":\"id-1\",\"detail-type\":\"dt\",\"source\":\"src\","
            "\"account\":\"123456789012\",\"time\":\"2015-10-31T19:29:54Z\",\"region\":"
            "\"us-east-1\",\"resources\":[],\"detail\":{\"n\": 1.50, \"s\":\"\\u00e9\"}}");
  EXPECT_EQ(ebw::events::formatEventTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ebw::events::formatEventTime(951782400999), "2000-02-29T00:00:00Z");
}

// A dispatcher with two rules on the default bus (three targets between them) and one that must
// not match.
Dispatcher withRules() {
  Dispatcher d = fixed();
  call(d, "PutRule", {{"Name", "r1"}, {"EventPattern", R"({"source":["app"]})"}});
  call(d, "PutRule",
       {{"Name", "r2"}, {"EventPattern", R"({"detail":{"n":[{"numeric":[">",1]}]}})"}});
  call(d, "PutRule", {{"Name", "r3"}, {"EventPattern", R"({"source":["other"]})"}});
  call(d, "PutTargets",
       {{"Rule", "r1"},
        {"Targets",
         {{{"Id", "whole"}, {"Arn", "arn:aws:lambda:us-east-1:123456789012:function:f"}},
          {{"Id", "path"},
           {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"},
           {"InputPath", "$.detail.n"},
           {"RetryPolicy", {{"MaximumRetryAttempts", 2}}},
           {"DeadLetterConfig", {{"Arn", "arn:aws:sqs:us-east-1:123456789012:dlq"}}}}}}});
  call(d, "PutTargets",
       {{"Rule", "r2"},
        {"Targets",
         {{{"Id", "const"},
           {"Arn", "arn:aws:sqs:us-east-1:123456789012:q2"},
           {"Input", "{\"c\":1}"}},
          {{"Id", "tmpl"},
           {"Arn", "arn:aws:sqs:us-east-1:123456789012:q3"},
           {"InputTransformer",
            {{"InputPathsMap", {{"n", "$.detail.n"}}},
             {"InputTemplate", "\"n=<n> rule=<aws.events.rule-name>\""}}}}}}});
  call(d, "PutTargets",
       {{"Rule", "r3"},
        {"Targets", {{{"Id", "x"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:x"}}}}});
  return d;
}

// {"response": <PutEvents output>, "deliveries": [every delivery, expanded]}
Json putOne(Dispatcher& d, const Json& entry) {
  Json out = call(d, "_Emulator.PutEvents", {{"Entries", {entry}}});
  return Json{{"response", out["response"]}, {"deliveries", ebw::testing::allDeliveries(d, out)}};
}

TEST(Routing, SeveralRulesAndTargetsWithEachInputKind) {
  Dispatcher d = withRules();
  Json out = putOne(
      d,
      {{"Source", "app"}, {"DetailType", "t"}, {"Detail", R"({"n": 5})"}, {"Time", 1446319794.5}});
  std::string id = out["response"]["Entries"][0]["EventId"];
  const Json& ds = out["deliveries"];
  ASSERT_EQ(ds.size(), 4u) << ds.dump();
  std::string event = ds[0]["event"];
  EXPECT_EQ(event.find("{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"t\""), 0u);
  EXPECT_NE(event.find("\"time\":\"2015-10-31T19:29:54Z\""), std::string::npos);
  EXPECT_NE(event.find("\"resources\":[],\"detail\":{\"n\": 5}}"), std::string::npos);
  EXPECT_EQ(ds[0]["ruleName"], "r1");
  EXPECT_EQ(ds[0]["targetId"], "whole");
  EXPECT_EQ(ds[0]["payload"], event);
  EXPECT_EQ(ds[0]["retryPolicy"], nullptr);
  EXPECT_EQ(ds[1]["targetId"], "path");
  EXPECT_EQ(ds[1]["payload"], "5");
  EXPECT_EQ(ds[1]["retryPolicy"]["MaximumRetryAttempts"], 2);
  EXPECT_EQ(ds[1]["deadLetterArn"], "arn:aws:sqs:us-east-1:123456789012:dlq");
  EXPECT_EQ(ds[2]["ruleArn"], "arn:aws:events:us-east-1:123456789012:rule/r2");
  EXPECT_EQ(ds[2]["payload"], "{\"c\":1}");
  EXPECT_EQ(ds[3]["payload"], "\"n=5 rule=r2\"");
  for (const Json& x : ds) EXPECT_EQ(x["eventId"], id);
  // The plain operation answers only AWS's output.
  Json plain = call(d, "PutEvents",
                    {{"Entries", {{{"Source", "app"}, {"DetailType", "t"}, {"Detail", "{}"}}}}});
  EXPECT_FALSE(plain.contains("deliveries"));
  EXPECT_EQ(plain["FailedEntryCount"], 0);
}

TEST(Routing, DisabledRulesUnknownBusesAndMissingTime) {
  Dispatcher d = withRules();
  call(d, "DisableRule", {{"Name", "r1"}});
  Json out = putOne(d, {{"Source", "app"}, {"DetailType", "t"}, {"Detail", R"({"n": 0})"}});
  EXPECT_EQ(out["deliveries"].size(), 0u) << out.dump();
  call(d, "EnableRule", {{"Name", "r1"}});
  out = putOne(d, {{"Source", "app"}, {"DetailType", "t"}, {"Detail", R"({"n": 0})"}});
  ASSERT_EQ(out["deliveries"].size(), 2u);
  EXPECT_NE(
      out["deliveries"][0]["event"].get<std::string>().find("\"time\":\"2023-11-14T22:13:20Z\""),
      std::string::npos);
  // Unknown bus: accepted with an EventId, delivered nowhere.
  out = putOne(
      d, {{"Source", "app"}, {"DetailType", "t"}, {"Detail", "{}"}, {"EventBusName", "nope"}});
  EXPECT_TRUE(out["response"]["Entries"][0].contains("EventId"));
  EXPECT_EQ(out["deliveries"].size(), 0u);
  // The default bus by ARN routes; a bus ARN of another account is an unknown bus.
  out = putOne(d, {{"Source", "app"},
                   {"DetailType", "t"},
                   {"Detail", R"({"n": 0})"},
                   {"EventBusName", "arn:aws:events:us-east-1:123456789012:event-bus/default"}});
  EXPECT_EQ(out["deliveries"].size(), 2u);
  out = putOne(d, {{"Source", "app"},
                   {"DetailType", "t"},
                   {"Detail", "{}"},
                   {"EventBusName", "arn:aws:events:us-east-1:999999999999:event-bus/default"}});
  EXPECT_EQ(out["deliveries"].size(), 0u);
}

TEST(Routing, BusToBusForwardsAndStopsAtTheHopLimit) {
  Dispatcher d = fixed();
  call(d, "CreateEventBus", {{"Name", "a"}});
  call(d, "CreateEventBus", {{"Name", "b"}});
  std::string arnA = "arn:aws:events:us-east-1:123456789012:event-bus/a";
  std::string arnB = "arn:aws:events:us-east-1:123456789012:event-bus/b";
  // default -> a -> b -> a -> ... : a cycle between a and b.
  call(d, "PutRule", {{"Name", "fwd"}, {"EventPattern", R"({"source":["app"]})"}});
  call(d, "PutTargets", {{"Rule", "fwd"}, {"Targets", {{{"Id", "toA"}, {"Arn", arnA}}}}});
  call(d, "PutRule",
       {{"Name", "ab"}, {"EventBusName", "a"}, {"EventPattern", R"({"source":["app"]})"}});
  call(d, "PutTargets",
       {{"Rule", "ab"},
        {"EventBusName", "a"},
        {"Targets",
         {{{"Id", "toB"}, {"Arn", arnB}},
          {{"Id", "fn"}, {"Arn", "arn:aws:lambda:us-east-1:123456789012:function:f"}}}}});
  call(d, "PutRule",
       {{"Name", "ba"}, {"EventBusName", "b"}, {"EventPattern", R"({"source":["app"]})"}});
  call(d, "PutTargets",
       {{"Rule", "ba"}, {"EventBusName", "b"}, {"Targets", {{{"Id", "toA"}, {"Arn", arnA}}}}});
  Json out = putOne(d, {{"Source", "app"}, {"DetailType", "t"}, {"Detail", "{}"}});
  const Json& ds = out["deliveries"];
  // hop 0: default's fwd -> a. hop 1: a's toB, fn. hop 2: b's toA. hop 3: a's toB, fn. hop 4:
  // b's toA. hop 5: a's toB (not forwarded: limit), fn.
  int lambdaCalls = 0, maxHop = 0;
  for (const Json& x : ds) {
    if (x["targetId"] == "fn") ++lambdaCalls;
    maxHop = std::max(maxHop, x["hop"].get<int>());
    EXPECT_EQ(x["forwarded"].get<bool>(),
              x["targetArn"].get<std::string>().find(":event-bus/") != std::string::npos &&
                  x["hop"].get<int>() < ebw::events::kMaxBusHops);
    EXPECT_EQ(x["eventId"], out["response"]["Entries"][0]["EventId"]);
  }
  EXPECT_EQ(maxHop, ebw::events::kMaxBusHops);
  EXPECT_EQ(lambdaCalls, 3);
  EXPECT_EQ(ds.size(), 9u) << ds.dump(1);
  EXPECT_EQ(ds[0]["busName"], "default");
  EXPECT_EQ(ds[1]["busName"], "a");
  EXPECT_EQ(ds[1]["ruleArn"], "arn:aws:events:us-east-1:123456789012:rule/a/ab");
}

}  // namespace
