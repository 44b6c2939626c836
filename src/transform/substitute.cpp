#include "transform/substitute.h"

#include "common/limits.h"
#include "transform/json_text.h"
#include "transform/template_scan.h"

namespace ebw::transform {

namespace {

std::string withoutQuotes(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '"') out += c;
  }
  return out;
}

// The text a placeholder becomes.
std::string renderValue(const Value& v, bool jsonTemplate, bool inString) {
  switch (v.kind) {
    case Value::Kind::Missing:
      return (jsonTemplate && !inString) ? "\"\"" : "";
    case Value::Kind::String:
      return (jsonTemplate && !inString) ? v.jsonText() : v.text;
    case Value::Kind::Object:
    case Value::Kind::Array:
      return jsonTemplate ? v.text : withoutQuotes(v.text);
    case Value::Kind::Number:
    case Value::Kind::Boolean:
    case Value::Kind::Null:
      return v.text;
  }
  return std::string();
}

}  // namespace

std::optional<std::string> substituteTemplate(std::string_view tmpl,
                                              const PlaceholderLookup& lookup) {
  const bool jsonTemplate = isJsonTemplate(tmpl);
  std::string out;
  out.reserve(tmpl.size());
  for (const TemplatePiece& piece : scanTemplate(tmpl)) {
    if (!piece.placeholder) {
      out.append(piece.text);
    } else if (const Value* v = lookup(piece.text)) {
      std::string text = renderValue(*v, jsonTemplate, piece.inString);
      if (out.size() + text.size() > kMaxRenderedBytes) return std::nullopt;
      out += text;
    } else {
      out += '<';
      out.append(piece.text);
      out += '>';
    }
    if (out.size() > kMaxRenderedBytes) return std::nullopt;
  }
  if (!jsonTemplate) return out;

  std::string minified = json::minify(out);
  if (!json::checkDocument(minified, kMaxJsonDepth).ok) return std::nullopt;
  return minified;
}

}  // namespace ebw::transform
