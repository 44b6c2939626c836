// resolveDynamicParameters: the Kinesis partition key and API Gateway HttpParameters of a target,
// evaluated against the original (untransformed) event.
#include "transform/event_document.h"
#include "transform/target_input.h"

namespace ebw::transform {

namespace {

const Json* memberOf(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// arn:<partition>:kinesis:<region>:<account>:stream/<name>
bool isKinesisStreamArn(const Json& target) {
  const Json* arn = memberOf(target, "Arn");
  if (!arn || !arn->is_string()) return false;
  const std::string& s = arn->get_ref<const std::string&>();
  if (s.rfind("arn:", 0) != 0) return false;
  std::size_t partitionEnd = s.find(':', 4);
  return partitionEnd != std::string::npos && s.compare(partitionEnd, 9, ":kinesis:") == 0 &&
         s.find(":stream/") != std::string::npos;
}

// A value as a parameter string: strings unquoted, everything else as compact JSON text.
std::string parameterText(const Value& v) {
  return json::validUtf8(v.text);
}

bool isDynamic(const Json& v) {
  return v.is_string() && v.get_ref<const std::string&>().rfind("$.", 0) == 0;
}

// A dynamic value whose path matches nothing becomes "" (unverified).
Json resolveValue(const Json& v, const EventDocument& event) {
  if (!isDynamic(v)) return v;
  return parameterText(event.evaluate(v.get_ref<const std::string&>()));
}

}  // namespace

Json resolveDynamicParameters(const Json& target, std::string_view eventJson) {
  try {
    return resolveDynamicParameters(target, EventDocument(eventJson));
  } catch (const std::exception&) {
    return Json::object();  // allocation failure
  }
}

Json resolveDynamicParameters(const Json& target, const EventDocument& event) {
  Json out = Json::object();
  try {
    const Json* kinesis = memberOf(target, "KinesisParameters");
    if ((kinesis && kinesis->is_object()) || isKinesisStreamArn(target)) {
      std::string key;
      if (kinesis && kinesis->is_object()) {
        const Json* path = memberOf(*kinesis, "PartitionKeyPath");
        if (path && path->is_string()) {
          key = parameterText(event.evaluate(path->get_ref<const std::string&>()));
        }
      }
      // Default, and (unverified) fallback when the path matches nothing: the event id [M].
      if (key.empty()) key = parameterText(event.evaluate("$.id"));
      out["PartitionKey"] = key;
    }

    const Json* http = memberOf(target, "HttpParameters");
    if (http && http->is_object()) {
      Json resolved = *http;
      if (Json* paths =
              resolved.contains("PathParameterValues") ? &resolved["PathParameterValues"] : nullptr;
          paths && paths->is_array()) {
        for (Json& v : *paths) v = resolveValue(v, event);
      }
      for (const char* mapName : {"HeaderParameters", "QueryStringParameters"}) {
        if (!resolved.contains(mapName)) continue;
        Json& map = resolved[mapName];
        if (!map.is_object()) continue;
        for (auto it = map.begin(); it != map.end(); ++it) it.value() = resolveValue(*it, event);
      }
      out["HttpParameters"] = std::move(resolved);
    }
  } catch (const std::exception&) {
    // Only allocation failure can land here; report what was resolved so far.
  }
  return out;
}

}  // namespace ebw::transform
