#include "match/event_scanner.h"

#include <cstring>

#include "common/utf8.h"
#include "match/byte_masks.h"

namespace ebw::match {

namespace {

// ---- eight bytes at a time (SWAR; little-endian, as x86 and WebAssembly are) ----

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

inline uint64_t load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// High bit set in each byte of `v` below `n` (n <= 128). Exact for the lowest flagged byte; bytes
// above it may be flagged spuriously (borrows), so only the first flag is ever used.
inline uint64_t bytesBelow(uint64_t v, uint8_t n) {
  return (v - kOnes * n) & ~v & kHighs;
}

inline uint64_t bytesEqual(uint64_t v, uint8_t c) {
  return bytesBelow(v ^ (kOnes * c), 1);
}

inline unsigned firstFlagged(uint64_t mask) {
  return static_cast<unsigned>(__builtin_ctzll(mask)) >> 3;
}

// Non-zero in each byte of `v` that is not an ASCII digit; the lowest such byte is exact.
inline uint64_t nonDigits(uint64_t v) {
  constexpr uint64_t high = 0xF0F0F0F0F0F0F0F0ULL, threes = 0x3030303030303030ULL;
  return ((v & high) ^ threes) | (((v + 0x0606060606060606ULL) & high) ^ threes);
}

inline bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

inline int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The primitives below take the position as a pointer `p` into the text, which ends at `e`, and
// return the position after what they consumed, or nullptr when the text is not valid there.
// Working on locals (not on members, which every byte store could alias) keeps the position in a
// register.

inline bool isSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

inline const char* skipSpace(const char* p, const char* e) {
  // Compact JSON has none: one comparison decides (every byte above ' ' ends the space).
  if (p<e&& static_cast<unsigned char>(*p)> ' ') return p;
  while (p < e && isSpace(*p)) ++p;
  return p;
}

// The first byte at or after `p` that ends a plain run of string content: '"', '\\', a control
// character, or `e`.
inline bool plainByte(char c) {
  return c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
}

inline const char* plainRun(const char* p, const char* e) {
  // Keys and values are often a few bytes long: two bytes one by one before more at a time.
  if (p >= e || !plainByte(*p)) return p;
  if (++p >= e || !plainByte(*p)) return p;
  ++p;
#if EBW_BYTE_MASKS
  while (e - p >= 16) {
    const uint32_t stops = stringStopMask16(p);
    if (stops) return p + __builtin_ctz(stops);
    p += 16;
  }
#endif
  while (e - p >= 8) {
    uint64_t v = load8(p);
    uint64_t m = bytesEqual(v, '"') | bytesEqual(v, '\\') | bytesBelow(v, 0x20);
    if (m) return p + firstFlagged(m);
    p += 8;
  }
  while (p < e) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++p;
  }
  return p;
}

// An escape whose backslash is at `p`.
inline const char* escape(const char* p, const char* e) {
  if (++p >= e) return nullptr;
  char c = *p;
  if (c == 'u') {
    if (e - p <= 4) return nullptr;
    for (int k = 1; k <= 4; ++k) {
      if (hexDigit(p[k]) < 0) return nullptr;
    }
    return p + 5;
  }
  if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' && c != 'r' &&
      c != 't') {
    return nullptr;
  }
  return p + 1;
}

// The rest of a string whose opening quote is just before `p`: returns the closing quote's
// position (nullptr: invalid); sets `escaped` when the body has escapes.
inline const char* stringBody(const char* p, const char* e, bool& escaped) {
  while (true) {
    p = plainRun(p, e);
    if (p >= e) return nullptr;
    if (*p == '"') return p;
    if (*p != '\\') return nullptr;  // a control character
    escaped = true;
    p = escape(p, e);
    if (!p) return nullptr;
  }
}

// A string whose opening quote is at `p`.
inline const char* skipString(const char* p, const char* e) {
  bool escaped = false;
  p = stringBody(p + 1, e, escaped);
  return p ? p + 1 : nullptr;
}

// One or more digits. Eight bytes at a time from the first: one step finds the end of a short
// run as cheaply as three single-byte steps, and fractions (coordinates, prices) are long.
inline const char* digits(const char* p, const char* e) {
  const char* start = p;
  while (e - p >= 8) {
    uint64_t m = nonDigits(load8(p));
    if (m) {
      p += firstFlagged(m);
      return p > start ? p : nullptr;
    }
    p += 8;
  }
  while (p < e && isDigit(*p)) ++p;
  return p > start ? p : nullptr;
}

// A number starting at `p` ('-' or a digit).
inline const char* number(const char* p, const char* e) {
#if EBW_BYTE_MASKS
  if (e - p >= 32) {
    // -?(0|[1-9][0-9]*)(.[0-9]+)? within 32 bytes, from one digit mask; an exponent or longer
    // digit runs continue below.
    const uint32_t nonDigits = ~digitMask32(p);
    const unsigned first = *p == '-';
    const uint32_t fromFirst = nonDigits & (~0u << first);
    if (fromFirst) {
      const unsigned end = static_cast<unsigned>(__builtin_ctz(fromFirst));
      if (end == first) return nullptr;                                 // no digit
      if (p[first] == '0' && end > first + 1) return p + first + 1;    // "0" is the whole integer
      if (p[end] == '.') {
        const uint32_t afterPoint = end < 31 ? nonDigits & (~0u << (end + 1)) : 0;
        if (afterPoint) {
          const unsigned fractionEnd = static_cast<unsigned>(__builtin_ctz(afterPoint));
          if (fractionEnd == end + 1) return nullptr;  // no digit after the point
          if ((p[fractionEnd] | 0x20) != 'e') return p + fractionEnd;
        }
      } else if ((p[end] | 0x20) != 'e') {
        return p + end;
      }
    }
  }
#endif
  if (*p == '-') ++p;
  if (p >= e) return nullptr;
  if (*p == '0') {
    ++p;
  } else if (!(p = digits(p, e))) {
    return nullptr;
  }
  if (p < e && *p == '.') {
    if (!(p = digits(p + 1, e))) return nullptr;
  }
  if (p < e && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < e && (*p == '+' || *p == '-')) ++p;
    if (!(p = digits(p, e))) return nullptr;
  }
  return p;
}

inline const char* literal(const char* p, const char* e, const char* word, std::ptrdiff_t length) {
  if (e - p < length) return nullptr;
  for (std::ptrdiff_t k = 0; k < length; ++k) {
    if (p[k] != word[k]) return nullptr;
  }
  return p + length;
}

// Validates the value at `p` (p < e) under a key no rule names, at nesting `depth` (that of the
// container holding it), without recursion: whether each open container is an object is a bit in
// `kinds`, which has room for maxDepth levels. Whitespace is looked for only where the expected
// byte is not found (compact JSON has none).
const char* skipValue(const char* p, const char* e, int depth, int maxDepth, uint64_t* kinds) {
  int open = 0;           // containers opened by this skip and not yet closed
  bool inObject = false;  // the innermost open container is an object
  const int room = maxDepth - depth;
value:  // a value starts at p
  if (p >= e) return nullptr;
  switch (*p) {
    case '"':
      if (!(p = skipString(p, e))) return nullptr;
      goto after;
    case '{':
    case '[': {
      const bool isObject = *p == '{';
      if (open + 1 > room) return nullptr;
      p = skipSpace(p + 1, e);
      if (p >= e) return nullptr;
      if (*p == (isObject ? '}' : ']')) {
        ++p;  // empty: a complete value
        goto after;
      }
      const uint64_t bit = uint64_t{1} << (open & 63);
      kinds[open >> 6] = isObject ? kinds[open >> 6] | bit : kinds[open >> 6] & ~bit;
      ++open;
      inObject = isObject;
      if (isObject) goto key;
      goto value;
    }
    case 't':
      if (!(p = literal(p, e, "true", 4))) return nullptr;
      goto after;
    case 'f':
      if (!(p = literal(p, e, "false", 5))) return nullptr;
      goto after;
    case 'n':
      if (!(p = literal(p, e, "null", 4))) return nullptr;
      goto after;
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      p = skipSpace(p, e);
      goto value;
    default:
      if (*p != '-' && !isDigit(*p)) return nullptr;
      if (!(p = number(p, e))) return nullptr;
      goto after;
  }
key:  // `"key":` at p (after optional space), then its value
  if (e - p >= 4 && p[0] == '"' && p[2] == '"' && p[3] == ':' && plainByte(p[1])) {
    p += 4;  // a one-byte key, as in {"x":..,"y":..}
    goto value;
  }
  if (p < e && *p != '"') p = skipSpace(p, e);
  if (p >= e || *p != '"' || !(p = skipString(p, e))) return nullptr;
  if (p < e && *p != ':') p = skipSpace(p, e);
  if (p >= e || *p != ':') return nullptr;
  ++p;
  goto value;
after:  // a value ended before p
  if (open == 0) return p;
  if (p >= e) return nullptr;
  switch (*p) {
    case ',':
      ++p;
      if (inObject) goto key;
      goto value;
    case '}':
    case ']':
      if (*p != (inObject ? '}' : ']')) return nullptr;
      ++p;
      --open;
      inObject = open > 0 && ((kinds[(open - 1) >> 6] >> ((open - 1) & 63)) & 1);
      goto after;
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      p = skipSpace(p, e);
      goto after;
    default:
      return nullptr;
  }
}

class Scanner {
 public:
  Scanner(std::string_view event, const PathTrie& paths, int maxDepth, EventScan& out)
      : s_(event.data()), n_(event.size()), paths_(paths), maxDepth_(maxDepth), out_(out) {}

  bool run() {
    space();
    if (pos_ >= n_ || s_[pos_] != '{') return false;
    if (!object(PathTrie::root(), 1, true)) return false;
    space();
    return pos_ == n_;
  }

 private:
  void space() { pos_ = static_cast<std::size_t>(skipSpace(s_ + pos_, s_ + n_) - s_); }

  // A string at s_[pos_] == '"'; leaves pos_ after the closing quote. Sets the body's range and
  // whether it holds escapes.
  bool readString(std::size_t& begin, std::size_t& end, bool& escaped) {
    begin = pos_ + 1;
    escaped = false;
    const char* close = stringBody(s_ + begin, s_ + n_, escaped);
    if (!close) return false;
    end = static_cast<std::size_t>(close - s_);
    pos_ = end + 1;
    return true;
  }

  bool readNumber() {
    const char* p = number(s_ + pos_, s_ + n_);
    if (!p) return false;
    pos_ = static_cast<std::size_t>(p - s_);
    return true;
  }

  bool readLiteral(const char* word, std::ptrdiff_t length) {
    const char* p = literal(s_ + pos_, s_ + n_, word, length);
    if (!p) return false;
    pos_ = static_cast<std::size_t>(p - s_);
    return true;
  }

  // Decodes the escapes of the (already validated) string body s_[begin, end) into `dst`.
  bool unescape(std::size_t begin, std::size_t end, std::string& dst) {
    for (std::size_t i = begin; i < end; ++i) {
      char c = s_[i];
      if (c != '\\') {
        dst += c;
        continue;
      }
      char e = s_[++i];
      switch (e) {
        case '"':
          dst += '"';
          break;
        case '\\':
          dst += '\\';
          break;
        case '/':
          dst += '/';
          break;
        case 'b':
          dst += '\b';
          break;
        case 'f':
          dst += '\f';
          break;
        case 'n':
          dst += '\n';
          break;
        case 'r':
          dst += '\r';
          break;
        case 't':
          dst += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          for (int k = 1; k <= 4; ++k) cp = cp << 4 | static_cast<unsigned>(hexDigit(s_[i + k]));
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < end && s_[i + 1] == '\\' &&
              s_[i + 2] == 'u') {
            unsigned lo = 0;
            bool ok = true;
            for (int k = 3; k <= 6; ++k) {
              int h = hexDigit(s_[i + k]);
              ok = ok && h >= 0;
              lo = lo << 4 | static_cast<unsigned>(h < 0 ? 0 : h);
            }
            if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              i += 6;
            }
          }
          utf8::append(dst, cp);
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  void record(uint32_t node, ValueType type, std::size_t begin, std::size_t length,
              bool unescaped) {
    uint32_t path = paths_.pathAt(node);
    if (path == kNoPath) return;
    Leaf leaf;
    leaf.path = path;
    leaf.type = type;
    leaf.unescaped = unescaped;
    leaf.textBegin = static_cast<uint32_t>(begin);
    leaf.textLength = static_cast<uint32_t>(length);
    leaf.arraysBegin = static_cast<uint32_t>(out_.positions.size());
    out_.positions.insert(out_.positions.end(), out_.arrays.begin(), out_.arrays.end());
    leaf.arraysEnd = static_cast<uint32_t>(out_.positions.size());
    out_.leaves.push_back(leaf);
  }

  // A value whose path ends at trie node `node` (kNoNode: no rule names it; skip it).
  bool value(uint32_t node, int depth) {
    if (pos_ >= n_) return false;
    if (node == kNoNode) {
      // Strings and numbers (most unnamed values) inline; containers in the skip loop.
      const char* p = s_ + pos_;
      const char* e = s_ + n_;
      if (*p == '"') {
        p = skipString(p, e);
      } else if (*p == '-' || isDigit(*p)) {
        p = number(p, e);
      } else {
        p = skipValue(p, e, depth, maxDepth_, out_.containerKinds.data());
      }
      if (!p) return false;
      pos_ = static_cast<std::size_t>(p - s_);
      return true;
    }
    char c = s_[pos_];
    switch (c) {
      case '{':
        return object(node, depth + 1, false);
      case '[':
        return array(node, depth + 1);
      case '"': {
        std::size_t begin, end;
        bool escaped;
        if (!readString(begin, end, escaped)) return false;
        if (escaped) {
          std::size_t at = out_.unescaped.size();
          if (!unescape(begin, end, out_.unescaped)) return false;
          record(node, ValueType::String, at, out_.unescaped.size() - at, true);
        } else {
          record(node, ValueType::String, begin, end - begin, false);
        }
        return true;
      }
      case 't':
        if (!readLiteral("true", 4)) return false;
        record(node, ValueType::True, pos_ - 4, 4, false);
        return true;
      case 'f':
        if (!readLiteral("false", 5)) return false;
        record(node, ValueType::False, pos_ - 5, 5, false);
        return true;
      case 'n':
        if (!readLiteral("null", 4)) return false;
        record(node, ValueType::Null, pos_ - 4, 4, false);
        return true;
      default: {
        if (c != '-' && !isDigit(c)) return false;
        std::size_t begin = pos_;
        if (!readNumber()) return false;
        record(node, ValueType::Number, begin, pos_ - begin, false);
        return true;
      }
    }
  }

  // Object at s_[pos_] == '{' whose own path ends at `node` (not kNoNode). (An empty top-level
  // key also ends at the trie root, so the top level is told apart by `topLevel`, not the node.)
  bool object(uint32_t node, int depth, bool topLevel) {
    if (depth > maxDepth_) return false;
    ++pos_;
    // Keys continue the path after a '.', except at the top level.
    uint32_t keyStart = topLevel ? node : paths_.step(node, '.');
    space();
    if (pos_ < n_ && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      space();
      if (pos_ >= n_ || s_[pos_] != '"') return false;
      std::size_t begin, end;
      bool escaped;
      if (!readString(begin, end, escaped)) return false;
      uint32_t child = keyStart;
      if (child != kNoNode) {
        if (escaped) {
          out_.key.clear();
          if (!unescape(begin, end, out_.key)) return false;
          child = paths_.walk(child, out_.key.data(), out_.key.size());
        } else {
          child = paths_.walk(child, s_ + begin, end - begin);
        }
      }
      space();
      if (pos_ >= n_ || s_[pos_] != ':') return false;
      ++pos_;
      space();
      if (!value(child, depth)) return false;
      space();
      if (pos_ >= n_) return false;
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  // Array at s_[pos_] == '[' whose path ends at `node` (not kNoNode).
  bool array(uint32_t node, int depth) {
    if (depth > maxDepth_) return false;
    ++pos_;
    space();
    if (pos_ < n_ && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    uint32_t id = arrayCount_++;
    for (uint32_t index = 0;; ++index) {
      space();
      out_.arrays.push_back(ArrayPosition{id, index});
      bool ok = value(node, depth);
      out_.arrays.pop_back();
      if (!ok) return false;
      space();
      if (pos_ >= n_) return false;
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  const char* s_;
  std::size_t n_;
  std::size_t pos_ = 0;
  const PathTrie& paths_;
  int maxDepth_;
  EventScan& out_;
  uint32_t arrayCount_ = 0;
};

}  // namespace

bool scanEvent(std::string_view event, const PathTrie& paths, int maxDepth, EventScan& out) {
  out.leaves.clear();
  out.positions.clear();
  out.unescaped.clear();
  out.arrays.clear();
  out.containerKinds.resize(static_cast<std::size_t>(maxDepth > 0 ? maxDepth : 0) / 64 + 1);
  out.event = event;
  if (event.size() >= UINT32_MAX) return false;
  return Scanner(event, paths, maxDepth, out).run();
}

}  // namespace ebw::match
