// Why a pattern matches an event or does not, field by field: for each alternative of the compiled
// pattern (its $or branches multiplied out), each field's condition, the event's values at that
// field's path, which of them satisfy it (and, within arrays, which element was used), and a
// sentence saying why, e.g. `detail.state: "running" is excluded by anything-but "running"`.
//
// Built on what the matcher itself uses (the compiled pattern, the event scanner, itemMatches()
// and the array-consistency search), never on the rule index, so that its verdict is always the
// matcher's: tests cross-check the two over the whole conformance corpus. Not a hot path: it
// allocates freely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "match/event_scanner.h"
#include "pattern/pattern.h"

namespace ebw::match {

// At most this many of the event's values at one path are listed (the first ones, plus the one
// that satisfied the field); ExplainedField::valueCount says how many there were.
constexpr std::size_t kMaxExplainedValues = 50;

struct ExplainedValue {
  std::string text;  // the value as JSON text, shortened with "…" when long
  ValueType type = ValueType::Null;
  std::vector<uint32_t> indices;  // its index in each array that holds it, outermost first
  bool matched = false;           // it satisfies the field's condition on its own
};

struct ExplainedField {
  std::string path;
  std::string condition;  // the field's match values as pattern JSON: ["a", {"prefix": "b"}]
  bool matched = false;
  bool byAbsence = false;  // satisfied by {"exists": false}: no value at the path
  std::size_t valueCount = 0;
  std::vector<ExplainedValue> values;
  int chosen = -1;  // the value (index into `values`) that satisfies the field; -1 for none
  std::string reason;
};

struct ExplainedAlternative {
  std::vector<pattern::OrChoice> orChoices;  // the $or branches that make up this alternative
  std::vector<ExplainedField> fields;        // sorted by path, as compiled
  bool matched = false;
  // Every field is satisfied on its own, but only by values in different elements of one array.
  bool arrayConflict = false;
  std::size_t satisfied = 0;  // fields satisfied on their own
  std::string failedField;    // "" when matched
  std::string reason;         // why it does not match; "" when it does
};

struct Explanation {
  bool matched = false;
  // The first alternative that matches; when none does, the one that came closest (most fields
  // satisfied, the first of equals).
  std::size_t alternative = 0;
  std::vector<ExplainedAlternative> alternatives;
  std::vector<pattern::OrSite> ors;
  std::string failedField;  // those of `alternative`; "" when the pattern matches
  std::string reason;
};

// Explains a compiled pattern against an event. Throws AwsError ValidationException "Parameter
// Event is not valid." for what Matcher::match() refuses (not a JSON object, nested too deep).
Explanation explain(const pattern::CompiledPattern& pattern, std::string_view eventJson);

// Compiles the pattern first: throws its InvalidEventPatternException, with AWS's message.
Explanation explainPattern(std::string_view patternJson, std::string_view eventJson);

// The explanation as JSON (the form the WebAssembly binding returns; js/src/core/explain.ts types
// it).
Json explanationToJson(const Explanation& explanation);

}  // namespace ebw::match
