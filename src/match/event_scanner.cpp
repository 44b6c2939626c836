#include "match/event_scanner.h"

#include <cstring>

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

class Scanner {
 public:
  Scanner(std::string_view event, const PathTrie& paths, int maxDepth, EventScan& out)
      : s_(event.data()), n_(event.size()), paths_(paths), maxDepth_(maxDepth), out_(out) {}

  bool run() {
    skipSpace();
    if (pos_ >= n_ || s_[pos_] != '{') return false;
    if (!object(PathTrie::root(), 1, true)) return false;
    skipSpace();
    return pos_ == n_;
  }

 private:
  void skipSpace() {
    while (pos_ < n_) {
      char c = s_[pos_];
      if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) return;
      ++pos_;
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static void appendUtf8(std::string& out, unsigned cp) {
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
          for (int k = 1; k <= 4; ++k) cp = cp << 4 | static_cast<unsigned>(hex(s_[i + k]));
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < end && s_[i + 1] == '\\' &&
              s_[i + 2] == 'u') {
            unsigned lo = 0;
            bool ok = true;
            for (int k = 3; k <= 6; ++k) {
              int h = hex(s_[i + k]);
              ok = ok && h >= 0;
              lo = lo << 4 | static_cast<unsigned>(h < 0 ? 0 : h);
            }
            if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              i += 6;
            }
          }
          appendUtf8(dst, cp);
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  // Moves pos_ to the first byte at or after it that ends a plain run of string content: '"',
  // '\\', a control character, or the end of the text.
  void plainRun() {
    while (pos_ + 8 <= n_) {
      uint64_t v = load8(s_ + pos_);
      uint64_t m = bytesEqual(v, '"') | bytesEqual(v, '\\') | bytesBelow(v, 0x20);
      if (m) {
        pos_ += firstFlagged(m);
        return;
      }
      pos_ += 8;
    }
    while (pos_ < n_) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"' || c == '\\' || c < 0x20) return;
      ++pos_;
    }
  }

  // After a backslash at s_[pos_]: validates the escape and moves past it.
  bool escape() {
    if (++pos_ >= n_) return false;
    char e = s_[pos_];
    if (e == 'u') {
      if (pos_ + 4 >= n_) return false;
      for (int k = 1; k <= 4; ++k) {
        if (hex(s_[pos_ + k]) < 0) return false;
      }
      pos_ += 5;
      return true;
    }
    if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
        e != 't') {
      return false;
    }
    ++pos_;
    return true;
  }

  // Validates a string at s_[pos_] == '"'; leaves pos_ after the closing quote. Sets the body's
  // range and whether it holds escapes.
  bool string(std::size_t& begin, std::size_t& end, bool& escaped) {
    begin = ++pos_;
    escaped = false;
    while (true) {
      plainRun();
      if (pos_ >= n_) return false;
      char c = s_[pos_];
      if (c == '"') {
        end = pos_++;
        return true;
      }
      if (c != '\\') return false;  // a control character
      escaped = true;
      if (!escape()) return false;
    }
  }

  bool skipString() {
    ++pos_;
    while (true) {
      plainRun();
      if (pos_ >= n_) return false;
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\' || !escape()) return false;
    }
  }

  // One or more digits.
  bool digits() {
    std::size_t start = pos_;
    while (pos_ + 8 <= n_) {
      uint64_t m = nonDigits(load8(s_ + pos_));
      if (m) {
        pos_ += firstFlagged(m);
        return pos_ > start;
      }
      pos_ += 8;
    }
    while (pos_ < n_ && isDigit(s_[pos_])) ++pos_;
    return pos_ > start;
  }

  bool number() {
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= n_) return false;
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return false;
    }
    if (pos_ < n_ && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return false;
    }
    if (pos_ < n_ && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < n_ && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return false;
    }
    return true;
  }

  bool literal(const char* word, std::size_t length) {
    if (n_ - pos_ < length) return false;
    for (std::size_t k = 0; k < length; ++k) {
      if (s_[pos_ + k] != word[k]) return false;
    }
    pos_ += length;
    return true;
  }

  // A scalar at s_[pos_] (not '{', '[' or '"'), skipped.
  bool skipScalar() {
    switch (s_[pos_]) {
      case 't':
        return literal("true", 4);
      case 'f':
        return literal("false", 5);
      case 'n':
        return literal("null", 4);
      default:
        if (s_[pos_] != '-' && !isDigit(s_[pos_])) return false;
        return number();
    }
  }

  // Validates the value at s_[pos_] (pos_ < n_) under a key no rule names, at nesting `depth`
  // (that of the container holding it), without recursion: containers are tracked in
  // out_.containers.
  bool skipValue(int depth) {
    std::vector<uint8_t>& stack = out_.containers;
    const std::size_t base = stack.size();
    while (true) {
      // A value starts at pos_.
      if (pos_ >= n_) return false;
      char c = s_[pos_];
      bool valueDone = true;
      if (c == '"') {
        if (!skipString()) return false;
      } else if (c == '{' || c == '[') {
        if (++depth > maxDepth_) return false;
        ++pos_;
        skipSpace();
        if (pos_ >= n_) return false;
        const bool isObject = c == '{';
        if (s_[pos_] == (isObject ? '}' : ']')) {
          ++pos_;
          --depth;
        } else {
          stack.push_back(isObject ? 1 : 0);
          if (isObject && !skipKey()) return false;
          valueDone = false;
        }
      } else if (!skipScalar()) {
        return false;
      }
      if (!valueDone) continue;
      // After a value: close containers until one continues with ',' (or the skip is done).
      while (true) {
        if (stack.size() == base) return true;
        skipSpace();
        if (pos_ >= n_) return false;
        char d = s_[pos_++];
        const bool inObject = stack.back() == 1;
        if (d == ',') {
          skipSpace();
          if (inObject && !skipKey()) return false;
          break;
        }
        if (d != (inObject ? '}' : ']')) return false;
        stack.pop_back();
        --depth;
      }
    }
  }

  // `"key" :` and the space after it, in a skipped object (pos_ at the key's quote).
  bool skipKey() {
    skipSpace();
    if (pos_ >= n_ || s_[pos_] != '"' || !skipString()) return false;
    skipSpace();
    if (pos_ >= n_ || s_[pos_] != ':') return false;
    ++pos_;
    skipSpace();
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
    if (node == kNoNode) return skipValue(depth);
    char c = s_[pos_];
    switch (c) {
      case '{':
        return object(node, depth + 1, false);
      case '[':
        return array(node, depth + 1);
      case '"': {
        std::size_t begin, end;
        bool escaped;
        if (!string(begin, end, escaped)) return false;
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
        if (!literal("true", 4)) return false;
        record(node, ValueType::True, pos_ - 4, 4, false);
        return true;
      case 'f':
        if (!literal("false", 5)) return false;
        record(node, ValueType::False, pos_ - 5, 5, false);
        return true;
      case 'n':
        if (!literal("null", 4)) return false;
        record(node, ValueType::Null, pos_ - 4, 4, false);
        return true;
      default: {
        if (c != '-' && !isDigit(c)) return false;
        std::size_t begin = pos_;
        if (!number()) return false;
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
    skipSpace();
    if (pos_ < n_ && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skipSpace();
      if (pos_ >= n_ || s_[pos_] != '"') return false;
      std::size_t begin, end;
      bool escaped;
      if (!string(begin, end, escaped)) return false;
      uint32_t child = keyStart;
      if (child != kNoNode) {
        if (escaped) {
          out_.key.clear();
          if (!unescape(begin, end, out_.key)) return false;
          for (unsigned char k : out_.key) {
            child = paths_.step(child, k);
            if (child == kNoNode) break;
          }
        } else {
          for (std::size_t i = begin; i < end && child != kNoNode; ++i) {
            child = paths_.step(child, static_cast<unsigned char>(s_[i]));
          }
        }
      }
      skipSpace();
      if (pos_ >= n_ || s_[pos_] != ':') return false;
      ++pos_;
      skipSpace();
      if (!value(child, depth)) return false;
      skipSpace();
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
    skipSpace();
    if (pos_ < n_ && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    uint32_t id = arrayCount_++;
    for (uint32_t index = 0;; ++index) {
      skipSpace();
      out_.arrays.push_back(ArrayPosition{id, index});
      bool ok = value(node, depth);
      out_.arrays.pop_back();
      if (!ok) return false;
      skipSpace();
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
  out.containers.clear();
  out.event = event;
  if (event.size() >= UINT32_MAX) return false;
  return Scanner(event, paths, maxDepth, out).run();
}

}  // namespace ebw::match
