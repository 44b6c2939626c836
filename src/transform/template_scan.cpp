#include "transform/template_scan.h"

namespace ebw::transform {

std::vector<TemplatePiece> scanTemplate(std::string_view tmpl) {
  std::vector<TemplatePiece> pieces;
  bool inString = false;
  std::size_t literalStart = 0;
  std::size_t i = 0;
  const std::size_t n = tmpl.size();

  auto flushLiteral = [&](std::size_t end) {
    if (end > literalStart) {
      pieces.push_back(TemplatePiece{false, tmpl.substr(literalStart, end - literalStart), false});
    }
  };

  while (i < n) {
    char c = tmpl[i];
    if (c == '<') {
      std::size_t j = i + 1;
      while (j < n && tmpl[j] != '<' && tmpl[j] != '>') ++j;
      if (j < n && tmpl[j] == '>' && j > i + 1) {
        flushLiteral(i);
        pieces.push_back(TemplatePiece{true, tmpl.substr(i + 1, j - i - 1), inString});
        i = j + 1;
        literalStart = i;
        continue;
      }
      // No placeholder starts here; a later '<' may start one.
      ++i;
      continue;
    }
    if (c == '\\' && inString && i + 1 < n && tmpl[i + 1] != '<') {
      i += 2;
      continue;
    }
    if (c == '"') inString = !inString;
    ++i;
  }
  flushLiteral(n < i ? n : i);
  return pieces;
}

std::vector<std::string> placeholderNames(std::string_view tmpl) {
  std::vector<std::string> names;
  for (const TemplatePiece& p : scanTemplate(tmpl)) {
    if (p.placeholder) names.emplace_back(p.text);
  }
  return names;
}

bool isJsonTemplate(std::string_view tmpl) {
  for (char c : tmpl) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

}  // namespace ebw::transform
