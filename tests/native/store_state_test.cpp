// exportState / importState round trips and rejects bad documents without touching the state.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/aws_error.h"
#include "common/json.h"

namespace {

using ebw::Json;

ebw::api::Options fixedClock(int64_t ms) {
  ebw::api::Options o;
  o.nowMs = [ms] { return ms; };
  return o;
}

void mustOk(ebw::api::Dispatcher& d, const std::string& op, const Json& req) {
  auto r = d.call(op, req.dump());
  ASSERT_EQ(r.httpStatus, 200) << op << " " << r.body;
}

TEST(StoreState, RoundTrip) {
  ebw::api::Dispatcher a(fixedClock(1700000000000));
  mustOk(a, "CreateEventBus",
         {{"Name", "b"}, {"Description", "d"}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}});
  mustOk(a, "PutRule",
         {{"Name", "r"},
          {"EventBusName", "b"},
          {"EventPattern", R"({"source":["a"]})"},
          {"State", "DISABLED"}});
  mustOk(a, "PutRule",
         {{"Name", "s"},
          {"ScheduleExpression", "rate(5 minutes)"},
          {"Tags", {{{"Key", "t"}, {"Value", "1"}}}}});
  mustOk(a, "PutTargets",
         {{"Rule", "r"},
          {"EventBusName", "b"},
          {"Targets",
           {{{"Id", "t"},
             {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"},
             {"RetryPolicy", {{"MaximumRetryAttempts", 3}}}}}}});
  mustOk(a, "PutPermission",
         {{"Action", "events:PutEvents"}, {"Principal", "*"}, {"StatementId", "s1"}});
  std::string state = a.exportState();
  Json doc = Json::parse(state);
  EXPECT_EQ(doc["FormatVersion"], 1);
  EXPECT_EQ(doc["EventBuses"].size(), 2u);

  ebw::api::Dispatcher b(fixedClock(1800000000000));
  b.importState(state);
  EXPECT_EQ(b.exportState(), state);
  auto r = b.call("DescribeEventBus", R"({"Name":"b"})");
  EXPECT_EQ(Json::parse(r.body)["CreationTime"], 1700000000);
  EXPECT_FALSE(b.store().findBus("b")->matcher.hasRule("r"));  // disabled stays out of the matcher
  mustOk(b, "EnableRule", {{"Name", "r"}, {"EventBusName", "b"}});
  EXPECT_TRUE(b.store().findBus("b")->matcher.hasRule("r"));
  EXPECT_EQ(b.store().findRule("default", "s")->creationTimeMs, 1700000000000);
}

TEST(StoreState, BadDocumentsLeaveStateUntouched) {
  ebw::api::Dispatcher d;
  mustOk(d, "PutRule", {{"Name", "keep"}, {"EventPattern", R"({"source":["a"]})"}});
  std::string before = d.exportState();
  const char* bad[] = {
      "not json",
      "[]",
      R"({"FormatVersion":2})",
      R"({"EventBuses":[{"Description":"no name"}]})",
      R"({"EventBuses":[{"Name":"b","Rules":[{"Name":"r"}]}]})",
      R"({"EventBuses":[{"Name":"b","Rules":[{"Name":"r","EventPattern":"[1]"}]}]})",
      R"({"EventBuses":[{"Name":"b","Rules":[{"Name":"r","EventPattern":"{}","State":"ON"}]}]})",
      R"({"EventBuses":[{"Name":"b","Rules":[{"Name":"r","EventPattern":"{}","Targets":[{"Id":"t"}]}]}]})",
      R"({"EventBuses":[{"Name":"b","Rules":[{"Name":"r","EventPattern":"{}","Targets":[{"Id":"t","Arn":"a","RetryPolicy":{"MaximumRetryAttempts":999}}]}]}]})",
      R"({"EventBuses":[{"Name":"b"},{"Name":"b"}]})",
      R"({"EventBuses":[{"Name":"b","CreationTimeMs":"yesterday"}]})",
  };
  for (const char* doc : bad) {
    try {
      d.importState(doc);
      ADD_FAILURE() << "accepted: " << doc;
    } catch (const ebw::AwsError& e) {
      EXPECT_EQ(e.code(), "ValidationException") << doc;
      EXPECT_FALSE(e.message().empty());
    }
    EXPECT_EQ(d.exportState(), before) << doc;
  }
}

TEST(StoreState, MinimalDocumentGetsADefaultBus) {
  ebw::api::Dispatcher d;
  d.importState(R"({"EventBuses":[{"Name":"b"}]})");
  EXPECT_NE(d.store().findBus("default"), nullptr);
  EXPECT_NE(d.store().findBus("b"), nullptr);
  d.importState("{}");
  EXPECT_EQ(d.store().buses().size(), 1u);
}

}  // namespace
