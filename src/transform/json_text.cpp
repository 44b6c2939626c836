#include "transform/json_text.h"

#include <vector>

#include "common/jackson_location.h"
#include "common/utf8.h"

namespace ebw::transform::json {

namespace {

bool isWs(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Java's Character.isJavaIdentifierStart/Part, approximated: ASCII letters, '_' and '$' (plus
// digits for Part); every non-ASCII byte counts as part of a letter.
bool isIdentStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || u >= 0x80;
}
bool isIdentPart(char c) {
  return isIdentStart(c) || isDigit(c);
}

Kind kindAt(char c) {
  switch (c) {
    case '{':
      return Kind::Object;
    case '[':
      return Kind::Array;
    case '"':
      return Kind::String;
    case 't':
      return Kind::True;
    case 'f':
      return Kind::False;
    case 'n':
      return Kind::Null;
    default:
      return Kind::Number;
  }
}


// Jackson's maximum length of the token quoted in an "Unrecognized token" error; it stops reading
// the token there, which bounds the reported column.
constexpr std::size_t kMaxErrorTokenLength = 256;

class Checker {
 public:
  Checker(std::string_view text, int maxDepth) : t_(text), maxDepth_(maxDepth) {}

  SyntaxCheck run() {
    SyntaxCheck r;
    if (!skipWs()) return fail(r);
    if (p_ >= t_.size()) return failAt(r, t_.size());  // no content
    std::size_t rootBegin = p_;
    std::vector<char> stack;

    enum class Step { Value, Key, After };
    Step step = Step::Value;
    for (;;) {
      if (step == Step::Value) {
        if (p_ >= t_.size()) return failAt(r, t_.size());
        char c = t_[p_];
        if (c == '{' || c == '[') {
          if (static_cast<int>(stack.size()) >= maxDepth_) return failAt(r, p_ + 1);
          stack.push_back(c);
          ++p_;
          if (!skipWs()) return fail(r);
          if (p_ >= t_.size()) return failAt(r, t_.size());
          char close = c == '{' ? '}' : ']';
          if (t_[p_] == close) {
            ++p_;
            stack.pop_back();
            step = Step::After;
          } else {
            step = c == '{' ? Step::Key : Step::Value;
          }
          continue;
        }
        bool ok;
        if (c == '"') {
          ok = scanString();
        } else if (c == '-' || isDigit(c)) {
          ok = scanNumber();
        } else if (c == 't') {
          ok = scanLiteral("true");
        } else if (c == 'f') {
          ok = scanLiteral("false");
        } else if (c == 'n') {
          ok = scanLiteral("null");
        } else if (isIdentStart(c)) {
          ok = invalidToken(p_);
        } else {
          ok = setError(p_ + 1);
        }
        if (!ok) return fail(r);
        step = Step::After;
        continue;
      }
      if (step == Step::Key) {
        // p_ is at a non-whitespace character (or the end).
        if (p_ >= t_.size()) return failAt(r, t_.size());
        if (t_[p_] != '"') return failAt(r, p_ + 1);
        if (!scanString()) return fail(r);
        if (!skipWs()) return fail(r);
        if (p_ >= t_.size()) return failAt(r, t_.size());
        if (t_[p_] != ':') return failAt(r, p_ + 1);
        ++p_;
        if (!skipWs()) return fail(r);
        step = Step::Value;
        continue;
      }
      // Step::After: a value just ended.
      if (stack.empty()) {
        std::size_t rootEnd = p_;
        if (!skipWs()) return fail(r);
        if (p_ < t_.size()) return failAt(r, p_ + 1);  // trailing content
        r.ok = true;
        r.root = Span{rootBegin, rootEnd, kindAt(t_[rootBegin])};
        return r;
      }
      if (!skipWs()) return fail(r);
      if (p_ >= t_.size()) return failAt(r, t_.size());
      char c = t_[p_];
      char top = stack.back();
      if (c == ',') {
        ++p_;
        if (!skipWs()) return fail(r);
        step = top == '{' ? Step::Key : Step::Value;
      } else if ((top == '{' && c == '}') || (top == '[' && c == ']')) {
        ++p_;
        stack.pop_back();
      } else {
        return failAt(r, p_ + 1);
      }
    }
  }

 private:
  bool setError(std::size_t offset) {
    err_ = offset;
    return false;
  }
  SyntaxCheck& fail(SyntaxCheck& r) {
    r.ok = false;
    r.errorOffset = err_;
    r.errorLine = line_;
    r.errorColumn = utf8::utf16Units(t_, rowStart_, err_) + 1;
    return r;
  }
  SyntaxCheck& failAt(SyntaxCheck& r, std::size_t offset) {
    err_ = offset;
    return fail(r);
  }

  // Skips JSON whitespace, counting lines as Jackson does (\r\n is one break). Other control
  // characters are an error.
  bool skipWs() {
    while (p_ < t_.size()) {
      char c = t_[p_];
      if (c == ' ' || c == '\t') {
        ++p_;
      } else if (c == '\n') {
        ++p_;
        ++line_;
        rowStart_ = p_;
      } else if (c == '\r') {
        ++p_;
        if (p_ < t_.size() && t_[p_] == '\n') ++p_;
        ++line_;
        rowStart_ = p_;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return setError(p_ + 1);
      } else {
        return true;
      }
    }
    return true;
  }

  bool scanString() {
    ++p_;  // opening quote
    for (;;) {
      if (p_ >= t_.size()) return setError(t_.size());
      char c = t_[p_];
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        ++p_;
        if (p_ >= t_.size()) return setError(t_.size());
        char e = t_[p_++];
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            if (p_ >= t_.size()) return setError(t_.size());
            if (!isHex(t_[p_])) return setError(p_ + 1);
            ++p_;
          }
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                   e != 'r' && e != 't') {
          return setError(p_);
        }
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) return setError(p_ + 1);
      ++p_;
    }
  }

  bool scanNumber() {
    if (t_[p_] == '-') {
      ++p_;
      if (p_ >= t_.size()) return setError(t_.size());
      if (!isDigit(t_[p_])) return setError(p_ + 1);
    }
    if (t_[p_] == '0') {
      ++p_;
      if (p_ < t_.size() && isDigit(t_[p_])) return setError(p_);  // leading zero
    } else {
      while (p_ < t_.size() && isDigit(t_[p_])) ++p_;
    }
    if (p_ < t_.size() && t_[p_] == '.') {
      ++p_;
      if (p_ >= t_.size()) return setError(t_.size());
      if (!isDigit(t_[p_])) return setError(p_ + 1);
      while (p_ < t_.size() && isDigit(t_[p_])) ++p_;
    }
    if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
      ++p_;
      if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
      if (p_ >= t_.size()) return setError(t_.size());
      if (!isDigit(t_[p_])) return setError(p_ + 1);
      while (p_ < t_.size() && isDigit(t_[p_])) ++p_;
    }
    return true;
  }

  bool scanLiteral(std::string_view word) {
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (p_ + i >= t_.size()) return setError(t_.size());
      if (t_[p_ + i] != word[i]) return invalidToken(p_);
    }
    std::size_t q = p_ + word.size();
    if (q < t_.size() && isIdentPart(t_[q])) return invalidToken(p_);
    p_ = q;
    return true;
  }

  // Jackson's _reportInvalidToken: the token runs on while identifier characters follow.
  bool invalidToken(std::size_t start) {
    std::size_t q = start + 1;
    while (q < t_.size() && isIdentPart(t_[q]) && q - start < kMaxErrorTokenLength) ++q;
    return setError(q);
  }

  std::string_view t_;
  int maxDepth_;
  std::size_t p_ = 0;
  std::size_t err_ = 0;
  std::size_t line_ = 1;
  std::size_t rowStart_ = 0;
};

// ---- navigation over validated text ----

std::size_t skipWsFast(std::string_view t, std::size_t p) {
  while (p < t.size() && isWs(t[p])) ++p;
  return p;
}

// End of the string starting at the quote at p.
std::size_t skipString(std::string_view t, std::size_t p) {
  ++p;
  while (p < t.size() && t[p] != '"') p += t[p] == '\\' ? 2 : 1;
  return p < t.size() ? p + 1 : t.size();
}

// End of the value starting at p (no recursion: brackets are counted).
std::size_t skipValue(std::string_view t, std::size_t p) {
  if (p >= t.size()) return t.size();
  char c = t[p];
  if (c == '"') return skipString(t, p);
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    while (p < t.size()) {
      char d = t[p];
      if (d == '"') {
        p = skipString(t, p);
        continue;
      }
      if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return p + 1;
      }
      ++p;
    }
    return t.size();
  }
  while (p < t.size() && !isWs(t[p]) && t[p] != ',' && t[p] != ']' && t[p] != '}') ++p;
  return p;
}


unsigned hexValue(std::string_view t, std::size_t p) {
  unsigned v = 0;
  for (std::size_t i = p; i < p + 4 && i < t.size(); ++i) {
    char c = t[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<unsigned>(c - 'A' + 10);
    }
  }
  return v;
}

// Decodes the string whose opening quote is at `begin`, up to (excluding) its closing quote.
std::string decodeAt(std::string_view t, std::size_t begin, std::size_t end) {
  std::string out;
  std::size_t p = begin + 1;
  std::size_t stop = end > begin + 1 ? end - 1 : begin + 1;
  out.reserve(stop - p);
  while (p < stop) {
    char c = t[p];
    if (c != '\\') {
      out += c;
      ++p;
      continue;
    }
    char e = p + 1 < stop ? t[p + 1] : '\\';
    p += 2;
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = hexValue(t, p);
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && p + 6 <= stop && t[p] == '\\' && t[p + 1] == 'u') {
          unsigned low = hexValue(t, p + 2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            p += 6;
          }
        }
        // A lone surrogate cannot be written as UTF-8.
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        utf8::append(out, cp);
        break;
      }
      default:  // " \ /
        out += e;
        break;
    }
  }
  return out;
}

bool keyEquals(std::string_view t, std::size_t begin, std::size_t end, std::string_view key) {
  std::string_view raw = t.substr(begin + 1, end - begin - 2);
  if (raw.find('\\') == std::string_view::npos) return raw == key;
  return decodeAt(t, begin, end) == key;
}

// Calls fn(keyBegin, keyEnd, value) for every member of an object.
template <typename Fn>
void walkMembers(std::string_view t, const Span& object, Fn&& fn) {
  if (object.kind != Kind::Object) return;
  std::size_t p = skipWsFast(t, object.begin + 1);
  while (p < object.end && t[p] == '"') {
    std::size_t keyEnd = skipString(t, p);
    std::size_t q = skipWsFast(t, keyEnd);
    q = skipWsFast(t, q + 1);  // ':'
    std::size_t vEnd = skipValue(t, q);
    if (q >= t.size()) return;
    fn(p, keyEnd, Span{q, vEnd, kindAt(t[q])});
    p = skipWsFast(t, vEnd);
    if (p < t.size() && t[p] == ',') {
      p = skipWsFast(t, p + 1);
    } else {
      return;
    }
  }
}

template <typename Fn>
void walkElements(std::string_view t, const Span& array, Fn&& fn) {
  if (array.kind != Kind::Array) return;
  std::size_t p = skipWsFast(t, array.begin + 1);
  if (p >= t.size() || t[p] == ']') return;
  while (p < array.end) {
    std::size_t vEnd = skipValue(t, p);
    if (!fn(Span{p, vEnd, kindAt(t[p])})) return;
    p = skipWsFast(t, vEnd);
    if (p < t.size() && t[p] == ',') {
      p = skipWsFast(t, p + 1);
    } else {
      return;
    }
  }
}

}  // namespace

SyntaxCheck checkDocument(std::string_view text, int maxDepth) {
  return Checker(text, maxDepth).run();
}

std::string jacksonLocation(std::string_view text, const SyntaxCheck& failed) {
  return ebw::jacksonLocation(text, failed.errorLine, failed.errorColumn);
}

std::optional<Span> member(std::string_view text, const Span& object, std::string_view key) {
  std::optional<Span> found;
  walkMembers(text, object, [&](std::size_t kb, std::size_t ke, const Span& v) {
    if (keyEquals(text, kb, ke, key)) found = v;
  });
  return found;
}

std::optional<Span> element(std::string_view text, const Span& array, std::size_t index) {
  std::optional<Span> found;
  std::size_t i = 0;
  walkElements(text, array, [&](const Span& v) {
    if (i++ == index) {
      found = v;
      return false;
    }
    return true;
  });
  return found;
}

std::size_t elementCount(std::string_view text, const Span& array) {
  std::size_t n = 0;
  walkElements(text, array, [&](const Span&) {
    ++n;
    return true;
  });
  return n;
}

void forEachMember(std::string_view text, const Span& object,
                   const std::function<void(const std::string&, const Span&)>& fn) {
  walkMembers(text, object, [&](std::size_t kb, std::size_t ke, const Span& v) {
    fn(decodeAt(text, kb, ke), v);
  });
}

void forEachElement(std::string_view text, const Span& array,
                    const std::function<void(const Span&)>& fn) {
  walkElements(text, array, [&](const Span& v) {
    fn(v);
    return true;
  });
}

std::string decodeString(std::string_view text, const Span& s) {
  if (s.kind != Kind::String) return std::string();
  return decodeAt(text, s.begin, s.end);
}

void appendEscaped(std::string& out, std::string_view decoded) {
  static const char* const kHex = "0123456789ABCDEF";
  for (char c : decoded) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
}

void appendCompact(std::string& out, std::string_view text, const Span& value) {
  std::size_t p = value.begin;
  std::size_t end = value.end < text.size() ? value.end : text.size();
  while (p < end) {
    char c = text[p];
    if (isWs(c)) {
      ++p;
    } else if (c == '"') {
      std::size_t e = skipString(text, p);
      std::string_view raw = text.substr(p, e - p);
      out += '"';
      bool plain = true;
      for (char r : raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0)) {
        if (r == '\\') {
          plain = false;
          break;
        }
      }
      if (plain) {
        out.append(raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0));
      } else {
        appendEscaped(out, decodeAt(text, p, e));
      }
      out += '"';
      p = e;
    } else {
      out += c;
      ++p;
    }
  }
}

std::string compact(std::string_view text, const Span& value) {
  std::string out;
  out.reserve(value.end - value.begin);
  appendCompact(out, text, value);
  return out;
}

std::string minify(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
      out += c;
    } else if (!isWs(c)) {
      out += c;
    }
  }
  return out;
}

std::string validUtf8(std::string_view s) { return utf8::valid(s); }

}  // namespace ebw::transform::json
