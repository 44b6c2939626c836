// A cheap pre-check of JSON nesting depth, run before handing text to a recursive consumer.
#pragma once

#include <string_view>

namespace ebw {

// True when no object/array in `text` nests deeper than `maxDepth`. Brackets inside strings are
// ignored; the text need not be valid JSON (the real parser reports syntax errors).
inline bool jsonDepthWithin(std::string_view text, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > maxDepth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace ebw
