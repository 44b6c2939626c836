// TagResource, UntagResource, ListTagsForResource on rules and buses.
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

class TagsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ok("CreateEventBus", {{"Name", "b"}});
    ok("PutRule", {{"Name", "r"}, {"EventBusName", "b"}, {"EventPattern", R"({"source":["a"]})"}});
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
  static Json tags(std::initializer_list<std::pair<const char*, const char*>> kv) {
    Json out = Json::array();
    for (auto& p : kv) out.push_back({{"Key", p.first}, {"Value", p.second}});
    return out;
  }
  ebw::api::Dispatcher d;
  const std::string ruleArn = "arn:aws:events:us-east-1:123456789012:rule/b/r";
  const std::string busArn = "arn:aws:events:us-east-1:123456789012:event-bus/b";
};

TEST_F(TagsApi, TagUntagListOnRuleAndBus) {
  for (const std::string& arn : {ruleArn, busArn}) {
    ok("TagResource", {{"ResourceARN", arn}, {"Tags", tags({{"a", "1"}, {"b", "2"}})}});
    ok("TagResource",
       {{"ResourceARN", arn}, {"Tags", tags({{"a", "3"}})}});  // overwrite keeps position
    EXPECT_EQ(ok("ListTagsForResource", {{"ResourceARN", arn}})["Tags"],
              tags({{"a", "3"}, {"b", "2"}}));
    ok("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"a", "zz"}}});
    EXPECT_EQ(ok("ListTagsForResource", {{"ResourceARN", arn}})["Tags"], tags({{"b", "2"}}));
  }
}

TEST_F(TagsApi, FiftyTagsMax) {
  Json many = Json::array();
  for (int i = 0; i < 50; ++i) many.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  ok("TagResource", {{"ResourceARN", busArn}, {"Tags", many}});
  Json e = fail("TagResource", {{"ResourceARN", busArn}, {"Tags", tags({{"one-more", "v"}})}});
  EXPECT_EQ(e["__type"], "LimitExceededException");
  EXPECT_EQ(ok("ListTagsForResource", {{"ResourceARN", busArn}})["Tags"].size(), 50u);
}

TEST_F(TagsApi, MissingResources) {
  EXPECT_EQ(fail("ListTagsForResource",
                 {{"ResourceARN", "arn:aws:events:us-east-1:123456789012:rule/nope"}})["message"],
            "Rule nope does not exist on EventBus default.");
  EXPECT_EQ(fail("ListTagsForResource",
                 {{"ResourceARN", "arn:aws:events:us-east-1:123456789012:rule/b/nope"}})["message"],
            "Rule nope does not exist on EventBus b.");
  EXPECT_EQ(
      fail("TagResource", {{"ResourceARN", "arn:aws:events:us-east-1:123456789012:event-bus/nope"},
                           {"Tags", tags({{"a", "1"}})}})["message"],
      "Event bus nope does not exist.");
  // Another account's bus does not exist here.
  EXPECT_EQ(fail("ListTagsForResource",
                 {{"ResourceARN", "arn:aws:events:us-east-1:999999999999:event-bus/b"}})["__type"],
            "ResourceNotFoundException");
  EXPECT_EQ(fail("ListTagsForResource", {{"ResourceARN", "not-an-arn"}})["__type"],
            "ValidationException");
  Json e =
      fail("TagResource", {{"ResourceARN", busArn}, {"Tags", {{{"Key", ""}, {"Value", "v"}}}}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy "
            "constraint: Member "
            "must have length greater than or equal to 1");
  e = fail("UntagResource", {{"ResourceARN", busArn}, {"TagKeys", {std::string(129, 'k')}}});
  EXPECT_EQ(e["message"],
            "1 validation error detected: Value '[" + std::string(129, 'k') +
                "]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: "
                "[Member must have length less than or equal to 128]");
}

TEST_F(TagsApi, DeletedRuleLosesItsTags) {
  ok("TagResource", {{"ResourceARN", ruleArn}, {"Tags", tags({{"a", "1"}})}});
  ok("DeleteRule", {{"Name", "r"}, {"EventBusName", "b"}});
  ok("PutRule", {{"Name", "r"}, {"EventBusName", "b"}, {"EventPattern", R"({"source":["a"]})"}});
  EXPECT_EQ(ok("ListTagsForResource", {{"ResourceARN", ruleArn}})["Tags"].size(), 0u);
}

}  // namespace
