#include "transform/event_document.h"

#include "common/json_depth.h"
#include "common/limits.h"
#include "transform/json_path.h"

namespace ebw::transform {

EventDocument::EventDocument(std::string_view text) : text_(text) {
  if (jsonDepthWithin(text, kMaxJsonDepth)) {
    json::SyntaxCheck check = json::checkDocument(text, kMaxJsonDepth);
    valid_ = check.ok;
    root_ = check.root;
  }
}

Value EventDocument::evaluate(std::string_view path) const {
  if (!valid_) return Value::missing();
  return evaluatePath(path, *this);
}

const EventDocument::ObjectTable& EventDocument::objectTable(const json::Span& object) const {
  auto found = objects_.find(object.begin);
  if (found != objects_.end()) return found->second;
  ObjectTable& table = objects_[object.begin];
  json::forEachMember(text_, object, [&](const std::string& key, const json::Span& value) {
    table.ordered.emplace_back(key, value);
  });
  // Keys are views of the strings in `ordered`, which is complete and never changes from here.
  for (std::size_t i = 0; i < table.ordered.size(); ++i) {
    table.last[table.ordered[i].first] = i;
  }
  return table;
}

std::optional<json::Span> EventDocument::member(const json::Span& object,
                                                std::string_view key) const {
  if (object.kind != json::Kind::Object) return std::nullopt;
  const ObjectTable& table = objectTable(object);
  auto it = table.last.find(key);
  if (it == table.last.end()) return std::nullopt;
  return table.ordered[it->second].second;
}

const std::vector<std::pair<std::string, json::Span>>& EventDocument::members(
    const json::Span& object) const {
  static const std::vector<std::pair<std::string, json::Span>> none;
  if (object.kind != json::Kind::Object) return none;
  return objectTable(object).ordered;
}

const std::vector<json::Span>& EventDocument::elements(const json::Span& array) const {
  static const std::vector<json::Span> none;
  if (array.kind != json::Kind::Array) return none;
  auto found = arrays_.find(array.begin);
  if (found != arrays_.end()) return found->second;
  std::vector<json::Span>& list = arrays_[array.begin];
  json::forEachElement(text_, array, [&](const json::Span& v) { list.push_back(v); });
  return list;
}

std::optional<json::Span> EventDocument::element(const json::Span& array, long long index) const {
  const std::vector<json::Span>& list = elements(array);
  const auto count = static_cast<long long>(list.size());
  if (index < 0) index += count;
  if (index < 0 || index >= count) return std::nullopt;
  return list[static_cast<std::size_t>(index)];
}

}  // namespace ebw::transform
