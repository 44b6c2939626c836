#include "pattern/json_tokenizer.h"

#include <algorithm>
#include <cstdio>

#include "common/jackson_location.h"
#include "common/utf8.h"
#include "pattern/unicode_tables.h"

namespace ebw::pattern {

namespace {

const char* const kValidValues =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const char* const kNonNumeric = "': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow";
constexpr std::size_t kMaxErrorTokenLength = 256;  // Jackson's MAX_ERROR_TOKEN_LENGTH
constexpr int kMaxNumberLength = 1000;             // StreamReadConstraints' default

bool isDigit(char32_t c) {
  return c >= '0' && c <= '9';
}

// Java's Character.isJavaIdentifierStart (kind 2) / isJavaIdentifierPart (kind >= 1) of a unit.
int identifierKind(char32_t unit) {
  if (unit < 0x80) {
    if ((unit >= 'a' && unit <= 'z') || (unit >= 'A' && unit <= 'Z') || unit == '_' || unit == '$')
      return 2;
    if (isDigit(unit) || unit <= 0x08 || (unit >= 0x0E && unit <= 0x1B) || unit == 0x7F) return 1;
    return 0;
  }
  if (unit > 0xFFFF) return 0;
  const auto* begin = unicode::kJavaIdentifierRanges;
  const auto* end = begin + unicode::kJavaIdentifierRangeCount;
  const auto* r = std::upper_bound(
      begin, end, unit, [](char32_t u, const unicode::IdentifierRange& x) { return u < x.first; });
  if (r == begin) return 0;
  --r;
  return unit <= r->last ? r->kind : 0;
}

bool isIsoControl(char32_t unit) {
  return unit < 0x20 || (unit >= 0x7F && unit <= 0x9F);
}

int hexValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

// A UTF-16 unit as text. A surrogate alone is no character: Java's UTF-8 encoder writes '?' for it.
std::string unitText(char32_t unit) {
  std::string s;
  utf8::append(s, unit >= 0xD800 && unit <= 0xDFFF ? '?' : unit);
  return s;
}

}  // namespace

JsonTokenizer::JsonTokenizer(std::string_view text, int maxDepth) : in_(text), maxDepth_(maxDepth) {
  ctx_.push_back(Context{'R', -1, 1, 0, 0});
}

// ---- errors and locations ----

std::string JsonTokenizer::describe(char32_t unit) {
  char buf[64];
  if (isIsoControl(unit)) {
    std::snprintf(buf, sizeof buf, "(CTRL-CHAR, code %u)", static_cast<unsigned>(unit));
    return buf;
  }
  if (unit > 255) {
    std::snprintf(buf, sizeof buf, "' (code %u / 0x%x)", static_cast<unsigned>(unit),
                  static_cast<unsigned>(unit));
  } else {
    std::snprintf(buf, sizeof buf, "' (code %u)", static_cast<unsigned>(unit));
  }
  return "'" + unitText(unit) + buf;
}

std::string JsonTokenizer::locationAt(std::size_t line, std::size_t rowStart, std::size_t pos,
                                      int unitAdjust) const {
  const std::size_t column = utf8::utf16Units(in_, rowStart, pos) + 1 + unitAdjust;
  return "\n at " + jacksonLocation(in_, line, column);
}

std::string JsonTokenizer::location() const {
  return locationAt(line_, rowStart_, pos_);
}

std::string JsonTokenizer::startLocation(const Context& c) const {
  // An array's or object's column is the position just past its bracket, not plus one: the
  // bracket's own 1-based column. (The root is never named: it has no start marker.)
  const std::size_t column = utf8::utf16Units(in_, c.rowStart, c.pos);
  return jacksonLocation(in_, c.line, column);
}

void JsonTokenizer::failHere(const std::string& message) const {
  throw JsonSyntaxError(message, location());
}

void JsonTokenizer::failAtByte(const std::string& message, std::size_t pos) const {
  throw JsonSyntaxError(message, locationAt(line_, rowStart_, pos));
}

void JsonTokenizer::failAfter(const Unit& u, const std::string& message) const {
  // Past one unit: for a character above U+FFFF, Jackson has read only its high surrogate.
  throw JsonSyntaxError(message,
                        locationAt(line_, rowStart_, u.at + u.bytes, u.bytes == 4 ? -1 : 0));
}

// Jackson 2.17 reports an unexpected character, a bad escape, an unescaped control character and
// a mismatched close marker at the character itself, one before its current location.
void JsonTokenizer::failOn(const Unit& u, const std::string& message) const {
  failAtByte(message, u.at);
}

void JsonTokenizer::failUnexpected(const Unit& u, const std::string& comment) const {
  failOn(u, "Unexpected character (" + describe(u.unit) + "): " + comment);
}

void JsonTokenizer::failNumberChar(const Unit& u, const std::string& comment) const {
  failOn(u, "Unexpected character (" + describe(u.unit) + ") in numeric value: " + comment);
}

void JsonTokenizer::failEndOfInput(const std::string& what) const {
  failHere("Unexpected end-of-input" + what);
}

void JsonTokenizer::failConstraint(const std::string& message) const {
  throw JsonSyntaxError(message, "");
}

// Jackson names the token by what it matched so far plus the Java identifier characters that
// follow it (at most 256 units, then "...").
void JsonTokenizer::failInvalidToken(std::string prefix) {
  std::size_t units = utf8::utf16Units(prefix, 0, prefix.size());
  while (pos_ < in_.size()) {
    const std::size_t at = pos_;
    const Unit u = readUnit();
    if (identifierKind(u.unit) == 0) {
      pos_ = at;
      break;
    }
    prefix += unitText(u.unit);
    if (++units >= kMaxErrorTokenLength) {
      prefix += "...";
      break;
    }
  }
  failHere("Unrecognized token '" + prefix + "': was expecting " + kValidValues);
}

// ---- characters and whitespace ----

JsonTokenizer::Unit JsonTokenizer::readUnit() {
  Unit u;
  u.at = pos_;
  char32_t cp = 0;
  const std::size_t len = utf8::decode(in_, pos_, cp);
  if (len == 0) {
    u.unit = 0xFFFD;
    u.bytes = 1;
  } else if (cp > 0xFFFF) {
    u.unit = 0xD800 + ((cp - 0x10000) >> 10);  // the high surrogate is what Jackson sees first
    u.bytes = len;
  } else {
    u.unit = cp;
    u.bytes = len;
  }
  pos_ += u.bytes;
  return u;
}

// Whitespace byte `b` at pos_ (below or equal to a space): consumed, lines counted as Jackson
// counts them (LF, CR, CRLF); any other control character is an error.
void JsonTokenizer::skipWhitespaceByte(unsigned char b) {
  const std::size_t at = pos_++;
  if (b == ' ' || b == '\t') return;
  if (b == '\n' || b == '\r') {
    if (b == '\r' && pos_ < in_.size() && in_[pos_] == '\n') ++pos_;
    ++line_;
    rowStart_ = pos_;
    return;
  }
  // jackson-core 2.19 added JsonReadFeature.ALLOW_RS_CONTROL_CHAR (off by default, as in
  // event-ruler) and names it when the character is a record separator.
  std::string message = "Illegal character (" + describe(b) +
                        "): only regular white space (\\r, \\n, \\t) is allowed between tokens";
  if (b == 0x1E) {
    message +=
        " (consider enabling `JsonReadFeature.ALLOW_RS_CONTROL_CHAR` to allow use of Record "
        "Separators (\\u001E))";
  }
  failAfter(Unit{b, at, 1}, message);
}

// The next character that is not whitespace, consumed; false at the end of the input.
bool JsonTokenizer::skipWsOrEnd(Unit& u) {
  while (pos_ < in_.size()) {
    const unsigned char b = static_cast<unsigned char>(in_[pos_]);
    if (b > ' ') {
      u = readUnit();
      if (b == '/') {
        failUnexpected(u,
                       "maybe a (non-standard) comment? (not recognized as one since Feature "
                       "'ALLOW_COMMENTS' not enabled for parser)");
      }
      return true;
    }
    skipWhitespaceByte(b);
  }
  return false;
}

void JsonTokenizer::skipComma(Unit& u) {
  const std::string kind = ctx_.back().type == 'A' ? "Array" : "Object";
  if (u.unit != ',') failUnexpected(u, "was expecting comma to separate " + kind + " entries");
  if (!skipWsOrEnd(u)) failEndOfInput(" within/between " + kind + " entries");
}

void JsonTokenizer::skipColon(Unit& u) {
  for (bool gotColon = false;;) {
    if (!skipWsOrEnd(u)) failEndOfInput(" within/between Object entries");
    if (gotColon) return;
    if (u.unit != ':') failUnexpected(u, "was expecting a colon to separate field name and value");
    gotColon = true;
  }
}

// ---- tokens ----

Tok JsonTokenizer::next() {
  if (cur_ == Tok::FieldName) {
    cur_ = pending_;
    if (cur_ == Tok::StartObject || cur_ == Tok::StartArray)
      pushContext(cur_ == Tok::StartObject ? 'O' : 'A');
    return cur_;
  }
  if (stringOpen_) readQuoted(nullptr, false);  // skip the rest of an unread string
  Unit u;
  if (!skipWsOrEnd(u)) {
    const Context& c = ctx_.back();
    if (c.type != 'R') {
      failEndOfInput(std::string(": expected close marker for ") +
                     (c.type == 'A' ? "Array" : "Object") + " (start marker at " +
                     startLocation(c) + ")");
    }
    return cur_ = Tok::End;
  }
  if (u.unit == ']' || u.unit == '}') return cur_ = closeScope(u);
  Context& c = ctx_.back();
  if (++c.index > 0 && c.type != 'R') skipComma(u);
  if (c.type == 'O') {
    if (u.unit != '"') failUnexpected(u, "was expecting double-quote to start field name");
    readQuoted(&name_, true);
    skipColon(u);
    pending_ = readValue(u, true);
    return cur_ = Tok::FieldName;
  }
  return cur_ = readValue(u, false);
}

const std::string& JsonTokenizer::text() {
  switch (cur_) {
    case Tok::String:
      if (stringOpen_) readQuoted(&text_, false);
      return text_;
    case Tok::FieldName:
      return name_;
    case Tok::StartObject:
      return text_ = "{";
    case Tok::EndObject:
      return text_ = "}";
    case Tok::StartArray:
      return text_ = "[";
    case Tok::EndArray:
      return text_ = "]";
    case Tok::True:
      return text_ = "true";
    case Tok::False:
      return text_ = "false";
    case Tok::Null:
    case Tok::End:
      return text_ = "null";
    default:
      return text_;  // a number's spelling, kept when it was read
  }
}

// The value starting with `u` (already consumed). Inside an object, a container's context is
// entered only when next() returns its token, as Jackson does.
Tok JsonTokenizer::readValue(const Unit& u, bool inObject) {
  tokLine_ = line_;
  tokRowStart_ = rowStart_;
  tokPos_ = pos_;
  switch (u.unit) {
    case '"':
      stringOpen_ = true;
      return Tok::String;
    case '[':
    case '{':
      if (!inObject) pushContext(u.unit == '{' ? 'O' : 'A');
      return u.unit == '{' ? Tok::StartObject : Tok::StartArray;
    case 't':
      return matchLiteral("true", Tok::True);
    case 'f':
      return matchLiteral("false", Tok::False);
    case 'n':
      return matchLiteral("null", Tok::Null);
    case '-':
      return parseNumber(u.at, true);
    case '}':
      failUnexpected(u, "expected a value");
    default:
      if (isDigit(u.unit)) return parseNumber(u.at, false);
      return handleOddValue(u);  // also '+' and '.', which Jackson's defaults refuse
  }
}

Tok JsonTokenizer::closeScope(const Unit& u) {
  const Context& c = ctx_.back();
  const char wanted = u.unit == ']' ? 'A' : 'O';
  // With no scope open, jackson-core 2.19 says so (core#1394) instead of naming a "root" start.
  if (c.type == 'R') {
    failOn(u, std::string("Unexpected close marker '") + static_cast<char>(u.unit) + "': no open " +
                  (wanted == 'A' ? "Array" : "Object") + " to close");
  }
  if (c.type != wanted) {
    failOn(u, std::string("Unexpected close marker '") + static_cast<char>(u.unit) +
                  "': expected '" + (wanted == 'A' ? '}' : ']') + "' (for " +
                  (c.type == 'A' ? "Array" : "Object") + " starting at " + startLocation(c) + ")");
  }
  ctx_.pop_back();
  return wanted == 'A' ? Tok::EndArray : Tok::EndObject;
}

void JsonTokenizer::pushContext(char type) {
  const int depth = static_cast<int>(ctx_.size());  // the root context is depth 0
  if (depth > maxDepth_) {
    failConstraint("Document nesting depth (" + std::to_string(depth) +
                   ") exceeds the maximum allowed (" + std::to_string(maxDepth_) +
                   ", from `StreamReadConstraints.getMaxNestingDepth()`)");
  }
  ctx_.push_back(Context{type, -1, tokLine_, tokRowStart_, tokPos_});
}

// A string or name body, pos_ just past its opening quote; `out` receives the unescaped value
// (nullptr skips it). Bytes are copied as they are, so a value keeps its spelling.
void JsonTokenizer::readQuoted(std::string* out, bool isName) {
  if (!isName) stringOpen_ = false;
  if (out) out->clear();
  char16_t pendingHigh = 0;  // a \u escape of a high surrogate, waiting for its low half
  const auto flushHigh = [&] {
    if (pendingHigh && out) utf8::append(*out, pendingHigh);
    pendingHigh = 0;
  };
  while (true) {
    if (pos_ >= in_.size()) {
      failEndOfInput(isName ? " in field name"
                            : ": was expecting closing quote for a string value");
    }
    const unsigned char b = static_cast<unsigned char>(in_[pos_]);
    if (b == '"') {
      ++pos_;
      flushHigh();
      return;
    }
    if (b == '\\') {
      ++pos_;
      appendEscape(out, pendingHigh);
      continue;
    }
    flushHigh();
    if (b < 0x20) {
      failOn(Unit{b, pos_, 1}, "Illegal unquoted character (" + describe(b) +
                                   "): has to be escaped using backslash to be included in " +
                                   (isName ? "name" : "string value"));
    }
    if (out) *out += static_cast<char>(b);
    ++pos_;
  }
}

void JsonTokenizer::appendEscape(std::string* out, char16_t& pendingHigh) {
  const char* const kEof = " in character escape sequence";
  if (pos_ >= in_.size()) failEndOfInput(kEof);
  const Unit e = readUnit();
  char32_t value = 0;
  switch (e.unit) {
    case 'b':
      value = '\b';
      break;
    case 't':
      value = '\t';
      break;
    case 'n':
      value = '\n';
      break;
    case 'f':
      value = '\f';
      break;
    case 'r':
      value = '\r';
      break;
    case '"':
    case '/':
    case '\\':
      value = e.unit;
      break;
    case 'u':
      for (int k = 0; k < 4; ++k) {
        if (pos_ >= in_.size()) failEndOfInput(kEof);
        const Unit h = readUnit();
        const int digit = hexValue(h.unit);
        if (digit < 0) failUnexpected(h, "expected a hex-digit for character escape sequence");
        value = value << 4 | static_cast<char32_t>(digit);
      }
      break;
    default:
      failOn(e, "Unrecognized character escape " + describe(e.unit));
  }
  // Java keeps UTF-16 units; two escaped halves of a pair make one character.
  if (pendingHigh && value >= 0xDC00 && value <= 0xDFFF) {
    if (out) utf8::append(*out, 0x10000 + ((pendingHigh - 0xD800) << 10) + (value - 0xDC00));
    pendingHigh = 0;
    return;
  }
  if (pendingHigh && out) utf8::append(*out, pendingHigh);
  pendingHigh = 0;
  if (value >= 0xD800 && value <= 0xDBFF) {
    pendingHigh = static_cast<char16_t>(value);
  } else if (out) {
    utf8::append(*out, value);
  }
}

// A literal whose first letter was read: the rest must follow, and no identifier character after.
Tok JsonTokenizer::matchLiteral(const char* word, Tok tok) {
  matchRest(word, 1);
  return tok;
}

void JsonTokenizer::matchRest(const std::string& word, std::size_t from) {
  for (std::size_t k = from; k < word.size(); ++k) {
    if (pos_ >= in_.size() || in_[pos_] != word[k]) failInvalidToken(word.substr(0, k));
    ++pos_;
  }
  if (pos_ >= in_.size()) return;
  const std::size_t at = pos_;
  const Unit next = readUnit();
  pos_ = at;
  if (next.unit >= '0' && next.unit != ']' && next.unit != '}' && identifierKind(next.unit) != 0)
    failInvalidToken(word);
}

Tok JsonTokenizer::handleOddValue(const Unit& u) {
  switch (u.unit) {
    case 'N':
      matchRest("NaN", 1);
      failHere(std::string("Non-standard token 'NaN") + kNonNumeric);
    case 'I':
      matchRest("Infinity", 1);
      failHere(std::string("Non-standard token 'Infinity") + kNonNumeric);
    case '+':
      if (pos_ >= in_.size()) failEndOfInput(" in a Number value");
      return handleInvalidNumberStart(readUnit(), false, true);
    default:
      break;
  }
  if (identifierKind(u.unit) == 2) failInvalidToken(unitText(u.unit));
  if (u.unit == 0xFEFF && u.at == 0) {
    // A leading byte-order mark: issue 15 measured event-ruler 2.0.1 (jackson-core 2.19) at
    // column 2, one past the character, though the sources read as column 1 (README, fidelity).
    failAfter(u, "Unexpected character (" + describe(u.unit) + "): expected a valid value " +
                     kValidValues);
  }
  failUnexpected(u, std::string("expected a valid value ") + kValidValues);
}

// A sign followed by `u` (consumed), which is not a digit.
Tok JsonTokenizer::handleInvalidNumberStart(Unit u, bool negative, bool hasSign) {
  if (u.unit == 'I') {
    if (pos_ >= in_.size()) failEndOfInput(" in a Number value");
    u = readUnit();
    const char* word = u.unit == 'N' ? "INF" : u.unit == 'n' ? "Infinity" : nullptr;
    if (word) {
      const std::string match = std::string(negative ? "-" : "+") + word;
      matchRest(match, 3);
      failHere("Non-standard token '" + match + kNonNumeric);
    }
  }
  if (hasSign && !negative) {
    failOn(u,
           "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow "
           "numbers to have plus signs: enable "
           "`JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow");
  }
  failNumberChar(u, negative ? "expected digit (0-9) to follow minus sign, for valid numeric value"
                             : "expected digit (0-9) for valid numeric value");
}

// A number starting at `start`; its first character (a digit or '-') is consumed. Jackson scans it
// in place and reports a bad fraction or exponent at the first '.' or 'e' (one before the position
// it keeps while scanning). A number that starts with 0, or whose scan reaches the end of the
// input, goes through its second reader instead, which reports at the offending character.
Tok JsonTokenizer::parseNumber(std::size_t start, bool negative) {
  const std::size_t n = in_.size();
  if (negative) {
    if (pos_ >= n) return parseNumberSlow(start, true);
    const Unit c = readUnit();
    if (c.unit == '.') failUnexpected(c, std::string("expected a valid value ") + kValidValues);
    if (!isDigit(c.unit)) return handleInvalidNumberStart(c, true, true);
  }
  if (in_[pos_ - 1] == '0') return parseNumberSlow(start, negative);
  int intLen = 1, fractLen = 0, expLen = 0;
  Unit c;
  for (;; ++intLen) {
    if (pos_ >= n) return parseNumberSlow(start, negative);
    c = readUnit();
    if (!isDigit(c.unit)) break;
  }
  const bool isFloat = c.unit == '.' || c.unit == 'e' || c.unit == 'E';
  // Jackson's position while it scans the rest in place: just past this first '.' or 'e' (its
  // character errors are reported one before that).
  const std::size_t reportAt = pos_;
  if (c.unit == '.') {
    for (;; ++fractLen) {
      if (pos_ >= n) return parseNumberSlow(start, negative);
      c = readUnit();
      if (!isDigit(c.unit)) break;
    }
    if (fractLen == 0) {
      failAtByte("Unexpected character (" + describe(c.unit) +
                     ") in numeric value: Decimal point not followed by a digit",
                 reportAt - 1);
    }
  }
  if (c.unit == 'e' || c.unit == 'E') {
    if (pos_ >= n) return parseNumberSlow(start, negative);
    c = readUnit();
    if (c.unit == '-' || c.unit == '+') {
      if (pos_ >= n) return parseNumberSlow(start, negative);
      c = readUnit();
    }
    for (; isDigit(c.unit); ++expLen) {
      if (pos_ >= n) return parseNumberSlow(start, negative);
      c = readUnit();
    }
    if (expLen == 0) {
      failAtByte("Unexpected character (" + describe(c.unit) +
                     ") in numeric value: Exponent indicator not followed by a digit",
                 reportAt - 1);
    }
  }
  pos_ = c.at;  // the character after the number is read again as the next token
  return finishNumber(start, c.at, isFloat, intLen + fractLen + expLen);
}

// Jackson's second number reader: character by character from the start, so that an error is
// reported just past the character that caused it.
Tok JsonTokenizer::parseNumberSlow(std::size_t start, bool negative) {
  const std::size_t n = in_.size();
  pos_ = negative ? start + 1 : start;
  if (pos_ >= n) failEndOfInput("No digit following sign");
  Unit c = readUnit();
  if (c.unit == '0' && pos_ < n && isDigit(static_cast<unsigned char>(in_[pos_])))
    failHere("Invalid numeric value: Leading zeroes not allowed");
  bool eof = false;
  int intLen = 0, fractLen = -1, expLen = -1;
  while (isDigit(c.unit)) {
    ++intLen;
    if (pos_ >= n) {
      eof = true;
      break;
    }
    c = readUnit();
  }
  if (intLen == 0) return handleInvalidNumberStart(c, negative, false);
  if (!eof && c.unit == '.') {
    fractLen = 0;
    while (true) {
      if (pos_ >= n) {
        eof = true;
        break;
      }
      c = readUnit();
      if (!isDigit(c.unit)) break;
      ++fractLen;
    }
    if (fractLen == 0) failNumberChar(c, "Decimal point not followed by a digit");
  }
  if (!eof && (c.unit == 'e' || c.unit == 'E')) {
    expLen = 0;
    if (pos_ >= n) failEndOfInput("expected a digit for number exponent");
    c = readUnit();
    if (c.unit == '-' || c.unit == '+') {
      if (pos_ >= n) failEndOfInput("expected a digit for number exponent");
      c = readUnit();
    }
    while (isDigit(c.unit)) {
      ++expLen;
      if (pos_ >= n) {
        eof = true;
        break;
      }
      c = readUnit();
    }
    if (expLen == 0) failNumberChar(c, "Exponent indicator not followed by a digit");
  }
  const std::size_t end = eof ? n : c.at;
  if (!eof) pos_ = c.at;
  return finishNumber(start, end, fractLen >= 0 || expLen >= 0,
                      intLen + std::max(fractLen, 0) + std::max(expLen, 0));
}

// The number in_[start, end) has been read (`digits` digits in all); pos_ is at the character
// after it, or at the end.
Tok JsonTokenizer::finishNumber(std::size_t start, std::size_t end, bool isFloat, int digits) {
  if (ctx_.back().type == 'R' && pos_ < in_.size()) verifyRootSpace(readUnit());
  if (digits > kMaxNumberLength) {
    failConstraint("Number value length (" + std::to_string(digits) +
                   ") exceeds the maximum allowed (" + std::to_string(kMaxNumberLength) +
                   ", from `StreamReadConstraints.getMaxNumberLength()`)");
  }
  text_.assign(in_.substr(start, end - start));
  return isFloat ? Tok::NumberFloat : Tok::NumberInt;
}

// A number at the top level must be followed by whitespace; Jackson consumes one space, tab or LF
// (a CR it leaves).
void JsonTokenizer::verifyRootSpace(const Unit& c) {
  if (c.unit == ' ' || c.unit == '\t') return;
  if (c.unit == '\r') {
    pos_ = c.at;
    return;
  }
  if (c.unit == '\n') {
    ++line_;
    rowStart_ = pos_;
    return;
  }
  failUnexpected(c, "Expected space separating root-level values");
}

}  // namespace ebw::pattern
