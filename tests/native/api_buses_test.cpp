// CreateEventBus, UpdateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses,
// PutPermission, RemovePermission.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

class BusesApi : public ::testing::Test {
 protected:
  static ebw::api::Options options() {
    ebw::api::Options o;
    o.nowMs = [] { return int64_t{1700000000500}; };
    return o;
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
  ebw::api::Dispatcher d{options()};
};

TEST_F(BusesApi, DefaultBusAlwaysExists) {
  Json out = ok("DescribeEventBus", Json::object());
  EXPECT_EQ(out["Name"], "default");
  EXPECT_EQ(out["Arn"], "arn:aws:events:us-east-1:123456789012:event-bus/default");
  EXPECT_EQ(out["CreationTime"], 1700000000.5);
  Json e = fail("DeleteEventBus", {{"Name", "default"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "Cannot delete event bus default.");
  e = fail("CreateEventBus", {{"Name", "default"}});
  EXPECT_EQ(e["__type"], "ResourceAlreadyExistsException");
  EXPECT_EQ(e["message"], "Event bus default already exists.");
}

TEST_F(BusesApi, CreateDescribeUpdateDelete) {
  Json created = ok("CreateEventBus",
                    {{"Name", "orders"},
                     {"Description", "d"},
                     {"DeadLetterConfig", {{"Arn", "arn:aws:sqs:us-east-1:123456789012:dlq"}}},
                     {"LogConfig", {{"IncludeDetail", "FULL"}, {"Level", "INFO"}}},
                     {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}});
  EXPECT_EQ(
      created.dump(),
      R"({"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders","Description":"d",)"
      R"("DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"},)"
      R"("LogConfig":{"IncludeDetail":"FULL","Level":"INFO"}})");
  Json described =
      ok("DescribeEventBus", {{"Name", "arn:aws:events:us-east-1:123456789012:event-bus/orders"}});
  EXPECT_EQ(described["Name"], "orders");
  EXPECT_EQ(described["Description"], "d");
  EXPECT_TRUE(described["CreationTime"].is_number());
  EXPECT_EQ(fail("CreateEventBus", {{"Name", "orders"}})["message"],
            "Event bus orders already exists.");

  Json updated = ok("UpdateEventBus", {{"Name", "orders"}, {"Description", "new"}});
  EXPECT_EQ(updated["Arn"], "arn:aws:events:us-east-1:123456789012:event-bus/orders");
  EXPECT_EQ(updated["Description"], "new");
  EXPECT_EQ(fail("UpdateEventBus", {{"Name", "nope"}})["message"],
            "Event bus nope does not exist.");

  EXPECT_EQ(d.call("DeleteEventBus", R"({"Name":"orders"})").body, "{}");
  EXPECT_EQ(fail("DescribeEventBus", {{"Name", "orders"}})["message"],
            "Event bus orders does not exist.");
  ok("DeleteEventBus", {{"Name", "orders"}});  // a missing bus is not an error
}

TEST_F(BusesApi, CreateEventBusErrors) {
  EXPECT_EQ(fail("CreateEventBus", {{"Name", "a/b"}})["message"],
            "Event bus name must not contain '/'.");
  Json e =
      fail("CreateEventBus", {{"Name", "aws.partner/x/y"}, {"EventSourceName", "aws.partner/x/y"}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  e = fail("CreateEventBus", {{"Name", "bad name"}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: "
            "Member must "
            "satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
  for (int i = 1; i < 100; ++i) ok("CreateEventBus", {{"Name", "b" + std::to_string(i)}});
  EXPECT_EQ(fail("CreateEventBus", {{"Name", "b100"}})["__type"], "LimitExceededException");
}

TEST_F(BusesApi, ABusWithRulesCannotBeDeleted) {
  ok("CreateEventBus", {{"Name", "b"}});
  ok("PutRule", {{"Name", "r"}, {"EventBusName", "b"}, {"EventPattern", R"({"source":["a"]})"}});
  Json e = fail("DeleteEventBus", {{"Name", "b"}});
  EXPECT_EQ(e["__type"], "ValidationException");
  EXPECT_EQ(e["message"], "EventBus can't be deleted since it has rules.");
  ok("DeleteRule", {{"Name", "r"}, {"EventBusName", "b"}});
  ok("DeleteEventBus", {{"Name", "b"}});
}

TEST_F(BusesApi, ListEventBuses) {
  ok("CreateEventBus", {{"Name", "orders"}});
  ok("CreateEventBus", {{"Name", "other"}});
  Json all = ok("ListEventBuses", Json::object());
  ASSERT_EQ(all["EventBuses"].size(), 3u);
  EXPECT_EQ(all["EventBuses"][0]["Name"], "default");
  EXPECT_TRUE(all["EventBuses"][0]["LastModifiedTime"].is_number());
  Json filtered = ok("ListEventBuses", {{"NamePrefix", "o"}, {"Limit", 1}});
  EXPECT_EQ(filtered["EventBuses"].size(), 1u);
  EXPECT_EQ(filtered["EventBuses"][0]["Name"], "orders");
  Json next = ok("ListEventBuses",
                 {{"NamePrefix", "o"}, {"Limit", 1}, {"NextToken", filtered["NextToken"]}});
  EXPECT_EQ(next["EventBuses"][0]["Name"], "other");
  EXPECT_EQ(fail("ListEventBuses", {{"Limit", 0}})["message"],
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have "
            "value greater than or equal to 1");
}

TEST_F(BusesApi, PutAndRemovePermission) {
  ok("PutPermission",
     {{"Action", "events:PutEvents"}, {"Principal", "111122223333"}, {"StatementId", "s1"}});
  ok("PutPermission",
     {{"Action", "events:PutEvents"},
      {"Principal", "*"},
      {"StatementId", "s2"},
      {"Condition", {{"Type", "StringEquals"}, {"Key", "aws:PrincipalOrgID"}, {"Value", "o-1"}}}});
  Json policy = Json::parse(ok("DescribeEventBus", Json::object())["Policy"].get<std::string>());
  EXPECT_EQ(
      policy.dump(),
      R"({"Version":"2012-10-17","Statement":[{"Sid":"s1","Effect":"Allow","Principal":{"AWS":)"
      R"("arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":)"
      R"("arn:aws:events:us-east-1:123456789012:event-bus/default"},{"Sid":"s2","Effect":"Allow",)"
      R"("Principal":"*","Action":"events:PutEvents","Resource":)"
      R"("arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":)"
      R"({"aws:PrincipalOrgID":"o-1"}}}]})");
  ok("RemovePermission", {{"StatementId", "s1"}});
  Json e = fail("RemovePermission", {{"StatementId", "s1"}});
  EXPECT_EQ(e["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e["message"], "Statement with the provided id does not exist.");
  ok("RemovePermission", {{"RemoveAllPermissions", true}});
  EXPECT_FALSE(ok("DescribeEventBus", Json::object()).contains("Policy"));
}

TEST_F(BusesApi, PutPermissionPolicyAndErrors) {
  ok("CreateEventBus", {{"Name", "b"}});
  std::string doc =
      R"({"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"*"}]})";
  ok("PutPermission", {{"EventBusName", "b"}, {"Policy", doc}});
  Json buses = ok("ListEventBuses", {{"NamePrefix", "b"}})["EventBuses"];
  EXPECT_EQ(Json::parse(buses[0]["Policy"].get<std::string>()), Json::parse(doc));
  ok("RemovePermission", {{"EventBusName", "b"}, {"StatementId", "x"}});
  EXPECT_EQ(fail("PutPermission", {{"EventBusName", "nope"},
                                   {"Action", "events:PutEvents"},
                                   {"Principal", "*"},
                                   {"StatementId", "s"}})["message"],
            "Event bus nope does not exist.");
  EXPECT_EQ(
      fail("PutPermission",
           {{"Action", "events:PutRule"}, {"Principal", "*"}, {"StatementId", "s"}})["message"],
      "Provided value in parameter 'action' is not supported.");
  EXPECT_EQ(fail("PutPermission", {{"Policy", "not json"}})["__type"], "ValidationException");
  Json e = fail("PutPermission",
                {{"Principal", "12"}, {"Action", "events:PutEvents"}, {"StatementId", "s"}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value '12' at 'principal' failed to satisfy constraint: "
            "Member must "
            "satisfy regular expression pattern: (\\d{12}|\\*)");
  std::string big(11000, 'x');
  e = fail("PutPermission", {{"Policy", Json{{"Statement", Json::array()}, {"Pad", big}}.dump()}});
  EXPECT_EQ(e["__type"], "PolicyLengthExceededException");
}

}  // namespace
