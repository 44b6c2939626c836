// The JSONPath subset EventBridge evaluates for InputPath, InputPathsMap values and dynamic target
// parameters: $, .name (any characters but '.' and '['; e.g. $.detail-type), [index] (negative
// counts from the end), ['name'] / ["name"], and the wildcards .* and [*]. A path with a wildcard
// is "indefinite" and yields the list of its matches, as Jayway JsonPath does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transform/json_text.h"
#include "transform/value.h"

namespace ebw::transform {

struct PathSegment {
  enum class Type { Name, Index, Wildcard };
  Type type = Type::Name;
  std::string name;
  long long index = 0;
};

struct JsonPath {
  std::vector<PathSegment> segments;
  bool indefinite = false;  // contains a wildcard
};

// std::nullopt when the text is not a path of the supported subset.
std::optional<JsonPath> parseJsonPath(std::string_view path);

class EventDocument;

// Evaluates `path` against a valid document (EventDocument::evaluate calls this). A definite path
// that leads nowhere, or a path outside the subset, gives a Missing value; an indefinite path gives
// an Array of its matches (possibly empty).
Value evaluatePath(std::string_view path, const EventDocument& doc);

}  // namespace ebw::transform
