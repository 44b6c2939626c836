// UTF-8 as the core reads and writes it. Text arrives as UTF-8 bytes; AWS's engine (Java) sees
// UTF-16 code units, so positions and lengths reported the way AWS reports them count units: one
// for a code point up to U+FFFF, two above. A byte that does not start a well-formed sequence
// counts as one character, the U+FFFD that Java's decoder would have made of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ebw::utf8 {

// Decodes the well-formed sequence at s[i] (no overlong form, no surrogate, at most U+10FFFF):
// returns its length in bytes and sets `cp`, or returns 0 when the bytes there are ill-formed.
inline std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const unsigned char u = static_cast<unsigned char>(s[i]);
  if (u < 0x80) {
    cp = u;
    return 1;
  }
  std::size_t len = u >= 0xC2 && u <= 0xDF   ? 2
                    : u >= 0xE0 && u <= 0xEF ? 3
                    : u >= 0xF0 && u <= 0xF4 ? 4
                                             : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t c = u & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = c << 6 | (b & 0x3F);
  }
  if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
      (len == 4 && (c < 0x10000 || c > 0x10FFFF))) {
    return 0;
  }
  cp = c;
  return len;
}

// Appends `cp` encoded as UTF-8. A surrogate code point (a lone one from a \u escape) is written
// with the three-byte form, as the JSON readers of the core keep it.
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16 code units of s[from, to).
inline std::size_t utf16Units(std::string_view s, std::size_t from, std::size_t to) {
  std::size_t units = 0;
  char32_t cp = 0;
  for (std::size_t i = from; i < to && i < s.size();) {
    const std::size_t len = decode(s, i, cp);
    units += len == 4 ? 2 : 1;
    i += len == 0 ? 1 : len;
  }
  return units;
}

// `s` with every ill-formed byte replaced by U+FFFD, so that it can go into a JSON answer.
inline std::string valid(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = decode(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace ebw::utf8
