// Many rules in one compiled matcher: add and remove rules by name, then match an event's JSON text
// against all of them in one scan of its bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ebw {

class MatcherImpl;

class Matcher {
 public:
  Matcher();
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Compiles `patternJson` (an EventPattern) and adds it under `name`, replacing a rule of the same
  // name. Throws AwsError InvalidEventPatternException, with AWS's message, for an invalid pattern;
  // the matcher is then unchanged.
  void addRule(const std::string& name, std::string_view patternJson);
  // Returns false when no rule has that name.
  bool removeRule(const std::string& name);
  bool hasRule(const std::string& name) const;
  std::size_t size() const;

  // Names of the rules that match the event, in the order they were added. Throws AwsError
  // ValidationException "Parameter Event is not valid." when the text is not a JSON object or is
  // nested deeper than kMaxJsonDepth.
  std::vector<std::string> match(std::string_view eventJson) const;
  // Like match(), but the rules' internal ids (stable while the rule exists), for callers that
  // keep their own per-rule data.
  std::vector<uint32_t> matchIds(std::string_view eventJson) const;
  // matchIds() without exceptions and into the caller's vector: false (ids empty) for an invalid
  // event. The hot path of bindings that hand ids across (nothing on it throws).
  bool matchIdsInto(std::string_view eventJson, std::vector<uint32_t>& ids) const;
  // The name of the rule with this internal id; empty when no rule has it.
  const std::string& ruleName(uint32_t id) const;
  // For a rule that does not match the event: the dotted path of the field that failed (in the
  // $or branch that came closest), or "(fields match in different array elements)". Empty when
  // the rule matches or does not exist. The whole explanation: match/explain.h.
  std::string explainMismatch(const std::string& name, std::string_view eventJson) const;

 private:
  std::unique_ptr<MatcherImpl> impl_;
};

// TestEventPattern: validates the pattern (InvalidEventPatternException) and the event (a JSON
// object with id, account, source, time, region and detail-type, else ValidationException
// "Parameter Event is not valid."), then says whether the event matches.
bool testEventPattern(std::string_view patternJson, std::string_view eventJson);

// For a pattern that does not match an event: the dotted path of the first field that failed
// (empty when the event matches). Used for "which field did not match" explanations.
std::string firstMismatchedField(std::string_view patternJson, std::string_view eventJson);

}  // namespace ebw
