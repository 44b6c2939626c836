// A pull tokenizer over JSON text that behaves like Jackson's streaming parser, the parser behind
// AWS's pattern compiler: same token order, same error wording, same error positions. Patterns are
// compiled token by token, so AWS's first error (syntax or semantic) is the one we report.
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
  End,  // end of input at the top level
};

// A syntax error: Jackson's message and the offset just past the offending input.
struct JsonSyntaxError : std::runtime_error {
  JsonSyntaxError(const std::string& message, std::size_t offset)
      : std::runtime_error(message), offset(offset) {}
  std::size_t offset;
};

class JsonTokenizer {
 public:
  JsonTokenizer(std::string_view text, int maxDepth);

  // Advances to the next token. Throws JsonSyntaxError.
  Tok next();

  // The current token's text: the unescaped value for FieldName and String, the literal spelling
  // for numbers, true, false and null.
  const std::string& text() const { return text_; }
  // Offset of the next unread byte: Jackson's "current location".
  std::size_t offset() const { return pos_; }

  // " at [Source: (String)"..."; line: L, column: C]" for an offset, as Jackson appends it.
  std::string locationSuffix(std::size_t offset) const;

 private:
  enum class Ctx : char { Root, Object, Array };

  Tok readValue(char c);
  void readString();
  Tok readNumber();
  Tok readLiteral(const char* word, Tok tok);
  void skipWhitespace();
  [[noreturn]] void unexpected(std::size_t at, const std::string& expectation);
  [[noreturn]] void invalidToken(std::size_t start);
  [[noreturn]] void endOfInput(const std::string& what);
  std::string charDescription(std::size_t at) const;

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string text_;
  std::vector<Ctx> stack_;
  std::vector<std::size_t> startOffsets_;
  bool expectValueAfterName_ = false;  // a FieldName was returned; its value comes next
  bool afterFirstInContainer_ = false;
  bool rootDone_ = false;
  int maxDepth_;
};

}  // namespace ebw::pattern
