#include "match/event_scanner.h"

namespace ebw::match {

namespace {

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
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
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

  // Decodes the escapes of the string body s_[begin, end) into `dst`.
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

  // Validates a string at s_[pos_] == '"'; leaves pos_ after the closing quote. Sets the body's
  // range and whether it holds escapes.
  bool string(std::size_t& begin, std::size_t& end, bool& escaped) {
    begin = ++pos_;
    escaped = false;
    while (pos_ < n_) {
      unsigned char c = s_[pos_];
      if (c == '"') {
        end = pos_++;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        if (++pos_ >= n_) return false;
        char e = s_[pos_];
        if (e == 'u') {
          if (pos_ + 4 >= n_) return false;
          for (int k = 1; k <= 4; ++k) {
            if (hex(s_[pos_ + k]) < 0) return false;
          }
          pos_ += 4;
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                   e != 'r' && e != 't') {
          return false;
        }
      }
      ++pos_;
    }
    return false;
  }

  bool digits() {
    std::size_t start = pos_;
    while (pos_ < n_ && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
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
    out_.positions.insert(out_.positions.end(), arrays_.begin(), arrays_.end());
    leaf.arraysEnd = static_cast<uint32_t>(out_.positions.size());
    out_.leaves.push_back(leaf);
  }

  // A value whose path ends at trie node `node` (kNoNode: no rule names it; skip it).
  bool value(uint32_t node, int depth) {
    if (pos_ >= n_) return false;
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
        if (node != kNoNode) {
          if (escaped) {
            std::size_t at = out_.unescaped.size();
            if (!unescape(begin, end, out_.unescaped)) return false;
            record(node, ValueType::String, at, out_.unescaped.size() - at, true);
          } else {
            record(node, ValueType::String, begin, end - begin, false);
          }
        }
        return true;
      }
      case 't':
        if (!literal("true", 4)) return false;
        if (node != kNoNode) record(node, ValueType::True, pos_ - 4, 4, false);
        return true;
      case 'f':
        if (!literal("false", 5)) return false;
        if (node != kNoNode) record(node, ValueType::False, pos_ - 5, 5, false);
        return true;
      case 'n':
        if (!literal("null", 4)) return false;
        if (node != kNoNode) record(node, ValueType::Null, pos_ - 4, 4, false);
        return true;
      default: {
        if (c != '-' && (c < '0' || c > '9')) return false;
        std::size_t begin = pos_;
        if (!number()) return false;
        if (node != kNoNode) record(node, ValueType::Number, begin, pos_ - begin, false);
        return true;
      }
    }
  }

  // Object at s_[pos_] == '{' whose own path ends at `node`. (An empty top-level key also ends
  // at the trie root, so the top level is told apart by `topLevel`, not by the node.)
  bool object(uint32_t node, int depth, bool topLevel) {
    if (depth > maxDepth_) return false;
    ++pos_;
    // Keys continue the path after a '.', except at the top level.
    uint32_t keyStart = node == kNoNode ? kNoNode : topLevel ? node : paths_.step(node, '.');
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
          key_.clear();
          if (!unescape(begin, end, key_)) return false;
          for (unsigned char k : key_) {
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
      if (node != kNoNode) arrays_.push_back(ArrayPosition{id, index});
      bool ok = value(node, depth);
      if (node != kNoNode) arrays_.pop_back();
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
  std::vector<ArrayPosition> arrays_;
  uint32_t arrayCount_ = 0;
  std::string key_;
};

}  // namespace

bool scanEvent(std::string_view event, const PathTrie& paths, int maxDepth, EventScan& out) {
  out.leaves.clear();
  out.positions.clear();
  out.unescaped.clear();
  out.event = event;
  if (event.size() >= UINT32_MAX) return false;
  return Scanner(event, paths, maxDepth, out).run();
}

}  // namespace ebw::match
