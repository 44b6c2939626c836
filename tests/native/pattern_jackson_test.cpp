// The pattern compiler's Jackson texts, whole (message and location), against Jackson itself: each
// expected message below is what jackson-core 2.14.1 (Debian's libjackson2-core-java) reported for
// the pattern when read the way event-ruler reads a rule, with the location of the error kinds
// that jackson-core 2.17 reports one character earlier (an unexpected character, an unescaped
// control character, a bad escape, a mismatched close marker) moved back by one, which is what
// AWS's answers show (a single quote starting a field name: column 2, not 3). Beyond those, the
// examples the AWS corpus does not hold: columns in UTF-16 units, the classes AWS reports without
// a location, errors repeated inside lists, and the order of errors.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/aws_error.h"
#include "pattern/pattern.h"

namespace {

using ebw::AwsError;
using ebw::pattern::compilePattern;

const std::string kPrefix = "Event pattern is not valid. Reason: ";

// The reason after AWS's prefix, location(s) included, or "<accepted>".
std::string reasonWithLocation(const std::string& pattern) {
  try {
    compilePattern(pattern);
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "InvalidEventPatternException") << pattern;
    const std::string m = e.message();
    EXPECT_EQ(m.compare(0, kPrefix.size(), kPrefix), 0) << m;
    return m.substr(kPrefix.size());
  }
  return "<accepted>";
}

std::string at(const std::string& source, int column, int line = 1) {
  return "\n at [Source: (String)\"" + source + "\"; line: " + std::to_string(line) +
         ", column: " + std::to_string(column) + "]";
}

TEST(PatternJackson, SyntaxErrorsAsJacksonReportsThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{'bad': 'quotation'}",
       "Unexpected character (''' (code 39)): was expecting double-quote to start field name\n at "
       "[Source: (String)\"{'bad': 'quotation'}\"; line: 1, column: 2]"},
      {"{\"a\":[01]}",
       "Invalid numeric value: Leading zeroes not allowed\n at [Source: (String)\"{\"a\":[01]}\"; "
       "line: 1, column: 8]"},
      {"{\"a\":[1.x]}",
       "Unexpected character ('x' (code 120)) in numeric value: Decimal point not followed by a "
       "digit\n at [Source: (String)\"{\"a\":[1.x]}\"; line: 1, column: 8]"},
      {"{\"a\":[1.5ex]}",
       "Unexpected character ('x' (code 120)) in numeric value: Exponent indicator not followed by "
       "a digit\n at [Source: (String)\"{\"a\":[1.5ex]}\"; line: 1, column: 8]"},
      {"{\"a\":[1ex]}",
       "Unexpected character ('x' (code 120)) in numeric value: Exponent indicator not followed by "
       "a digit\n at [Source: (String)\"{\"a\":[1ex]}\"; line: 1, column: 8]"},
      {"{\"a\":[1e+x]}",
       "Unexpected character ('x' (code 120)) in numeric value: Exponent indicator not followed by "
       "a digit\n at [Source: (String)\"{\"a\":[1e+x]}\"; line: 1, column: 8]"},
      {"{\"a\":[1e]}",
       "Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by "
       "a digit\n at [Source: (String)\"{\"a\":[1e]}\"; line: 1, column: 8]"},
      {"{\"a\":[1.]}",
       "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a "
       "digit\n at [Source: (String)\"{\"a\":[1.]}\"; line: 1, column: 8]"},
      {"{\"a\":[-]}",
       "Unexpected character (']' (code 93)) in numeric value: expected digit (0-9) to follow "
       "minus sign, for valid numeric value\n at [Source: (String)\"{\"a\":[-]}\"; line: 1, "
       "column: 8]"},
      {"{\"a\":[-x]}",
       "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow "
       "minus sign, for valid numeric value\n at [Source: (String)\"{\"a\":[-x]}\"; line: 1, "
       "column: 8]"},
      {"{\"a\":[-.5]}",
       "Unexpected character ('.' (code 46)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[-.5]}\"; line: "
       "1, column: 8]"},
      {"{\"a\":[+1]}",
       "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to "
       "have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow\n "
       "at [Source: (String)\"{\"a\":[+1]}\"; line: 1, column: 8]"},
      {"{\"a\":[+x]}",
       "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to "
       "have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow\n "
       "at [Source: (String)\"{\"a\":[+x]}\"; line: 1, column: 8]"},
      {"{\"a\":[+]}",
       "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to "
       "have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow\n "
       "at [Source: (String)\"{\"a\":[+]}\"; line: 1, column: 8]"},
      {"{\"a\":[.5]}",
       "Unexpected character ('.' (code 46)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[.5]}\"; line: "
       "1, column: 7]"},
      {"{\"a\":[NaN]}",
       "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow\n at "
       "[Source: (String)\"{\"a\":[NaN]}\"; line: 1, column: 10]"},
      {"{\"a\":[Nope]}",
       "Unrecognized token 'Nope': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[Nope]}\"; line: 1, column: 11]"},
      {"{\"a\":[Infinity]}",
       "Non-standard token 'Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to "
       "allow\n at [Source: (String)\"{\"a\":[Infinity]}\"; line: 1, column: 15]"},
      {"{\"a\":[-Infinity]}",
       "Non-standard token '-Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to "
       "allow\n at [Source: (String)\"{\"a\":[-Infinity]}\"; line: 1, column: 16]"},
      {"{\"a\":[-INF]}",
       "Non-standard token '-INF': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow\n "
       "at [Source: (String)\"{\"a\":[-INF]}\"; line: 1, column: 11]"},
      {"{\"a\":[+INF]}",
       "Non-standard token '+INF': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow\n "
       "at [Source: (String)\"{\"a\":[+INF]}\"; line: 1, column: 11]"},
      {"{\"a\":[-Ix]}",
       "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow "
       "minus sign, for valid numeric value\n at [Source: (String)\"{\"a\":[-Ix]}\"; line: 1, "
       "column: 9]"},
      {"{\"a\":[-In]}",
       "Unrecognized token '-In': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[-In]}\"; line: 1, column: 10]"},
      {"{\"a\":[tru]}",
       "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[tru]}\"; line: 1, column: 10]"},
      {"{\"a\":[tru",
       "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[tru\"; line: 1, column: 10]"},
      {"{\"a\":[trueX]}",
       "Unrecognized token 'trueX': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[trueX]}\"; line: 1, column: "
       "12]"},
      {"{\"a\":[true1]}",
       "Unrecognized token 'true1': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[true1]}\"; line: 1, column: "
       "12]"},
      {"{\"a\":[true:]}",
       "Unexpected character (':' (code 58)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[true:]}\"; line: 1, column: 11]"},
      {"{\"a\":[nulls]}",
       "Unrecognized token 'nulls': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[nulls]}\"; line: 1, column: "
       "12]"},
      {"{\"a\":[this]}",
       "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[this]}\"; line: 1, column: 11]"},
      {"{\"a\":[\xc3"
       "\xa9"
       "]}",
       "Unrecognized token '\xc3"
       "\xa9"
       "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n "
       "at [Source: (String)\"{\"a\":[\xc3"
       "\xa9"
       "]}\"; line: 1, column: 8]"},
      {"{\"a\":[\xe2"
       "\x80"
       "\x94"
       "]}",
       "Unexpected character ('\xe2"
       "\x80"
       "\x94"
       "' (code 8212 / 0x2014)): expected a valid value (JSON String, Number, Array, Object or "
       "token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[\xe2"
       "\x80"
       "\x94"
       "]}\"; line: 1, column: 7]"},
      {"{\"a\":[\xe2"
       "\x82"
       "\xac"
       "x]}",
       "Unrecognized token '\xe2"
       "\x82"
       "\xac"
       "x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
       "'false')\n at [Source: (String)\"{\"a\":[\xe2"
       "\x82"
       "\xac"
       "x]}\"; line: 1, column: 9]"},
      {"{\"a\":[x\xe2"
       "\x82"
       "\xac"
       "y]}",
       "Unrecognized token 'x\xe2"
       "\x82"
       "\xac"
       "y': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
       "'false')\n at [Source: (String)\"{\"a\":[x\xe2"
       "\x82"
       "\xac"
       "y]}\"; line: 1, column: 10]"},
      {"{\"a\":[\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "]}",
       "Unexpected character ('?' (code 55357 / 0xd83d)): expected a valid value (JSON String, "
       "Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: "
       "(String)\"{\"a\":[\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "]}\"; line: 1, column: 7]"},
      {"{\"a\":[tr\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "]}",
       "Unrecognized token 'tr': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[tr\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "]}\"; line: 1, column: 9]"},
      {"{\"a\":[1 2]}",
       "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[1 2]}\"; line: 1, column: 9]"},
      {"{\"a\":[1] \"b\":[2]}",
       "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries\n at "
       "[Source: (String)\"{\"a\":[1] \"b\":[2]}\"; line: 1, column: 10]"},
      {"{\"a\":[1,]}",
       "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[1,]}\"; line: "
       "1, column: 9]"},
      {"{\"a\":[1,",
       "Unexpected end-of-input within/between Array entries\n at [Source: (String)\"{\"a\":[1,\"; "
       "line: 1, column: 9]"},
      {"{\"a\":[1",
       "Unexpected end-of-input: expected close marker for Array (start marker at [Source: "
       "(String)\"{\"a\":[1\"; line: 1, column: 6])\n at [Source: (String)\"{\"a\":[1\"; line: 1, "
       "column: 8]"},
      {"{\"a\":[1]",
       "Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
       "(String)\"{\"a\":[1]\"; line: 1, column: 1])\n at [Source: (String)\"{\"a\":[1]\"; line: "
       "1, column: 9]"},
      {"{\"a\":",
       "Unexpected end-of-input within/between Object entries\n at [Source: (String)\"{\"a\":\"; "
       "line: 1, column: 6]"},
      {"{\"a\"",
       "Unexpected end-of-input within/between Object entries\n at [Source: (String)\"{\"a\"\"; "
       "line: 1, column: 5]"},
      {"{\"a",
       "Unexpected end-of-input in field name\n at [Source: (String)\"{\"a\"; line: 1, column: 4]"},
      {"{\"a\":[\"x",
       "Unexpected end-of-input: was expecting closing quote for a string value\n at [Source: "
       "(String)\"{\"a\":[\"x\"; line: 1, column: 9]"},
      {"{\"a\":[\"x\\qy\"]}",
       "Unrecognized character escape 'q' (code 113)\n at [Source: "
       "(String)\"{\"a\":[\"x\\qy\"]}\"; line: 1, column: 10]"},
      {"{\"a\":[\"x\\\xc3"
       "\xa9"
       "\"]}",
       "Unrecognized character escape '\xc3"
       "\xa9"
       "' (code 233)\n at [Source: (String)\"{\"a\":[\"x\\\xc3"
       "\xa9"
       "\"]}\"; line: 1, column: 10]"},
      {"{\"a\":[\"x\\\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\"]}",
       "Unrecognized character escape '?' (code 55357 / 0xd83d)\n at [Source: "
       "(String)\"{\"a\":[\"x\\\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\"]}\"; line: 1, column: 10]"},
      {"{\"a\":[\"\\u12G4\"]}",
       "Unexpected character ('G' (code 71)): expected a hex-digit for character escape sequence\n "
       "at [Source: (String)\"{\"a\":[\"\\u12G4\"]}\"; line: 1, column: 12]"},
      {"{\"a\":[\"\\u12",
       "Unexpected end-of-input in character escape sequence\n at [Source: "
       "(String)\"{\"a\":[\"\\u12\"; line: 1, column: 12]"},
      {"{\"a\":[\"\\",
       "Unexpected end-of-input in character escape sequence\n at [Source: "
       "(String)\"{\"a\":[\"\\\"; line: 1, column: 9]"},
      {"{\"a\":[\"x\"] /* c */}",
       "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as "
       "one since Feature 'ALLOW_COMMENTS' not enabled for parser)\n at [Source: "
       "(String)\"{\"a\":[\"x\"] /* c */}\"; line: 1, column: 12]"},
      {"{\"a\":/x}",
       "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as "
       "one since Feature 'ALLOW_COMMENTS' not enabled for parser)\n at [Source: "
       "(String)\"{\"a\":/x}\"; line: 1, column: 6]"},
      {"{\"a\":#}",
       "Unexpected character ('#' (code 35)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":#}\"; line: 1, "
       "column: 6]"},
      {"{\"a\":[#]}",
       "Unexpected character ('#' (code 35)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[#]}\"; line: 1, "
       "column: 7]"},
      {"{\"a\" # :1}",
       "Unexpected character ('#' (code 35)): was expecting a colon to separate field name and "
       "value\n at [Source: (String)\"{\"a\" # :1}\"; line: 1, column: 6]"},
      {"{\"a\":[1}",
       "Unexpected close marker '}': expected ']' (for Array starting at [Source: "
       "(String)\"{\"a\":[1}\"; line: 1, column: 6])\n at [Source: (String)\"{\"a\":[1}\"; line: "
       "1, column: 8]"},
      {"{\"a\":[}",
       "Unexpected close marker '}': expected ']' (for Array starting at [Source: "
       "(String)\"{\"a\":[}\"; line: 1, column: 6])\n at [Source: (String)\"{\"a\":[}\"; line: 1, "
       "column: 7]"},
      {"{\"a\":]}",
       "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":]}\"; line: 1, "
       "column: 6]"},
      {"{\"a\":}",
       "Unexpected character ('}' (code 125)): expected a value\n at [Source: "
       "(String)\"{\"a\":}\"; line: 1, column: 6]"},
      {"{]",
       "Unexpected close marker ']': expected '}' (for Object starting at [Source: (String)\"{]\"; "
       "line: 1, column: 1])\n at [Source: (String)\"{]\"; line: 1, column: 2]"},
      // jackson-core 2.19 (core#1394): a close marker with no scope open closes nothing.
      {"]",
       "Unexpected close marker ']': no open Array to close\n at [Source: (String)\"]\"; line: 1, "
       "column: 1]"},
      {" }",
       "Unexpected close marker '}': no open Object to close\n at [Source: (String)\" }\"; line: "
       "1, column: 2]"},
      {"1x",
       "Unexpected character ('x' (code 120)): Expected space separating root-level values\n at "
       "[Source: (String)\"1x\"; line: 1, column: 2]"},
      {"truex",
       "Unrecognized token 'truex': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"truex\"; line: 1, column: 6]"},
      {"{\"a\":[1,]}",
       "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, "
       "Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"a\":[1,]}\"; line: "
       "1, column: 9]"},
      {"{\"a\":[1],}",
       "Unexpected character ('}' (code 125)): was expecting double-quote to start field name\n at "
       "[Source: (String)\"{\"a\":[1],}\"; line: 1, column: 10]"},
      {"{\"a\":[1]   ,  }",
       "Unexpected character ('}' (code 125)): was expecting double-quote to start field name\n at "
       "[Source: (String)\"{\"a\":[1]   ,  }\"; line: 1, column: 15]"},
      {"{\"a\" [1]}",
       "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and "
       "value\n at [Source: (String)\"{\"a\" [1]}\"; line: 1, column: 6]"},
      {"{\"a\":[0x10]}",
       "Unexpected character ('x' (code 120)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[0x10]}\"; line: 1, column: 8]"},
      {"{\"a\":[00]}",
       "Invalid numeric value: Leading zeroes not allowed\n at [Source: (String)\"{\"a\":[00]}\"; "
       "line: 1, column: 8]"},
      {"{\"a\":[-01]}",
       "Invalid numeric value: Leading zeroes not allowed\n at [Source: (String)\"{\"a\":[-01]}\"; "
       "line: 1, column: 9]"},
      {"{\"a\":[1.5]",
       "Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
       "(String)\"{\"a\":[1.5]\"; line: 1, column: 1])\n at [Source: (String)\"{\"a\":[1.5]\"; "
       "line: 1, column: 11]"},
      {"{\"a\":[1.",
       "Unexpected character ('.' (code 46)) in numeric value: Decimal point not followed by a "
       "digit\n at [Source: (String)\"{\"a\":[1.\"; line: 1, column: 8]"},
      {"{\"a\":[1e",
       "Unexpected end-of-inputexpected a digit for number exponent\n at [Source: "
       "(String)\"{\"a\":[1e\"; line: 1, column: 9]"},
      {"{\"a\":[1e-",
       "Unexpected end-of-inputexpected a digit for number exponent\n at [Source: "
       "(String)\"{\"a\":[1e-\"; line: 1, column: 10]"},
      {"{\"a\":[-",
       "Unexpected end-of-inputNo digit following sign\n at [Source: (String)\"{\"a\":[-\"; line: "
       "1, column: 8]"},
      {"{\"a\":[0.",
       "Unexpected character ('.' (code 46)) in numeric value: Decimal point not followed by a "
       "digit\n at [Source: (String)\"{\"a\":[0.\"; line: 1, column: 8]"},
      {"{\"\xc3"
       "\xa9"
       "\":[1],\"\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\":x}",
       "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', "
       "'true' or 'false')\n at [Source: (String)\"{\"\xc3"
       "\xa9"
       "\":[1],\"\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\":x}\"; line: 1, column: 16]"},
      {"{\"a\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\":[1],\"b\":x}",
       "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', "
       "'true' or 'false')\n at [Source: (String)\"{\"a\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "\":[1],\"b\":x}\"; line: 1, column: 17]"},
      {"{\"a\":[\"\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "x\"],\"b\":[1 2]}",
       "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[\"\xf0"
       "\x9f"
       "\x98"
       "\x80"
       "x\"],\"b\":[1 2]}\"; line: 1, column: 21]"},
      {"{\"a\":[\"x\" \"y\"]}",
       "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[\"x\" \"y\"]}\"; line: 1, column: 11]"},
      {"{\"a\":[\"\\ud83d\\ude00\", \"x\" 1]}",
       "Unexpected character ('1' (code 49)): was expecting comma to separate Array entries\n at "
       "[Source: (String)\"{\"a\":[\"\\ud83d\\ude00\", \"x\" 1]}\"; line: 1, column: 27]"},
      {"{\"a\":[\x01"
       "]}",
       "Illegal character ((CTRL-CHAR, code 1)): only regular white space (\\r, \\n, \\t) is "
       "allowed between tokens\n at [Source: (String)\"{\"a\":[\\u0001]}\"; line: 1, column: 8]"},
      // jackson-core 2.19 (core#633) names the feature that would accept a record separator.
      {"{\"a\":\x1e[1]}",
       "Illegal character ((CTRL-CHAR, code 30)): only regular white space (\\r, \\n, \\t) is "
       "allowed between tokens (consider enabling `JsonReadFeature.ALLOW_RS_CONTROL_CHAR` to allow "
       "use of Record Separators (\\u001E))\n at [Source: (String)\"{\"a\":\\u001E[1]}\"; line: "
       "1, column: 7]"},
      {"{\"a\":[\"x\x01"
       "\"]}",
       "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be "
       "included in string value\n at [Source: (String)\"{\"a\":[\"x\\u0001\"]}\"; line: 1, "
       "column: 9]"},
      {"{\"a\x01"
       "\":[1]}",
       "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be "
       "included in name\n at [Source: (String)\"{\"a\\u0001\":[1]}\"; line: 1, column: 4]"},
      {"\xef"
       "\xbb"
       "\xbf"
       "{\"a\":[1]}",
       "Unexpected character ('\xef"
       "\xbb"
       "\xbf"
       "' (code 65279 / 0xfeff)): expected a valid value (JSON String, Number, Array, Object or "
       "token 'null', 'true' or 'false')\n at [Source: (String)\"\xef"
       "\xbb"
       "\xbf"
       "{\"a\":[1]}\"; line: 1, column: 2]"},
      {"{\"a\":[1]\x7f"
       "}",
       "Unexpected character ((CTRL-CHAR, code 127)): was expecting comma to separate Object "
       "entries\n at [Source: (String)\"{\"a\":[1]\\u007F}\"; line: 1, column: 9]"},
  };
  for (const auto& [pattern, expected] : cases)
    EXPECT_EQ(reasonWithLocation(pattern), expected) << pattern;
}

// The corpus cases whose location this project used to get wrong, and the column rules behind them:
// Jackson reads a field name with its colon and the start of its value (all of a number or
// literal, only the quote of a string), and counts UTF-16 units.
TEST(PatternJackson, ColumnsWhereJacksonStands) {
  EXPECT_EQ(reasonWithLocation(R"({"string": "my-value"})"),
            "\"string\" must be an object or an array" + at(R"({"string": "my-value"})", 13));
  EXPECT_EQ(reasonWithLocation(R"({"my_key": [{"EXISTS": true}]})"),
            "Unrecognized match type EXISTS" + at(R"({"my_key": [{"EXISTS": true}]})", 28));
  EXPECT_EQ(reasonWithLocation(R"({"detail": {"equal": [{"NUMERIC": ["=", 5]}]}})"),
            "Unrecognized match type NUMERIC" +
                at(R"({"detail": {"equal": [{"NUMERIC": ["=", 5]}]}})", 36));
  // The string after the number is only opened when Ruler finds it is one element too many.
  EXPECT_EQ(
      reasonWithLocation(R"({"a":[{"numeric":["=",1,"<",5]}]})"),
      "Too many elements in numeric expression" + at(R"({"a":[{"numeric":["=",1,"<",5]}]})", 26));
  EXPECT_EQ(reasonWithLocation(R"({"é":[]})"),
            "Empty arrays are not allowed" + at(R"({"é":[]})", 8));
  // A character above U+FFFF is two units.
  EXPECT_EQ(reasonWithLocation("{\"\xF0\x9F\x98\x80\":[]}"),
            "Empty arrays are not allowed" + at("{\"\xF0\x9F\x98\x80\":[]}", 9));
  // Lines end at LF, CR or CRLF between tokens.
  EXPECT_EQ(reasonWithLocation("{\r\n\"a\":[]}"),
            "Empty arrays are not allowed" + at("{\r\n\"a\":[]}", 7, 2));
  EXPECT_EQ(reasonWithLocation("{\r\"a\":\n[]}"),
            "Empty arrays are not allowed" + at("{\r\"a\":\n[]}", 3, 3));
}

TEST(PatternJackson, SourceQuotedUpTo500Units) {
  // 600 two-byte characters: Jackson counts (and cuts at) 500 UTF-16 units, not bytes.
  std::string key;
  for (int i = 0; i < 600; ++i) key += "\xC3\xA9";
  const std::string pattern = "{\"" + key + "\":[]}";
  std::string quoted = "{\"";
  for (int i = 0; i < 498; ++i) quoted += "\xC3\xA9";
  EXPECT_EQ(reasonWithLocation(pattern), "Empty arrays are not allowed\n at [Source: (String)\"" +
                                             quoted +
                                             "\"[truncated 107 chars]; line: 1, column: 607]");
  // A cut between the halves of a surrogate pair quotes the high half, which Java writes as '?'.
  std::string astral = "{\"" + std::string(497, 'k');
  for (int i = 0; i < 10; ++i) astral += "\xF0\x9F\x98\x80";
  astral += "\":[]}";
  const std::string m = reasonWithLocation(astral);
  EXPECT_NE(m.find("kkk?\"[truncated 24 chars]"), std::string::npos) << m;
}

TEST(PatternJackson, NonStandardInput) {
  const std::string values =
      "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
  const std::string comment = R"({"source":["aws.ec2"] /* c */})";
  EXPECT_EQ(reasonWithLocation(comment),
            "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized "
            "as one since Feature 'ALLOW_COMMENTS' not enabled for parser)" +
                at(comment, 23));
  EXPECT_EQ(
      reasonWithLocation(R"({"a":[NaN]})"),
      "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow" +
          at(R"({"a":[NaN]})", 10));
  EXPECT_EQ(reasonWithLocation(R"({"a":[-Infinity]})"),
            "Non-standard token '-Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to "
            "allow" +
                at(R"({"a":[-Infinity]})", 16));
  // A leading byte-order mark: column 2, as issue 15 measured event-ruler 2.0.1 (one past it).
  const std::string bom = "\xEF\xBB\xBF{\"a\":[1]}";
  EXPECT_EQ(reasonWithLocation(bom),
            "Unexpected character ('\xEF\xBB\xBF' (code 65279 / 0xfeff)): expected a valid value " +
                values + at(bom, 2));
  // Not leading, it is reported where it stands, like any unexpected character.
  const std::string innerBom = "{\"a\":[\xEF\xBB\xBF]}";
  EXPECT_EQ(reasonWithLocation(innerBom),
            "Unexpected character ('\xEF\xBB\xBF' (code 65279 / 0xfeff)): expected a valid value " +
                values + at(innerBom, 7));
  EXPECT_EQ(
      reasonWithLocation(R"({"a":[+1]})"),
      "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers "
      "to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to "
      "allow" +
          at(R"({"a":[+1]})", 8));
}

// Errors AWS's engine raises as IllegalArgumentException, outside Jackson, carry no location.
TEST(PatternJackson, ErrorsWithoutLocation) {
  EXPECT_EQ(reasonWithLocation(R"({"a":[{"cidr":"xx.11.xx/8"}]})"),
            "Nonstandard IP address: xx.11.xx");
  EXPECT_EQ(reasonWithLocation(R"({"a":[{"cidr":"10.0.0.0/33"}]})"), "IPv4 mask bits must be < 32");
  EXPECT_EQ(reasonWithLocation(R"({"a":[{"cidr":"::/128"}]})"), "IPv6 mask bits must be < 128");
  EXPECT_EQ(reasonWithLocation(R"({"a":[{"cidr":"10.0.0.0/x"}]})"),
            "Malformed CIDR, mask bits must be an integer");
  EXPECT_EQ(reasonWithLocation(R"({"a":[{"anything-but":1e400}]})"),
            "Cannot compare number : 1e400");
  EXPECT_EQ(
      reasonWithLocation(R"({"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})"),
      "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
      "sequences after a wildcard character");
  // Jackson's stream limits carry none either.
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "{\"\":";
  EXPECT_EQ(reasonWithLocation(deep + "[1]" + std::string(1000, '}')),
            "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
            "`StreamReadConstraints.getMaxNestingDepth()`)");
  EXPECT_EQ(reasonWithLocation("{\"a\":[" + std::string(1001, '7') + "]}"),
            "Number value length (1001) exceeds the maximum allowed (1000, from "
            "`StreamReadConstraints.getMaxNumberLength()`)");
}

TEST(PatternJackson, LocationsOfRulerArgumentErrors) {
  // A number Ruler cannot compare inside a numeric expression: reported once the expression is
  // complete, after its closing bracket.
  const std::string numeric = R"({"a":[{"numeric":[">",1e400,"<",5]}]})";
  EXPECT_EQ(reasonWithLocation(numeric), "Cannot compare number : 1e400" + at(numeric, 35));
  // Inside an anything-but list Ruler catches what the list raises and raises it again located:
  // its own located errors and Jackson's come out with the location twice, the others once.
  const std::string syntax = R"({"a":[{"anything-but":["x", nul]}]})";
  EXPECT_EQ(reasonWithLocation(syntax),
            "Unrecognized token 'nul': was expecting (JSON String, Number, Array, Object or token "
            "'null', 'true' or 'false')" +
                at(syntax, 32) + at(syntax, 32));
  const std::string number = R"({"a":[{"anything-but":[1e400]}]})";
  EXPECT_EQ(reasonWithLocation(number), "Cannot compare number : 1e400" + at(number, 29));
}

TEST(PatternJackson, ErrorOrder) {
  // The wildcard limit is measured once the rule is complete: a later syntax error comes first.
  const std::string p = R"({"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}], "b" 1})";
  EXPECT_EQ(
      reasonWithLocation(p),
      "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and "
      "value" +
          at(p, 50));
  // An error inside a string surfaces only when Ruler reads the string.
  EXPECT_EQ(reasonWithLocation(R"({"string": "my-va\qlue"})"),
            "\"string\" must be an object or an array" + at(R"({"string": "my-va\qlue"})", 13));
  EXPECT_EQ(reasonWithLocation(R"({"a": ["my-va\qlue"]})"),
            "Unrecognized character escape 'q' (code 113)" + at(R"({"a": ["my-va\qlue"]})", 15));
}

TEST(PatternJackson, MessagesStayValidUtf8) {
  // A lone surrogate from an escape, quoted in a reason, is written as Java writes it: '?'.
  EXPECT_EQ(reasonWithLocation(R"({"\ud800":1})"),
            "\"?\" must be an object or an array" + at(R"({"\ud800":1})", 12));
}

}  // namespace
