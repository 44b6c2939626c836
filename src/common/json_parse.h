// The one way the core turns JSON text into a DOM (ebw::Json): the size and depth limits of
// limits.h are checked before nlohmann's recursive parser sees the text, so that no input, whether
// a request body, a member holding JSON text (Policy, Detail, ...) or a state document, can
// exhaust the stack or build an unbounded tree. Callers map the outcome to their own AWS error.
//
//   JsonParse p = parseJson(text, JsonLimits::member());
//   if (p.error == JsonParseError::TooDeep) throw validationError("... nested too deeply ...");
#pragma once

#include <cstddef>
#include <string_view>

#include "common/json.h"
#include "common/limits.h"

namespace ebw {

struct JsonLimits {
  int maxDepth = kMaxJsonDepth;
  std::size_t maxBytes = kMaxJsonTextBytes;

  // A request body, or JSON text held in a request member.
  static constexpr JsonLimits request() { return {kMaxJsonDepth, kMaxJsonTextBytes}; }
  // A state document (exportState/importState): every stored value was accepted within
  // request(), and sits at most kStateEnvelopeDepth levels down in the document; no size bound
  // (whatever the API accepted must load again).
  static constexpr JsonLimits state() { return {kMaxStateDepth, 0}; }
};

enum class JsonParseError {
  None,
  TooLarge,  // more than maxBytes bytes (maxBytes 0: no bound)
  TooDeep,   // an object/array nested deeper than maxDepth
  Syntax,    // not one valid JSON value (RFC 8259, with nlohmann's leniencies)
};

struct JsonParse {
  JsonParseError error = JsonParseError::None;
  Json value;  // when error == None

  bool ok() const { return error == JsonParseError::None; }
};

// Never throws except std::bad_alloc.
JsonParse parseJson(std::string_view text, JsonLimits limits);

}  // namespace ebw
