// Fills an InputTemplate's placeholders with values, following what AWS delivered:
//
//   value        | JSON template, unquoted | JSON template, inside "..." | string template
//   -------------+-------------------------+-----------------------------+------------------------
//   string       | "text" (JSON string)    | text, not escaped           | text, not escaped
//   object/array | the JSON inserted       | the JSON inserted (its      | the JSON with every "
//                |                         | quotes break the string, so | removed: {a:b}, [x,y]
//                |                         | the event is not delivered) |
//   number/bool  | as in the event         | as in the event             | as in the event
//   null         | null                    | null                        | null
//   missing path | ""                      | (empty)                     | (empty)
//
// A JSON template's result is minified and must be valid JSON, otherwise nothing is delivered.
// A string template's result is delivered as it is, whatever it contains.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "transform/value.h"

namespace ebw::transform {

// Returns the value for a placeholder name, or nullptr when the name is unknown (its text is then
// left in place).
using PlaceholderLookup = std::function<const Value*(std::string_view name)>;

// Upper bound on a rendered payload. Repeating a large value in a template could otherwise build
// an arbitrarily large text; beyond this bound nothing is delivered. EventBridge rejects events
// over 256 KB, and no target accepts a payload of this size.
constexpr std::size_t kMaxRenderedBytes = 4 * 1024 * 1024;

std::optional<std::string> substituteTemplate(std::string_view tmpl,
                                              const PlaceholderLookup& lookup);

}  // namespace ebw::transform
