// renderTargetInput: what a target receives for an event.
#include "transform/target_input.h"

#include <map>

#include "transform/event_document.h"
#include "transform/predefined.h"
#include "transform/substitute.h"

namespace ebw::transform {

namespace {

const Json* memberOf(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> renderTransformer(const Json& transformer, const EventDocument& event,
                                             const TransformContext& ctx) {
  const Json* tmpl = memberOf(transformer, "InputTemplate");
  if (!tmpl || !tmpl->is_string()) return std::nullopt;
  const Json* map = memberOf(transformer, "InputPathsMap");
  if (map && !map->is_object()) map = nullptr;

  const PredefinedContext predefinedCtx{ctx.ruleArn, ctx.ruleName, ctx.ingestionTime};
  // Values by placeholder name, each built once per rendering (a template may repeat one).
  std::map<std::string, Value, std::less<>> values;
  const Value missing = Value::missing();

  PlaceholderLookup lookup = [&](std::string_view name) -> const Value* {
    auto known = values.find(name);
    if (known != values.end()) return &known->second;
    // Predefined variables cannot be overwritten by InputPathsMap entries.
    if (std::optional<Value> v = predefinedValue(name, event, predefinedCtx)) {
      return &values.emplace(std::string(name), std::move(*v)).first->second;
    }
    if (!map) return nullptr;
    auto it = map->find(std::string(name));
    if (it == map->end()) return nullptr;
    if (!it->is_string()) return &missing;
    return &values.emplace(std::string(name), event.evaluate(it->get_ref<const std::string&>()))
                .first->second;
  };
  return substituteTemplate(tmpl->get_ref<const std::string&>(), lookup);
}

}  // namespace

bool deliversWholeEvent(const Json& target) {
  return !memberOf(target, "Input") && !memberOf(target, "InputPath") &&
         !memberOf(target, "InputTransformer");
}

std::optional<std::string> renderTargetInput(const Json& target, std::string_view eventJson,
                                             const TransformContext& ctx) {
  try {
    if (deliversWholeEvent(target)) return std::string(eventJson);
    return renderTargetInput(target, EventDocument(eventJson), ctx);
  } catch (const std::exception&) {
    return std::nullopt;  // allocation failure (see below)
  }
}

std::optional<std::string> renderTargetInput(const Json& target, const EventDocument& event,
                                             const TransformContext& ctx) {
  try {
    // Input wins over the others, which PutTargets never lets coexist with it.
    if (const Json* input = memberOf(target, "Input")) {
      if (!input->is_string()) return std::nullopt;
      return input->get<std::string>();
    }
    const Json* inputPath = memberOf(target, "InputPath");
    const Json* transformer = memberOf(target, "InputTransformer");
    if (!inputPath && !transformer) return std::string(event.text());
    if (!event.valid()) return std::nullopt;

    if (inputPath) {
      if (!inputPath->is_string()) return std::nullopt;
      // A path that matches nothing delivers nothing (unverified: no AWS record; Jayway JsonPath,
      // which AWS's path syntax follows, fails on a missing definite path).
      Value v = event.evaluate(inputPath->get_ref<const std::string&>());
      if (v.kind == Value::Kind::Missing) return std::nullopt;
      return v.jsonText();
    }
    if (!transformer->is_object()) return std::nullopt;
    return renderTransformer(*transformer, event, ctx);
  } catch (const std::exception&) {
    // Allocation failure on a pathological template: nothing is delivered.
    return std::nullopt;
  }
}

}  // namespace ebw::transform
