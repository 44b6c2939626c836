#include "common/json_parse.h"

#include "common/json_depth.h"

namespace ebw {

JsonParse parseJson(std::string_view text, JsonLimits limits) {
  JsonParse out;
  if (limits.maxBytes != 0 && text.size() > limits.maxBytes) {
    out.error = JsonParseError::TooLarge;
    return out;
  }
  // The depth check runs before the recursive parser ever sees the text.
  if (!jsonDepthWithin(text, limits.maxDepth)) {
    out.error = JsonParseError::TooDeep;
    return out;
  }
  out.value = Json::parse(text, nullptr, false);
  if (out.value.is_discarded()) {
    out.value = Json();
    out.error = JsonParseError::Syntax;
  }
  return out;
}

}  // namespace ebw
