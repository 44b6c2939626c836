// Splits an InputTemplate into literal text and <name> placeholders, noting for each placeholder
// whether it sits inside a quoted JSON string of the template.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ebw::transform {

struct TemplatePiece {
  bool placeholder = false;
  std::string_view text;  // literal text, or the placeholder's name (without < >)
  bool inString = false;  // placeholder inside a "..." of the template
};

// A placeholder is '<', one or more characters other than '<' and '>', then '>' (AWS offers no
// way to escape '<' or '>'). Any other '<' or '>' is literal text. Quote tracking follows JSON:
// a '"' not escaped by a backslash opens or closes a string.
std::vector<TemplatePiece> scanTemplate(std::string_view tmpl);

// The placeholder names in order of appearance (repeats included).
std::vector<std::string> placeholderNames(std::string_view tmpl);

// A JSON template is one whose first non-whitespace character is '{'; anything else (normally a
// quoted string) is a string template.
bool isJsonTemplate(std::string_view tmpl);

}  // namespace ebw::transform
