// Property (issue 14): after any sequence of calls the API accepted, the state document loads into
// a fresh dispatcher and exports again byte for byte. Random sequences from a seeded generator mix
// every state-changing operation with the inputs that once broke the property: policies, JSON
// templates, inputs and unknown members nested up to and past the 1000-level limit, at every place
// they can appear. A failure names the seed and the call.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;
using ebw::api::Dispatcher;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
  }

  // A nesting depth around the limits: shallow, just under, at or just over 1000, or far beyond.
  int depth() {
    static const std::vector<int> depths = {1, 5, 500, 990, 995, 997, 998, 999, 1000, 1001, 1500};
    return pick(depths);
  }

  static Json nested(int depth) {
    Json v = Json::object();
    for (int i = 1; i < depth; ++i) v = Json::array({std::move(v)});
    return v;
  }
  static std::string nestedText(int depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  }

  std::string bus() {
    return pick(std::vector<std::string>{"default", "default", "default", "b1"});
  }
  std::string rule() { return "r" + std::to_string(below(3)); }
  std::string targetId() { return "t" + std::to_string(below(6)); }

  std::string pattern() {
    switch (below(5)) {
      case 0:
        return R"({"source":["a"]})";
      case 1:
        return R"({"detail":{"n":[{"numeric":[">",1]}]}})";
      case 2: {  // as deep as 4096 characters allow
        std::string p = R"({"source":["a"]})";
        for (int i = 0; i < below(600); ++i) p = R"({"d":)" + p + "}";
        return p.size() <= 4096 ? p : R"({"source":["b"]})";
      }
      case 3:
        return R"({"source":[{"prefix":"x"}],"detail-type":[{"anything-but":"y"}]})";
      default:
        return "not a pattern";
    }
  }

  Json unknownMembers(Json obj, int room) {
    if (chance(40)) obj["Unknown" + std::to_string(below(3))] = nested(std::min(depth(), room));
    return obj;
  }

  Json target() {
    Json t = {
        {"Id", targetId()},
        {"Arn", pick(std::vector<std::string>{"arn:aws:sqs:us-east-1:123456789012:q",
                                              "arn:aws:lambda:us-east-1:123456789012:function:f",
                                              "arn:aws:events:us-east-1:123456789012:event-bus/b1",
                                              "arn:aws:kinesis:us-east-1:123456789012:stream/s"})}};
    switch (below(6)) {
      case 0:
        t["Input"] = chance(50) ? nestedText(depth()) : R"({"c":1})";
        break;
      case 1:
        t["InputPath"] = "$.detail";
        break;
      case 2:
        t["InputTransformer"] = {
            {"InputPathsMap", {{"a", "$.detail"}, {"b", "$.id"}}},
            {"InputTemplate", chance(50) ? R"({"x":<a>,"y":<b>})" : nestedText(depth())}};
        break;
      case 3:
        t["HttpParameters"] = {{"HeaderParameters", {{"h", "$.detail.h"}}},
                               {"PathParameterValues", {"$.id"}}};
        break;
      default:
        break;
    }
    if (chance(30)) t["RetryPolicy"] = {{"MaximumRetryAttempts", below(186)}};
    if (chance(20)) {
      t["DeadLetterConfig"] =
          unknownMembers({{"Arn", "arn:aws:sqs:us-east-1:123456789012:d"}}, 990);
    }
    if (chance(10)) {
      t["EcsParameters"] = {{"TaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task/x"},
                            {"NetworkConfiguration",
                             {{"awsvpcConfiguration", unknownMembers({{"Subnets", {"s"}}}, 990)}}}};
    }
    // The request is {"Targets":[{...}]}: 3 levels around a target member.
    return unknownMembers(std::move(t), 996);
  }

  Json policy() {
    Json p = {{"Version", "2012-10-17"}, {"Statement", Json::array()}};
    p["X"] = nested(depth());
    return p;
  }

  // One random call: operation and request.
  std::pair<std::string, Json> call() {
    std::string b = bus();
    switch (below(14)) {
      case 0:
      case 1:
      case 2: {
        Json req = {{"Name", rule()}, {"EventBusName", b}};
        if (chance(80)) {
          req["EventPattern"] = pattern();
        } else {
          req["ScheduleExpression"] = "rate(5 minutes)";
        }
        if (chance(30)) req["State"] = "DISABLED";
        if (chance(30)) req["Tags"] = {{{"Key", "k"}, {"Value", "v"}}};
        return {"PutRule", unknownMembers(std::move(req), 998)};
      }
      case 3:
      case 4:
      case 5: {
        Json targets = Json::array();
        for (int i = below(3); i >= 0; --i) targets.push_back(target());
        return {"PutTargets",
                unknownMembers({{"Rule", rule()}, {"EventBusName", b}, {"Targets", targets}}, 998)};
      }
      case 6:
        return {"RemoveTargets", {{"Rule", rule()}, {"EventBusName", b}, {"Ids", {targetId()}}}};
      case 7:
        return {"DeleteRule", {{"Name", rule()}, {"EventBusName", b}}};
      case 8:
        return {chance(50) ? "EnableRule" : "DisableRule", {{"Name", rule()}, {"EventBusName", b}}};
      case 9: {
        Json req = {{"EventBusName", b}};
        if (chance(60)) {
          req["Policy"] = policy().dump();
        } else {
          req["Action"] = "events:PutEvents";
          req["Principal"] = chance(50) ? "*" : "111122223333";
          req["StatementId"] = "s" + std::to_string(below(3));
        }
        return {"PutPermission", unknownMembers(std::move(req), 998)};
      }
      case 10:
        return {"RemovePermission",
                {{"EventBusName", b}, {"StatementId", "s" + std::to_string(below(3))}}};
      case 11: {
        Json req = {{"Name", chance(50) ? "b1" : "b2"}};
        if (chance(50)) {
          req["DeadLetterConfig"] =
              unknownMembers({{"Arn", "arn:aws:sqs:us-east-1:123456789012:d"}}, 997);
        }
        return {chance(70) ? "CreateEventBus" : "UpdateEventBus",
                unknownMembers(std::move(req), 998)};
      }
      case 12:
        return {"DeleteEventBus", {{"Name", chance(20) ? "b1" : "b2"}}};
      default:
        return {"TagResource",
                {{"ResourceARN", "arn:aws:events:us-east-1:123456789012:rule/" + rule()},
                 {"Tags", {{{"Key", "k" + std::to_string(below(3))}, {"Value", "v"}}}}}};
    }
  }

 private:
  std::mt19937 rng_;
};

ebw::api::Options fixedClock() {
  ebw::api::Options o;
  o.nowMs = [] { return int64_t{1700000000000}; };
  return o;
}

TEST(StateProperty, EveryAcceptedSequenceLoadsAgain) {
  int accepted = 0, refused = 0, deepAccepted = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    Generator gen(seed);
    Dispatcher d(fixedClock());
    for (int step = 0; step < 40; ++step) {
      auto [op, req] = gen.call();
      std::string text = req.dump();
      std::string before = d.exportState();
      auto r = d.call(op, text);
      ASSERT_TRUE(r.httpStatus == 200 || (r.httpStatus >= 400 && r.httpStatus < 500))
          << "seed " << seed << " step " << step << " " << op << ": " << r.body.substr(0, 300);
      if (r.httpStatus != 200) {
        ++refused;
        ASSERT_EQ(d.exportState(), before)
            << "seed " << seed << " step " << step << " " << op << " failed but changed the state";
        continue;
      }
      ++accepted;
      if (text.find("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[") != std::string::npos) {
        ++deepAccepted;
      }
      std::string state = d.exportState();
      Dispatcher fresh(fixedClock());
      try {
        fresh.importState(state);
      } catch (const std::exception& e) {
        FAIL() << "seed " << seed << " step " << step << " " << op << " " << text.substr(0, 200)
               << "...: the state written after it does not load: " << e.what();
      }
      ASSERT_EQ(fresh.exportState(), state) << "seed " << seed << " step " << step << " " << op;
    }
  }
  std::printf("[ figures  ] %d accepted calls (%d with deep members), %d refused\n", accepted,
              deepAccepted, refused);
  EXPECT_GT(accepted, 800);
  EXPECT_GT(deepAccepted, 200);
}

}  // namespace
