#include "transform/predefined.h"

#include <vector>

namespace ebw::transform {

namespace {

constexpr std::string_view kRuleArn = "aws.events.rule-arn";
constexpr std::string_view kRuleName = "aws.events.rule-name";
constexpr std::string_view kIngestionTime = "aws.events.event.ingestion-time";
constexpr std::string_view kEvent = "aws.events.event";
constexpr std::string_view kEventJson = "aws.events.event.json";

void appendKey(std::string& out, std::string_view key) {
  if (out.size() > 1) out += ',';
  out += '"';
  json::appendEscaped(out, key);
  out += "\":";
}

// <aws.events.event>: the AWS-recorded shape (LocalStack AWS-validated snapshot
// test_input_transformer_predefined_variables): no detail, detailType, the ingestion time as time,
// this key order. Keys beyond the standard envelope (none in a normal event) follow in event order
// (unverified).
std::string eventWithoutDetail(const EventDocument& event, std::string_view ingestionTime) {
  std::string_view text = event.text();
  const json::Span& root = event.root();
  std::string out = "{";
  auto copyMember = [&](std::string_view eventKey, std::string_view outKey) {
    if (std::optional<json::Span> v = event.member(root, eventKey)) {
      appendKey(out, outKey);
      json::appendCompact(out, text, *v);
    }
  };
  copyMember("id", "id");
  copyMember("account", "account");
  copyMember("detail-type", "detailType");
  if (!ingestionTime.empty()) {
    appendKey(out, "time");
    out += '"';
    json::appendEscaped(out, ingestionTime);
    out += '"';
  } else {
    copyMember("time", "time");
  }
  copyMember("source", "source");
  copyMember("region", "region");
  copyMember("resources", "resources");
  copyMember("version", "version");
  std::vector<std::string> extras;
  for (const auto& m : event.members(root)) {
    const std::string& key = m.first;
    static const char* const kKnown[] = {"id",     "account",   "detail-type", "time",  "source",
                                         "region", "resources", "version",     "detail"};
    bool skip = false;
    for (const char* k : kKnown) skip = skip || key == k;
    for (const std::string& seen : extras) skip = skip || seen == key;
    if (!skip) extras.push_back(key);
  }
  // A repeated key keeps its first position and its last value, as in Jackson's ObjectNode.
  for (const std::string& key : extras) copyMember(key, key);
  out += '}';
  return out;
}

}  // namespace

bool isPredefinedVariable(std::string_view name) {
  return name == kRuleArn || name == kRuleName || name == kIngestionTime || name == kEvent ||
         name == kEventJson;
}

std::optional<Value> predefinedValue(std::string_view name, const EventDocument& event,
                                     const PredefinedContext& ctx) {
  std::string_view eventText = event.text();
  const json::Span& eventRoot = event.root();
  if (name == kRuleArn) return Value::string(std::string(ctx.ruleArn));
  if (name == kRuleName) return Value::string(std::string(ctx.ruleName));
  if (name == kIngestionTime) {
    if (!ctx.ingestionTime.empty()) return Value::string(std::string(ctx.ingestionTime));
    std::optional<json::Span> time = event.member(eventRoot, "time");
    return time ? Value::fromSpan(eventText, *time) : Value::missing();
  }
  if (name == kEvent) {
    if (eventRoot.kind != json::Kind::Object) return Value::fromSpan(eventText, eventRoot);
    return Value{Value::Kind::Object, eventWithoutDetail(event, ctx.ingestionTime)};
  }
  if (name == kEventJson) return Value::fromSpan(eventText, eventRoot);
  return std::nullopt;
}

}  // namespace ebw::transform
