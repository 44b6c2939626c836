// JSON text as text: validation with Jackson's error positions, and read-only navigation over the
// original characters of a validated document. The transformer works on the event's own text so
// that a value keeps its original spelling (numbers are never re-formatted) and so that no input,
// however large or deep, is turned into a recursive DOM.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ebw::transform::json {

enum class Kind { Object, Array, String, Number, True, False, Null };

// One value of a document: [begin, end) in the text, and its kind.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  Kind kind = Kind::Null;
};

// The outcome of a strict (RFC 8259) syntax check of a whole document: one value, optionally
// surrounded by whitespace, nested at most `maxDepth` deep. Trailing content after the value is an
// error (Jackson's FAIL_ON_TRAILING_TOKENS behaviour).
struct SyntaxCheck {
  bool ok = false;
  Span root;  // when ok
  // When !ok: where Jackson's parser would report the error: its "current location", i.e. just
  // past the input it had consumed. Line and column are 1-based; the column counts UTF-16 units
  // from the start of the line, as Java does.
  std::size_t errorOffset = 0;
  std::size_t errorLine = 1;
  std::size_t errorColumn = 1;
};

SyntaxCheck checkDocument(std::string_view text, int maxDepth);

// Jackson's location text for a failed check, e.g. [Source: (String)"env:dev"; line: 1, column: 4]
// (the source is quoted up to 500 characters, then "[truncated N chars]").
std::string jacksonLocation(std::string_view text, const SyntaxCheck& failed);

// ---- navigation; every function below requires spans of a document checkDocument accepted ----

// The value of member `key` (the last one when the key repeats, as Jackson keeps it).
std::optional<Span> member(std::string_view text, const Span& object, std::string_view key);
// Element `index` of an array.
std::optional<Span> element(std::string_view text, const Span& array, std::size_t index);
std::size_t elementCount(std::string_view text, const Span& array);
// Calls fn(decodedKey, value) for every member, in document order.
void forEachMember(std::string_view text, const Span& object,
                   const std::function<void(const std::string&, const Span&)>& fn);
void forEachElement(std::string_view text, const Span& array,
                    const std::function<void(const Span&)>& fn);

// The unescaped content of a String span.
std::string decodeString(std::string_view text, const Span& s);
// Appends `decoded` JSON-escaped the way Jackson's generator does (", \, and control characters;
// \b \t \n \f \r short forms, \u00XX otherwise), without the surrounding quotes.
void appendEscaped(std::string& out, std::string_view decoded);
// Appends the value as Jackson's compact serialisation would print it: no whitespace, strings
// re-escaped as above, numbers and literals in their original spelling.
void appendCompact(std::string& out, std::string_view text, const Span& value);
std::string compact(std::string_view text, const Span& value);

// Removes the whitespace outside strings; everything else is copied unchanged.
std::string minify(std::string_view text);

// `s` with every byte sequence that is not well-formed UTF-8 replaced by U+FFFD, so that it can be
// stored in an ebw::Json (whose dump() throws on invalid UTF-8).
std::string validUtf8(std::string_view s);

}  // namespace ebw::transform::json
