// An event's JSON text, checked once, for path evaluation.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/json_depth.h"
#include "common/limits.h"
#include "transform/json_path.h"
#include "transform/json_text.h"
#include "transform/value.h"

namespace ebw::transform {

class EventDocument {
 public:
  explicit EventDocument(std::string_view text) : text_(text) {
    if (jsonDepthWithin(text, kMaxJsonDepth)) {
      json::SyntaxCheck check = json::checkDocument(text, kMaxJsonDepth);
      valid_ = check.ok;
      root_ = check.root;
    }
  }

  bool valid() const { return valid_; }
  std::string_view text() const { return text_; }
  const json::Span& root() const { return root_; }

  // The value at `path`; Missing when the event is not valid JSON.
  Value evaluate(std::string_view path) const {
    if (!valid_) return Value::missing();
    return evaluatePath(path, text_, root_);
  }

  // The value at `path`, evaluated once per distinct path.
  const Value& evaluateCached(const std::string& path) {
    auto it = cache_.find(path);
    if (it == cache_.end()) it = cache_.emplace(path, evaluate(path)).first;
    return it->second;
  }

 private:
  std::string_view text_;
  bool valid_ = false;
  json::Span root_;
  std::map<std::string, Value> cache_;
};

}  // namespace ebw::transform
