// Issue 9's limits through the dispatcher, for those no other suite checks at that level: 100
// InputPathsMap entries, wildcard complexity on PutRule, and the nesting limit in a PutEvents
// Detail, a TestEventPattern event and a PutTargets InputTemplate. (EventPattern length:
// api_validation_test; 256 KB and 10 entries per PutEvents: put_events_test with the recorded
// records; 5 targets: api_targets_test; 300 rules: api_rules_test; deep requests and patterns:
// api_validation_test, matcher_test.)
#include <gtest/gtest.h>

#include <string>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

class Limits : public ::testing::Test {
 protected:
  void SetUp() override { call("PutRule", {{"Name", "r"}, {"EventPattern", R"({"source":["s"]})"}}); }
  Json call(const std::string& op, const Json& req, int status = 200) {
    auto r = d.call(op, req.dump());
    EXPECT_EQ(r.httpStatus, status) << op << " " << r.body.substr(0, 300);
    return Json::parse(r.body);
  }
  static Json transformer(const Json& map, const std::string& tmpl) {
    return {{"Id", "t"},
            {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"},
            {"InputTransformer", {{"InputPathsMap", map}, {"InputTemplate", tmpl}}}};
  }
  static std::string nestedArrays(int depth) {
    return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  }
  ebw::api::Dispatcher d;
};

TEST_F(Limits, OneHundredInputPathsMapEntries) {
  Json map = Json::object();
  for (int i = 0; i < 100; ++i) map["k" + std::to_string(i)] = "$.detail";
  EXPECT_EQ(call("PutTargets", {{"Rule", "r"}, {"Targets", {transformer(map, "\"<k99>\"")}}})
                ["FailedEntryCount"],
            0);
  map["k100"] = "$.detail";
  Json e = call("PutTargets", {{"Rule", "r"}, {"Targets", {transformer(map, "\"<k99>\"")}}}, 400);
  EXPECT_EQ(e["__type"], "ValidationException");
  std::string message = e["message"];
  EXPECT_EQ(message.rfind("1 validation error detected: Value '{k0=$.detail, k1=$.detail", 0), 0u)
      << message;
  EXPECT_NE(message.find("' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy "
                         "constraint: Member must have length less than or equal to 100"),
            std::string::npos)
      << message;
  EXPECT_EQ(call("ListTargetsByRule", {{"Rule", "r"}})["Targets"][0]["InputTransformer"]
                ["InputPathsMap"]
                    .size(),
            100u);
}

TEST_F(Limits, WildcardComplexityOnPutRuleAndTestEventPattern) {
  std::string complex = R"({"resources":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})";
  Json e = call("PutRule", {{"Name", "w"}, {"EventPattern", complex}}, 400);
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
  EXPECT_EQ(std::string(e["message"]).rfind(
                "Event pattern is not valid. Reason: Rule is too complex - try using fewer "
                "wildcard characters or fewer repeating character sequences after a wildcard "
                "character",
                0),
            0u);
  Json event = {{"id", "1"},         {"account", "123456789012"}, {"source", "s"},
                {"time", "2024-01-01T00:00:00Z"}, {"region", "us-east-1"},
                {"detail-type", "t"}, {"resources", Json::array()}, {"detail", Json::object()}};
  e = call("TestEventPattern", {{"EventPattern", complex}, {"Event", event.dump()}}, 400);
  EXPECT_EQ(e["__type"], "InvalidEventPatternException");
  call("PutRule",
       {{"Name", "w"},
        {"EventPattern", R"({"resources":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]})"}});
  EXPECT_EQ(call("ListRules", Json::object())["Rules"].size(), 2u);
}

// The Detail is one level down in the event, whose nesting is limited to 1000 levels: a Detail of
// 999 levels is the deepest accepted. One of exactly 1000 levels used to pass the entry check and
// then fail the whole request with TestEventPattern's "Parameter Event is not valid." when the
// event was matched (found by this test).
TEST_F(Limits, NestingInPutEventsDetail) {
  auto entry = [](const std::string& detail, const std::string& source = "s") {
    return Json{{"Source", source}, {"DetailType", "t"}, {"Detail", detail}};
  };
  for (const char* op : {"PutEvents", "_Emulator.PutEvents"}) {
    Json out = call(op, {{"Entries", {entry(nestedArrays(999)), entry(nestedArrays(1000)),
                                      entry(nestedArrays(1000), "no-rule"),
                                      entry(nestedArrays(1001)), entry(nestedArrays(100000))}}});
    if (out.contains("response")) out = out["response"];
    EXPECT_EQ(out["FailedEntryCount"], 4) << op;
    EXPECT_TRUE(out["Entries"][0].contains("EventId")) << op;
    for (int i : {1, 2, 3, 4}) {
      EXPECT_EQ(out["Entries"][i]["ErrorCode"], "MalformedDetail") << op << " " << i;
      EXPECT_EQ(out["Entries"][i]["ErrorMessage"], "Detail is malformed.") << op << " " << i;
    }
  }
}

TEST_F(Limits, NestingInPutEventsDetailEntriesKeepTheirIndex) {
  auto entry = [](const std::string& detail) {
    return Json{{"Source", "s"}, {"DetailType", "t"}, {"Detail", detail}};
  };
  Json out = call("PutEvents", {{"Entries", {entry(nestedArrays(1000)), entry(nestedArrays(1001)),
                                            entry(nestedArrays(100000)), entry("{}")}}});
  EXPECT_EQ(out["FailedEntryCount"], 3);
  EXPECT_TRUE(out["Entries"][3].contains("EventId"));
  for (int i : {0, 1, 2}) {
    EXPECT_EQ(out["Entries"][i]["ErrorCode"], "MalformedDetail");
    EXPECT_EQ(out["Entries"][i]["ErrorMessage"], "Detail is malformed.");
  }
}

TEST_F(Limits, NestingInTestEventPatternEvent) {
  std::string deep = R"({"id":"1","account":"123456789012","source":"s","time":"2024-01-01T00:00:00Z",)"
                     R"("region":"us-east-1","detail-type":"t","detail":)" +
                     nestedArrays(1000) + "}";
  Json e = call("TestEventPattern", {{"EventPattern", "{}"}, {"Event", deep}}, 400);
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Parameter Event is not valid.");
}

TEST_F(Limits, NestingInPutTargetsInputTemplate) {
  Json e = call("PutTargets",
                {{"Rule", "r"}, {"Targets", {transformer(Json::object(), nestedArrays(1001))}}}, 400);
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "InputTemplate for target t is nested deeper than 1000 levels.");
  EXPECT_EQ(call("PutTargets",
                 {{"Rule", "r"}, {"Targets", {transformer(Json::object(), nestedArrays(1000))}}})
                ["FailedEntryCount"],
            0);
}

}  // namespace
