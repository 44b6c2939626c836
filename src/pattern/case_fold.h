// Case-insensitive comparison for equals-ignore-case and its prefix/suffix/anything-but forms.
// AWS's engine accepts, per character, either its lower- or upper-case form (simple per-character
// mapping, not full Unicode folding). We fold both sides to lower case with the simple mappings of
// ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other scripts compare exactly.
#pragma once

#include <string>
#include <string_view>

namespace ebw::pattern {

// Appends the lower-case form of UTF-8 `text` to `out` (invalid bytes are copied unchanged).
void appendFolded(std::string& out, std::string_view text);

inline std::string folded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  appendFolded(out, text);
  return out;
}

}  // namespace ebw::pattern
