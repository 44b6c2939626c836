#include "pattern/case_fold.h"

#include <algorithm>

#include "common/utf8.h"
#include "pattern/unicode_tables.h"

namespace ebw::pattern {

using unicode::FoldRun;

char32_t foldCodePoint(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  const FoldRun* end = unicode::kFoldRuns + unicode::kFoldRunCount;
  // The last run starting at or before cp.
  const FoldRun* run = std::upper_bound(unicode::kFoldRuns, end, cp,
                                        [](char32_t c, const FoldRun& r) { return c < r.first; });
  if (run == unicode::kFoldRuns) return cp;
  --run;
  if (cp > run->last || (cp - run->first) % run->stride != 0) return cp;
  return static_cast<char32_t>(static_cast<int64_t>(cp) + run->delta);
}

bool hasCaseVariants(char32_t cp) {
  if (foldCodePoint(cp) != cp) return true;
  // A representative: some other character folds to it.
  for (std::size_t i = 0; i < unicode::kFoldRunCount; ++i) {
    const FoldRun& r = unicode::kFoldRuns[i];
    const int64_t from = static_cast<int64_t>(cp) - r.delta;
    if (from >= r.first && from <= r.last && (from - r.first) % r.stride == 0) return true;
  }
  return false;
}

void appendFolded(std::string& out, std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // A run of ASCII: the common case, no decoding and no table.
    for (; i < n && static_cast<unsigned char>(text[i]) < 0x80; ++i) {
      const char c = text[i];
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    }
    if (i == n) break;
    char32_t cp = 0;
    const std::size_t len = utf8::decode(text, i, cp);
    if (len == 0) {
      out += text[i++];
      continue;
    }
    const char32_t f = foldCodePoint(cp);
    if (f == cp) {
      out.append(text, i, len);
    } else {
      utf8::append(out, f);
    }
    i += len;
  }
}

}  // namespace ebw::pattern
