// The wildcard operator: `*` matches any run of characters, `\*` a literal star, `\\` a backslash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ebw::pattern {

struct Wildcard {
  // Literal pieces between stars; a star sits between every two pieces. `leadingStar` and
  // `trailingStar` say whether the value starts or ends with a star.
  std::vector<std::string> pieces;
  bool leadingStar = false;
  bool trailingStar = false;
};

// Parses a wildcard value. On failure returns false and sets `reason` to Ruler's message
// ("Invalid escape character at pos N" or "Consecutive wildcard characters at pos N"). How complex
// a rule's wildcards are together is measured once the rule is built (wildcard_complexity.h).
bool parseWildcard(std::string_view text, Wildcard& out, std::string& reason);

bool wildcardMatches(const Wildcard& w, std::string_view value);

}  // namespace ebw::pattern
