#include "pattern/case_fold.h"

namespace ebw::pattern {

namespace {

unsigned lowerCodePoint(unsigned cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32;  // Latin-1 capitals, except the sign ×
  // Latin Extended-A pairs (even = capital). U+0130 (İ) and U+0131 (ı) are not a pair: their
  // mappings go to and from ASCII i, so they stay as they are.
  if (cp == 0x130 || cp == 0x131) return cp;
  if (cp >= 0x100 && cp <= 0x137) return cp | 1;
  if (cp >= 0x139 && cp <= 0x148) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x14A && cp <= 0x177) return cp | 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;  // Greek capitals
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                 // Cyrillic capitals
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

void appendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

void appendFolded(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      ++i;
      continue;
    }
    // Only two- and three-byte sequences hold letters with simple case mappings here.
    if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
      unsigned cp = (c & 0x1Fu) << 6 | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      appendUtf8(out, lowerCodePoint(cp));
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
    ++i;
  }
}

}  // namespace ebw::pattern
