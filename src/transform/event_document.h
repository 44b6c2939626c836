// An event's JSON text, checked once, with navigation that is cheap however many paths are
// evaluated on it: the members of each object (and the elements of each array) are listed the
// first time a path steps into it and kept, so that a path costs its own length in lookups, not a
// scan of the event. One EventDocument serves every rule, target and path of an event (issue 14:
// 1 rule x 5 targets x 100 paths on a 241 KB event took 1.2-1.8 s when every path re-scanned the
// text).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "transform/json_text.h"
#include "transform/value.h"

namespace ebw::transform {

class EventDocument {
 public:
  // `text` must outlive the document (it is not copied).
  explicit EventDocument(std::string_view text);
  EventDocument(const EventDocument&) = delete;
  EventDocument& operator=(const EventDocument&) = delete;

  bool valid() const { return valid_; }
  std::string_view text() const { return text_; }
  const json::Span& root() const { return root_; }

  // The value at `path` (json_path.h's subset); Missing when the event is not valid JSON.
  Value evaluate(std::string_view path) const;

  // ---- navigation over the validated document (spans of this document only) ----
  // The value of member `key` (the last one when the key repeats, as Jackson keeps it).
  std::optional<json::Span> member(const json::Span& object, std::string_view key) const;
  // Element `index` of an array; a negative index counts from the end.
  std::optional<json::Span> element(const json::Span& array, long long index) const;
  // Every member (decoded key, value) of an object in document order; empty for a non-object.
  const std::vector<std::pair<std::string, json::Span>>& members(const json::Span& object) const;
  // Every element of an array in order; empty for a non-array.
  const std::vector<json::Span>& elements(const json::Span& array) const;

 private:
  struct ObjectTable {
    std::vector<std::pair<std::string, json::Span>> ordered;
    std::unordered_map<std::string_view, std::size_t> last;  // key -> index in `ordered`
  };
  const ObjectTable& objectTable(const json::Span& object) const;

  std::string_view text_;
  bool valid_ = false;
  json::Span root_;
  // By the container's first byte offset; filled on first use.
  mutable std::unordered_map<std::size_t, ObjectTable> objects_;
  mutable std::unordered_map<std::size_t, std::vector<json::Span>> arrays_;
};

}  // namespace ebw::transform
