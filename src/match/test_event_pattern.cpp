// TestEventPattern: the envelope check AWS applies to the event, then one pattern against it.
#include "common/aws_error.h"
#include "common/json.h"
#include "common/json_depth.h"
#include "common/limits.h"
#include "match/matcher.h"

namespace ebw {

namespace {

// AWS requires these envelope fields of a TestEventPattern event (the model also lists
// `resources`, which AWS does not actually require).
void validateEnvelope(std::string_view eventJson) {
  const AwsError invalid("ValidationException", "Parameter Event is not valid.");
  if (!jsonDepthWithin(eventJson, kMaxJsonDepth)) throw invalid;
  Json event = Json::parse(eventJson.begin(), eventJson.end(), nullptr, false);
  if (event.is_discarded() || !event.is_object()) throw invalid;
  for (const char* field : {"id", "account", "source", "time", "region", "detail-type"}) {
    if (!event.contains(field)) throw invalid;
  }
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
