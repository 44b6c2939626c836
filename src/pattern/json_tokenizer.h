// A pull tokenizer over JSON text that behaves like the parser behind AWS's pattern compiler:
// event-ruler's JsonRuleCompiler hands the pattern String to JsonFactory.createParser(String), that
// is Jackson's ReaderBasedJsonParser, as of jackson-core 2.19 (event-ruler 1.9 and later depend on
// 2.19.x; AWS reports a single quote that should start a field name at the quote itself, which only
// 2.17 and later do). The same token order, the same laziness, the same error wording and the same
// error positions. The details that decide AWS's answers:
//   - A field name is read together with the colon after it and the start of its value: a number
//     or true/false/null entirely, a string or container only its first character.
//   - A string is read only as far as its opening quote; the rest is read when its text is asked
//     for (text()) or when the next token is (next()), which is when an error inside it surfaces.
//   - An error's location is just past the last character read (Jackson's currentLocation()), or,
//     for an unexpected character, an unescaped control character in a string, a bad escape or a
//     close marker that closes nothing or the wrong thing, at that character
//     (_currentLocationMinusOne(), since 2.17). A leading byte-order mark is such an unexpected
//     character: no char-based path of Jackson skips it, so it stands at column 1. Columns count
//     UTF-16 units from the start of the line (lines end at LF, CR or CRLF between tokens).
//   - 2.19 names ALLOW_RS_CONTROL_CHAR for a record separator between tokens and reports a close
//     marker at the top level as closing nothing ("no open Array to close").
// Patterns are compiled token by token, so AWS's first error (syntax or semantic) is ours.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ebw::pattern {

enum class Tok {
  StartObject,
  EndObject,
  StartArray,
  EndArray,
  FieldName,
  String,
  NumberInt,
  NumberFloat,
  True,
  False,
  Null,
  End,  // no token: the end of the input at the top level (Jackson's null)
};

// A failure as Jackson reports it: its message and its location suffix ("\n at [Source: ...]"),
// which is empty for Jackson's stream-constraint failures (they carry no location).
struct JsonSyntaxError : std::runtime_error {
  JsonSyntaxError(const std::string& message, std::string location)
      : std::runtime_error(message), location(std::move(location)) {}
  // Jackson's getMessage(): the message followed by its location.
  std::string fullMessage() const { return what() + location; }
  std::string location;
};

class JsonTokenizer {
 public:
  JsonTokenizer(std::string_view text, int maxDepth);

  // Jackson's nextToken(). Throws JsonSyntaxError.
  Tok next();
  // Jackson's getText() for the current token: a string's unescaped value (read to its closing
  // quote first, which can fail), a field name, a number's spelling, "true"/"false"/"null", a
  // bracket, or "null" for End (Java prints a null text as "null"). Throws JsonSyntaxError.
  const std::string& text();
  // The name of the last field name token.
  const std::string& fieldName() const { return name_; }
  // "\n at [Source: ...; line: L, column: C]" for Jackson's current location.
  std::string location() const;

 private:
  // One UTF-16 unit as Jackson reads it: a code point up to U+FFFF, the high surrogate of one
  // above (the whole UTF-8 sequence is consumed, but Jackson's position is one unit short), or
  // U+FFFD for a byte that is not well-formed UTF-8.
  struct Unit {
    char32_t unit = 0;
    std::size_t at = 0;     // where it starts
    std::size_t bytes = 0;  // its UTF-8 length
  };
  struct Context {
    char type;                        // 'R' root, 'A' array, 'O' object
    int index;                        // entries started, minus one
    std::size_t line, rowStart, pos;  // where it started: just past its opening bracket
  };

  Unit readUnit();  // the unit at pos_, consumed
  bool skipWsOrEnd(Unit& u);
  void skipComma(Unit& u);
  void skipColon(Unit& u);
  void skipWhitespaceByte(unsigned char b);
  Tok readValue(const Unit& u, bool inObject);
  Tok closeScope(const Unit& u);
  void pushContext(char type);
  void readQuoted(std::string* out, bool isName);
  void appendEscape(std::string* out, char16_t& pendingHigh);
  Tok matchLiteral(const char* word, Tok tok);
  void matchRest(const std::string& word, std::size_t from);
  Tok handleOddValue(const Unit& u);
  Tok handleInvalidNumberStart(Unit u, bool negative, bool hasSign);
  Tok parseNumber(std::size_t start, bool negative);
  Tok parseNumberSlow(std::size_t start, bool negative);
  Tok finishNumber(std::size_t start, std::size_t end, bool isFloat, int digits);
  void verifyRootSpace(const Unit& c);

  [[noreturn]] void failHere(const std::string& message) const;
  [[noreturn]] void failAtByte(const std::string& message, std::size_t pos) const;
  [[noreturn]] void failAfter(const Unit& u, const std::string& message) const;
  [[noreturn]] void failOn(const Unit& u, const std::string& message) const;
  [[noreturn]] void failUnexpected(const Unit& u, const std::string& comment) const;
  [[noreturn]] void failNumberChar(const Unit& u, const std::string& comment) const;
  [[noreturn]] void failEndOfInput(const std::string& what) const;
  [[noreturn]] void failInvalidToken(std::string prefix);
  [[noreturn]] void failConstraint(const std::string& message) const;
  std::string locationAt(std::size_t line, std::size_t rowStart, std::size_t pos,
                         int unitAdjust = 0) const;
  std::string startLocation(const Context& c) const;
  static std::string describe(char32_t unit);

  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1, rowStart_ = 0;
  std::vector<Context> ctx_;
  Tok cur_ = Tok::End;
  Tok pending_ = Tok::End;   // the value token read with a field name
  bool stringOpen_ = false;  // a String token whose body is not read yet
  std::size_t tokLine_ = 1, tokRowStart_ = 0, tokPos_ = 0;  // where the last value token began
  std::string text_, name_;
  int maxDepth_;
};

}  // namespace ebw::pattern
