// TestEventPattern: the envelope check AWS applies to the event, then one pattern against it.
#include <set>

#include "common/aws_error.h"
#include "common/limits.h"
#include "match/matcher.h"
#include "pattern/json_tokenizer.h"

namespace ebw {

namespace {

// AWS requires these envelope fields of a TestEventPattern event (the model also lists
// `resources`, which AWS does not actually require). The event's syntax is checked by the
// matcher's own scanner; this walk only collects the top-level keys, with the same tokenizer the
// pattern compiler uses, so that any number (1e400) or string (a lone surrogate escape) that
// Jackson accepts is accepted here too.
void validateEnvelope(std::string_view eventJson) {
  const AwsError invalid("ValidationException", "Parameter Event is not valid.");
  std::set<std::string> required{"id", "account", "source", "time", "region", "detail-type"};
  try {
    pattern::JsonTokenizer tok(eventJson, kMaxJsonDepth);
    if (tok.next() != pattern::Tok::StartObject) throw invalid;
    int depth = 1;
    while (depth > 0) {
      pattern::Tok t = tok.next();
      if (t == pattern::Tok::End) throw invalid;
      if (t == pattern::Tok::StartObject || t == pattern::Tok::StartArray) ++depth;
      if (t == pattern::Tok::EndObject || t == pattern::Tok::EndArray) --depth;
      if (t == pattern::Tok::FieldName && depth == 1) required.erase(tok.text());
    }
  } catch (const pattern::JsonSyntaxError&) {
    throw invalid;
  }
  if (!required.empty()) throw invalid;
}

}  // namespace

bool testEventPattern(std::string_view patternJson, std::string_view eventJson) {
  validateEnvelope(eventJson);
  Matcher matcher;
  matcher.addRule("pattern", patternJson);
  return !matcher.match(eventJson).empty();
}

std::string firstMismatchedField(std::string_view patternJson, std::string_view eventJson) {
  Matcher matcher;
  matcher.addRule("pattern", patternJson);
  return matcher.explainMismatch("pattern", eventJson);
}

}  // namespace ebw
