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

std::optional<std::string> renderTransformer(const Json& transformer, EventDocument& event,
                                             const TransformContext& ctx) {
  const Json* tmpl = memberOf(transformer, "InputTemplate");
  if (!tmpl || !tmpl->is_string()) return std::nullopt;
  const Json* map = memberOf(transformer, "InputPathsMap");
  if (map && !map->is_object()) map = nullptr;

  const PredefinedContext predefinedCtx{ctx.ruleArn, ctx.ruleName, ctx.ingestionTime};
  std::map<std::string, Value, std::less<>> predefined;
  const Value missing = Value::missing();

  PlaceholderLookup lookup = [&](std::string_view name) -> const Value* {
    // Predefined variables cannot be overwritten by InputPathsMap entries.
    auto p = predefined.find(name);
    if (p != predefined.end()) return &p->second;
    if (std::optional<Value> v = predefinedValue(name, event.text(), event.root(), predefinedCtx)) {
      return &predefined.emplace(std::string(name), std::move(*v)).first->second;
    }
    if (!map) return nullptr;
    auto it = map->find(std::string(name));
    if (it == map->end()) return nullptr;
    if (!it->is_string()) return &missing;
    return &event.evaluateCached(it->get<std::string>());
  };
  return substituteTemplate(tmpl->get_ref<const std::string&>(), lookup);
}

}  // namespace

std::optional<std::string> renderTargetInput(const Json& target, std::string_view eventJson,
                                             const TransformContext& ctx) {
  try {
    // Input wins over the others, which PutTargets never lets coexist with it.
    if (const Json* input = memberOf(target, "Input")) {
      if (!input->is_string()) return std::nullopt;
      return input->get<std::string>();
    }
    const Json* inputPath = memberOf(target, "InputPath");
    const Json* transformer = memberOf(target, "InputTransformer");
    if (!inputPath && !transformer) return std::string(eventJson);

    EventDocument event(eventJson);
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
