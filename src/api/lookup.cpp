#include "api/lookup.h"

#include <cmath>

#include "store/arn.h"

namespace ebw::api {

AwsError ruleNotFound(const std::string& rule, const std::string& bus) {
  return AwsError("ResourceNotFoundException",
                  "Rule " + rule + " does not exist on EventBus " + bus + ".");
}

AwsError busNotFound(const std::string& bus) {
  return AwsError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
}

AwsError managedRule(const std::string& rule, bool forceable) {
  if (forceable) {
    return AwsError("ManagedRuleException",
                    rule + " is a managed rule. Set 'force' parameter to true to override.");
  }
  return AwsError("ManagedRuleException", rule + " is a managed rule and cannot be modified.");
}

AwsError limitExceeded() {
  return AwsError("LimitExceededException",
                  "The requested resource exceeds the maximum number allowed.");
}

std::optional<std::string> optString(const Json& request, const char* member) {
  auto it = request.find(member);
  if (it == request.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

std::string stringOr(const Json& request, const char* member, const std::string& fallback) {
  auto value = optString(request, member);
  return value ? *value : fallback;
}

bool boolOr(const Json& request, const char* member, bool fallback) {
  auto it = request.find(member);
  if (it == request.end() || it->is_null()) return fallback;
  return it->get<bool>();
}

std::string busNameOf(const Json& request, const char* member) {
  auto value = optString(request, member);
  return value ? store::busNameFromNameOrArn(*value) : std::string("default");
}

store::EventBus& requireBus(Context& ctx, const std::string& busName) {
  store::EventBus* bus = ctx.store.findBus(busName);
  if (!bus) throw busNotFound(busName);
  return *bus;
}

store::Rule& requireRule(store::EventBus& bus, const std::string& ruleName) {
  store::Rule* rule = bus.findRule(ruleName);
  if (!rule) throw ruleNotFound(ruleName, bus.name);
  return *rule;
}

std::vector<store::Tag> tagsFromJson(const Json& tags) {
  std::vector<store::Tag> out;
  for (const Json& t : tags) {
    if (t.is_null()) continue;
    store::upsertTag(out, t.at("Key").get<std::string>(), t.at("Value").get<std::string>());
  }
  return out;
}

Json tagsToJson(const std::vector<store::Tag>& tags) {
  Json out = Json::array();
  for (const store::Tag& t : tags) out.push_back(Json{{"Key", t.key}, {"Value", t.value}});
  return out;
}

int64_t epochMillis(const Json& seconds) {
  constexpr double kLimitMs = 253402300799999.0;  // 9999-12-31T23:59:59.999Z
  double ms = std::round(seconds.get<double>() * 1000.0);
  if (!(ms < kLimitMs)) ms = kLimitMs;  // also NaN
  if (ms < -kLimitMs) ms = -kLimitMs;
  return static_cast<int64_t>(ms);
}

Json epochSeconds(int64_t ms) {
  if (ms % 1000 == 0) return Json(ms / 1000);
  return Json(static_cast<double>(ms) / 1000.0);
}

}  // namespace ebw::api
