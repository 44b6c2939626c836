#include "common/jackson_location.h"

#include <cstdio>

#include "common/utf8.h"

namespace ebw {

namespace {

constexpr std::size_t kMaxSnippet = 500;  // Jackson's default maximum of quoted source
const char* const kReplacement = "\xEF\xBF\xBD";

// Appends one character of the quoted source the way Jackson's ContentReference writes it.
void appendQuoted(std::string& out, char32_t cp) {
  if ((cp < 0x20 && cp != '\r' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
    out += buf;
  } else {
    utf8::append(out, cp);
  }
}

}  // namespace

std::string jacksonLocation(std::string_view text, std::size_t line, std::size_t column) {
  std::string out = "[Source: (String)\"";
  std::size_t units = 0;
  char32_t cp = 0;
  std::size_t i = 0;
  while (i < text.size() && units < kMaxSnippet) {
    const std::size_t len = utf8::decode(text, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++units;
      ++i;
    } else if (len == 4 && units + 1 == kMaxSnippet) {
      // The cut falls between the two halves of a surrogate pair: Java quotes the high half alone,
      // which its UTF-8 encoder writes as '?'.
      out += '?';
      ++units;
    } else {
      appendQuoted(out, cp);
      units += len == 4 ? 2 : 1;
      i += len;
    }
  }
  out += '"';
  const std::size_t total = utf8::utf16Units(text, 0, text.size());
  if (total > kMaxSnippet) out += "[truncated " + std::to_string(total - kMaxSnippet) + " chars]";
  out += "; line: " + std::to_string(line) + ", column: " + std::to_string(column) + "]";
  return out;
}

}  // namespace ebw
