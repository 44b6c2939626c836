// A value extracted from an event (or supplied by EventBridge, such as the rule ARN), in the two
// forms template substitution needs.
#pragma once

#include <string>
#include <string_view>

#include "transform/json_text.h"

namespace ebw::transform {

struct Value {
  enum class Kind { Missing, String, Number, Boolean, Null, Object, Array };
  Kind kind = Kind::Missing;
  // String: the unescaped characters. Every other kind: the compact JSON text (numbers keep the
  // event's spelling). Missing: empty.
  std::string text;

  static Value missing() { return Value{}; }
  static Value string(std::string s) { return Value{Kind::String, std::move(s)}; }
  // The value of `span` in the validated document `doc`.
  static Value fromSpan(std::string_view doc, const json::Span& span) {
    switch (span.kind) {
      case json::Kind::String:
        return Value{Kind::String, json::decodeString(doc, span)};
      case json::Kind::Number:
        return Value{Kind::Number, std::string(doc.substr(span.begin, span.end - span.begin))};
      case json::Kind::True:
        return Value{Kind::Boolean, "true"};
      case json::Kind::False:
        return Value{Kind::Boolean, "false"};
      case json::Kind::Null:
        return Value{Kind::Null, "null"};
      case json::Kind::Object:
        return Value{Kind::Object, json::compact(doc, span)};
      case json::Kind::Array:
        return Value{Kind::Array, json::compact(doc, span)};
    }
    return Value{};
  }

  // The value as standalone JSON text: strings quoted and escaped. Missing: empty.
  std::string jsonText() const {
    if (kind != Kind::String) return text;
    std::string out = "\"";
    json::appendEscaped(out, text);
    out += '"';
    return out;
  }
};

}  // namespace ebw::transform
