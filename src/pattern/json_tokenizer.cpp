#include "pattern/json_tokenizer.h"

#include <cstdio>

namespace ebw::pattern {

namespace {

bool isJavaIdentifierPart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// Decodes one UTF-8 sequence at `s[i]` (lenient: a bad byte decodes as itself).
unsigned decodeCodePoint(std::string_view s, std::size_t i) {
  unsigned char c = s[i];
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= s.size()) return c;
  unsigned cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

void appendUtf8(std::string& out, unsigned cp) {
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

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const char* kValidValues =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

}  // namespace

JsonTokenizer::JsonTokenizer(std::string_view text, int maxDepth)
    : in_(text), maxDepth_(maxDepth) {}

std::string JsonTokenizer::charDescription(std::size_t at) const {
  unsigned cp = decodeCodePoint(in_, at);
  char buf[64];
  if (cp < 32) {
    std::snprintf(buf, sizeof buf, "(CTRL-CHAR, code %u)", cp);
    return buf;
  }
  std::string ch;
  appendUtf8(ch, cp);
  if (cp > 255) {
    std::snprintf(buf, sizeof buf, " (code %u / 0x%x)", cp, cp);
  } else {
    std::snprintf(buf, sizeof buf, " (code %u)", cp);
  }
  return "'" + ch + "'" + buf;
}

std::string JsonTokenizer::locationSuffix(std::size_t offset) const {
  constexpr std::size_t kMaxSource = 500;  // Jackson truncates the quoted source here
  std::string source(in_.substr(0, kMaxSource));
  if (in_.size() > kMaxSource) {
    source += "\"[truncated " + std::to_string(in_.size() - kMaxSource) + " chars]";
  } else {
    source += "\"";
  }
  std::size_t line = 1, lineStart = 0;
  for (std::size_t i = 0; i < offset && i < in_.size(); ++i) {
    if (in_[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  }
  return "\n at [Source: (String)\"" + source + "; line: " + std::to_string(line) +
         ", column: " + std::to_string(offset - lineStart + 1) + "]";
}

void JsonTokenizer::unexpected(std::size_t at, const std::string& expectation) {
  throw JsonSyntaxError("Unexpected character (" + charDescription(at) + "): " + expectation,
                        at + 1);
}

void JsonTokenizer::invalidToken(std::size_t start) {
  std::size_t end = start;
  while (end < in_.size() && isJavaIdentifierPart(in_[end])) ++end;
  if (end == start) ++end;
  throw JsonSyntaxError("Unrecognized token '" + std::string(in_.substr(start, end - start)) +
                            "': was expecting " + kValidValues,
                        end);
}

void JsonTokenizer::endOfInput(const std::string& what) {
  throw JsonSyntaxError("Unexpected end-of-input" + what, in_.size());
}

void JsonTokenizer::skipWhitespace() {
  while (pos_ < in_.size()) {
    char c = in_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      throw JsonSyntaxError("Illegal character (" + charDescription(pos_) +
                                "): only regular white space (\\r, \\n, \\t) is allowed between "
                                "tokens",
                            pos_ + 1);
    } else {
      return;
    }
  }
}

Tok JsonTokenizer::next() {
  skipWhitespace();
  if (expectValueAfterName_) {
    expectValueAfterName_ = false;
    if (pos_ >= in_.size()) endOfInput(": expected a value");
    return readValue(in_[pos_]);
  }
  if (stack_.empty()) {
    // Like the AWS compiler, stop after the root value: trailing text is never read.
    if (rootDone_ || pos_ >= in_.size()) return Tok::End;
    rootDone_ = true;
    return readValue(in_[pos_]);
  }
  if (pos_ >= in_.size()) {
    const char* kind = stack_.back() == Ctx::Object ? "Object" : "Array";
    std::string start = locationSuffix(startOffsets_.back());
    // Jackson puts the start marker in parentheses without the leading newline.
    start = start.substr(5);  // drop "\n at "
    endOfInput(std::string(": expected close marker for ") + kind + " (start marker at " + start +
               ")");
  }
  char c = in_[pos_];
  if (stack_.back() == Ctx::Object) {
    if (c == '}') {
      ++pos_;
      stack_.pop_back();
      startOffsets_.pop_back();
      afterFirstInContainer_ = true;
      return Tok::EndObject;
    }
    if (afterFirstInContainer_) {
      if (c != ',') unexpected(pos_, "was expecting comma to separate Object entries");
      ++pos_;
      skipWhitespace();
      if (pos_ >= in_.size()) endOfInput(": was expecting double-quote to start field name");
      c = in_[pos_];
    }
    if (c != '"') unexpected(pos_, "was expecting double-quote to start field name");
    readString();
    skipWhitespace();
    if (pos_ >= in_.size()) endOfInput(": was expecting a colon to separate field name and value");
    if (in_[pos_] != ':')
      unexpected(pos_, "was expecting a colon to separate field name and value");
    ++pos_;
    expectValueAfterName_ = true;
    afterFirstInContainer_ = true;
    return Tok::FieldName;
  }
  // Array
  if (c == ']') {
    ++pos_;
    stack_.pop_back();
    startOffsets_.pop_back();
    afterFirstInContainer_ = true;
    return Tok::EndArray;
  }
  if (afterFirstInContainer_) {
    if (c != ',') unexpected(pos_, "was expecting comma to separate Array entries");
    ++pos_;
    skipWhitespace();
    if (pos_ >= in_.size()) endOfInput(": expected a value");
    c = in_[pos_];
  }
  afterFirstInContainer_ = true;
  return readValue(c);
}

Tok JsonTokenizer::readValue(char c) {
  switch (c) {
    case '{':
    case '[':
      if (static_cast<int>(stack_.size()) >= maxDepth_) {
        throw JsonSyntaxError("Document nesting depth (" + std::to_string(stack_.size() + 1) +
                                  ") exceeds the maximum allowed (" + std::to_string(maxDepth_) +
                                  ")",
                              pos_ + 1);
      }
      stack_.push_back(c == '{' ? Ctx::Object : Ctx::Array);
      startOffsets_.push_back(pos_);
      ++pos_;
      afterFirstInContainer_ = false;
      return c == '{' ? Tok::StartObject : Tok::StartArray;
    case '"':
      readString();
      return Tok::String;
    case 't':
      return readLiteral("true", Tok::True);
    case 'f':
      return readLiteral("false", Tok::False);
    case 'n':
      return readLiteral("null", Tok::Null);
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
      if (isJavaIdentifierPart(static_cast<unsigned char>(c)) && !(c >= '0' && c <= '9')) {
        invalidToken(pos_);
      }
      unexpected(pos_, std::string("expected a valid value ") + kValidValues);
  }
}

Tok JsonTokenizer::readLiteral(const char* word, Tok tok) {
  std::size_t start = pos_;
  for (const char* w = word; *w; ++w, ++pos_) {
    if (pos_ >= in_.size()) {
      throw JsonSyntaxError("Unexpected end-of-input in a value", pos_);
    }
    if (in_[pos_] != *w) invalidToken(start);
  }
  if (pos_ < in_.size() && isJavaIdentifierPart(in_[pos_])) invalidToken(start);
  text_ = word;
  return tok;
}

Tok JsonTokenizer::readNumber() {
  std::size_t start = pos_;
  bool isFloat = false;
  if (in_[pos_] == '-') {
    ++pos_;
    if (pos_ >= in_.size() || in_[pos_] < '0' || in_[pos_] > '9') {
      if (pos_ >= in_.size()) endOfInput(" in a Number value");
      throw JsonSyntaxError("Unexpected character (" + charDescription(pos_) +
                                ") in numeric value: expected digit (0-9) to follow minus sign, "
                                "for valid numeric value",
                            pos_ + 1);
    }
  }
  if (in_[pos_] == '0' && pos_ + 1 < in_.size() && in_[pos_ + 1] >= '0' && in_[pos_ + 1] <= '9') {
    throw JsonSyntaxError("Invalid numeric value: Leading zeroes not allowed", pos_ + 2);
  }
  while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
  if (pos_ < in_.size() && in_[pos_] == '.') {
    isFloat = true;
    ++pos_;
    if (pos_ >= in_.size() || in_[pos_] < '0' || in_[pos_] > '9') {
      if (pos_ >= in_.size()) endOfInput(" in a Number value");
      throw JsonSyntaxError("Unexpected character (" + charDescription(pos_) +
                                ") in numeric value: Decimal point not followed by a digit",
                            pos_ + 1);
    }
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
  }
  if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
    isFloat = true;
    ++pos_;
    if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
    if (pos_ >= in_.size() || in_[pos_] < '0' || in_[pos_] > '9') {
      if (pos_ >= in_.size()) endOfInput(" in a Number value");
      throw JsonSyntaxError("Unexpected character (" + charDescription(pos_) +
                                ") in numeric value: Exponent indicator not followed by a digit",
                            pos_ + 1);
    }
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
  }
  text_.assign(in_.substr(start, pos_ - start));
  return isFloat ? Tok::NumberFloat : Tok::NumberInt;
}

void JsonTokenizer::readString() {
  ++pos_;  // opening quote
  text_.clear();
  while (true) {
    if (pos_ >= in_.size()) endOfInput(": was expecting closing quote for a string value");
    unsigned char c = in_[pos_];
    if (c == '"') {
      ++pos_;
      return;
    }
    if (c < 0x20) {
      throw JsonSyntaxError("Illegal unquoted character (" + charDescription(pos_) +
                                "): has to be escaped using backslash to be included in string "
                                "value",
                            pos_ + 1);
    }
    if (c != '\\') {
      text_ += static_cast<char>(c);
      ++pos_;
      continue;
    }
    ++pos_;
    if (pos_ >= in_.size()) endOfInput(" in character escape sequence");
    char e = in_[pos_++];
    switch (e) {
      case '"':
        text_ += '"';
        break;
      case '\\':
        text_ += '\\';
        break;
      case '/':
        text_ += '/';
        break;
      case 'b':
        text_ += '\b';
        break;
      case 'f':
        text_ += '\f';
        break;
      case 'n':
        text_ += '\n';
        break;
      case 'r':
        text_ += '\r';
        break;
      case 't':
        text_ += '\t';
        break;
      case 'u': {
        unsigned cp = 0;
        for (int k = 0; k < 4; ++k) {
          if (pos_ >= in_.size()) endOfInput(" in character escape sequence");
          int h = hexValue(in_[pos_]);
          if (h < 0) unexpected(pos_, "expected a hex-digit for character escape sequence");
          cp = (cp << 4) | static_cast<unsigned>(h);
          ++pos_;
        }
        // Join a surrogate pair written as two escapes; a lone surrogate is kept as is.
        if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 5 < in_.size() && in_[pos_] == '\\' &&
            in_[pos_ + 1] == 'u') {
          unsigned lo = 0;
          bool ok = true;
          for (int k = 0; k < 4; ++k) {
            int h = hexValue(in_[pos_ + 2 + k]);
            if (h < 0) ok = false;
            lo = (lo << 4) | static_cast<unsigned>(h < 0 ? 0 : h);
          }
          if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            pos_ += 6;
          }
        }
        appendUtf8(text_, cp);
        break;
      }
      default:
        throw JsonSyntaxError("Unrecognized character escape " + charDescription(pos_ - 1), pos_);
    }
  }
}

}  // namespace ebw::pattern
