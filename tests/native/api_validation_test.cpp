// The dispatcher's handling of malformed and hostile requests: every failure is an AWS-form error,
// never a crash, and never leaves partial state.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

Json body(const ebw::api::Response& r) {
  return Json::parse(r.body);
}

TEST(ApiValidation, UnknownOperationAndMalformedJson) {
  ebw::api::Dispatcher d;
  auto r = d.call("CreateEndpoint", "{}");  // global endpoints are not emulated
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(body(r)["__type"], "UnknownOperationException");
  r = d.call("PutRule", "{\"Name\":");
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(body(r)["__type"], "SerializationException");
  r = d.call("PutRule", "[]");
  EXPECT_EQ(body(r)["__type"], "SerializationException");
  r = d.call("ListRules", "");  // empty body: no members
  EXPECT_EQ(r.httpStatus, 200);
  EXPECT_EQ(r.body, R"({"Rules":[]})");
}

TEST(ApiValidation, WrongMemberTypesAreSerializationErrors) {
  ebw::api::Dispatcher d;
  auto r = d.call("PutRule", R"({"Name":5,"EventPattern":"{}"})");
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(body(r)["__type"], "SerializationException");
  EXPECT_EQ(body(r)["message"], "NUMBER_VALUE can not be converted to a String");
  EXPECT_EQ(body(d.call("PutRule", R"({"Name":{"a":1}})"))["__type"], "SerializationException");
  EXPECT_EQ(body(d.call("ListRules", R"({"Limit":"5"})"))["message"],
            "STRING_VALUE can not be converted to an Integer");
  EXPECT_EQ(body(d.call("ListRules", R"({"Limit":1.5})"))["__type"], "SerializationException");
  EXPECT_EQ(body(d.call("DeleteRule", R"({"Name":"r","Force":"yes"})"))["__type"],
            "SerializationException");
  EXPECT_EQ(body(d.call("PutTargets", R"({"Rule":"r","Targets":{"Id":"x"}})"))["__type"],
            "SerializationException");
  EXPECT_EQ(body(d.call("PutTargets", R"({"Rule":"r","Targets":["x"]})"))["__type"],
            "SerializationException");
  EXPECT_EQ(body(d.call("ListRules", R"({"Limit":1e300})"))["__type"], "SerializationException");
  // Nulls are absent members; unknown members are ignored.
  auto ok = d.call("ListRules", R"({"NamePrefix":null,"Whatever":[1,2]})");
  EXPECT_EQ(ok.httpStatus, 200);
}

TEST(ApiValidation, ConstraintMessagesInAwsForm) {
  ebw::api::Dispatcher d;
  auto r = d.call("PutRule", R"({"Name":"bad name!","EventPattern":"{}"})");
  EXPECT_EQ(body(r)["message"],
            "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy "
            "constraint: Member must "
            "satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  std::string longBad(65, '!');
  r = d.call("PutRule", Json{{"Name", longBad}, {"State", "ON"}}.dump());
  EXPECT_EQ(
      body(r)["message"],
      "3 validation errors detected: Value '" + longBad +
          "' at 'name' failed to satisfy constraint: Member must satisfy regular expression "
          "pattern: "
          "[\\.\\-_A-Za-z0-9]+; Value '" +
          longBad +
          "' at 'name' failed to satisfy constraint: Member must have length less than or equal to "
          "64; "
          "Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: "
          "[ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
  r = d.call("PutRule", Json{{"Name", "r"}, {"EventPattern", std::string(4097, ' ')}}.dump());
  EXPECT_NE(body(r)["message"].get<std::string>().find(
                "Member must have length less than or equal to 4096"),
            std::string::npos);
  r = d.call("DescribeRule", "{}");
  EXPECT_EQ(body(r)["message"],
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null");
  r = d.call("ListRules",
             R"({"EventBusName":"arn:aws:events:us-east-1:123456789012:event-bus/default"})");
  EXPECT_EQ(r.httpStatus, 200);
  r = d.call("ListRules",
             R"({"EventBusName":"arn:aws:events:useast1:123456789012:event-bus/default"})");
  EXPECT_EQ(body(r)["__type"], "ValidationException");
}

TEST(ApiValidation, LengthsCountUtf16UnitsLikeAws) {
  ebw::api::Dispatcher d;
  // 64 two-byte characters are 64 units; 33 astral characters are 66 units.
  std::string desc;
  for (int i = 0; i < 512; ++i) desc += "\xc3\xa9";
  EXPECT_EQ(
      d.call("PutRule", Json{{"Name", "r"}, {"EventPattern", "{}"}, {"Description", desc}}.dump())
          .httpStatus,
      d.call("PutRule", Json{{"Name", "r"}, {"EventPattern", "{}"}, {"Description", "x"}}.dump())
          .httpStatus);
  std::string astral;
  for (int i = 0; i < 257; ++i) astral += "\xf0\x9f\x98\x80";
  auto r = d.call("PutRule",
                  Json{{"Name", "r"}, {"EventPattern", "{}"}, {"Description", astral}}.dump());
  EXPECT_EQ(body(r)["__type"], "ValidationException");
}

TEST(ApiValidation, DeepAndHugeInputsDoNotCrash) {
  ebw::api::Dispatcher d;
  std::string deep(200000, '[');
  auto r = d.call("PutRule", deep);
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(body(r)["__type"], "SerializationException");
  std::string deepMember =
      R"({"Name":"r","Tags":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_EQ(d.call("PutRule", deepMember).httpStatus, 400);
  std::string huge(5 * 1024 * 1024, 'a');
  r = d.call("PutRule", Json{{"Name", huge}}.dump());
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(body(r)["__type"], "ValidationException");
  // Pattern nested deeper than any parser will take.
  std::string deepPattern = std::string(3000, '{') + std::string(3000, '}');
  r = d.call("PutRule", Json{{"Name", "r"}, {"EventPattern", deepPattern}}.dump());
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(d.call("ListRules", "{}").body, R"({"Rules":[]})");
}

TEST(ApiValidation, FailedCallsLeaveNoPartialState) {
  ebw::api::Dispatcher d;
  d.call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"a\"]}"})");
  std::string before = d.exportState();
  // The second target is invalid: the first must not be stored either.
  auto r = d.call(
      "PutTargets",
      R"({"Rule":"r","Targets":[{"Id":"a","Arn":"x"},{"Id":"b","Arn":"x","Input":"{}","InputPath":"$"}]})");
  EXPECT_EQ(r.httpStatus, 400);
  r = d.call(
      "PutTargets",
      R"({"Rule":"r","Targets":[{"Id":"1","Arn":"x"},{"Id":"2","Arn":"x"},{"Id":"3","Arn":"x"},{"Id":"4","Arn":"x"},{"Id":"5","Arn":"x"},{"Id":"6","Arn":"x"}]})");
  EXPECT_EQ(body(r)["__type"], "LimitExceededException");
  r = d.call(
      "TagResource",
      R"({"ResourceARN":"arn:aws:events:us-east-1:123456789012:rule/r","Tags":[{"Key":"a","Value":"1"},{"Key":"","Value":"2"}]})");
  EXPECT_EQ(r.httpStatus, 400);
  EXPECT_EQ(d.exportState(), before);
}

TEST(ApiValidation, ClockAndIdsComeFromOptions) {
  ebw::api::Options o;
  int64_t now = 1234567890000;
  o.nowMs = [&now] { return now; };
  o.accountId = "111122223333";
  o.region = "eu-west-1";
  ebw::api::Dispatcher d(o);
  now += 1000;
  d.call("CreateEventBus", R"({"Name":"b"})");
  Json b = body(d.call("DescribeEventBus", R"({"Name":"b"})"));
  EXPECT_EQ(b["CreationTime"], 1234567891);
  EXPECT_EQ(b["Arn"], "arn:aws:events:eu-west-1:111122223333:event-bus/b");
  ebw::api::Dispatcher cn([] {
    ebw::api::Options c;
    c.region = "cn-north-1";
    return c;
  }());
  EXPECT_EQ(body(cn.call("DescribeEventBus", "{}"))["Arn"],
            "arn:aws-cn:events:cn-north-1:123456789012:event-bus/default");
  // The default id source produces UUID v4 text.
  std::string id = cn.options().newId();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
}

}  // namespace
