// Matcher's public surface: adding, replacing and removing rules by name, and the matching calls
// (the evaluation itself is in matcher_eval.cpp).
#include "match/matcher.h"

#include "common/aws_error.h"
#include "match/explain.h"
#include "match/matcher_impl.h"

namespace ebw {

Matcher::Matcher() : impl_(std::make_unique<MatcherImpl>()) {}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

void Matcher::addRule(const std::string& name, std::string_view patternJson) {
  // Compile first: an invalid pattern leaves the matcher unchanged.
  auto compiled = std::make_unique<pattern::CompiledPattern>(pattern::compilePattern(patternJson));
  removeRule(name);
  impl_->byName[name] = impl_->index.add(name, std::move(compiled));
}

bool Matcher::removeRule(const std::string& name) {
  auto it = impl_->byName.find(name);
  if (it == impl_->byName.end()) return false;
  impl_->index.remove(it->second);
  impl_->byName.erase(it);
  return true;
}

bool Matcher::hasRule(const std::string& name) const {
  return impl_->byName.count(name) > 0;
}

std::size_t Matcher::size() const {
  return impl_->byName.size();
}

std::vector<std::string> Matcher::match(std::string_view eventJson) const {
  std::vector<uint32_t> ids;
  if (!impl_->evaluate(eventJson, ids)) {
    throw AwsError("ValidationException", "Parameter Event is not valid.");
  }
  std::vector<std::string> names;
  names.reserve(ids.size());
  for (uint32_t id : ids) names.push_back(impl_->index.rules()[id].name);
  return names;
}

std::vector<uint32_t> Matcher::matchIds(std::string_view eventJson) const {
  std::vector<uint32_t> ids;
  if (!impl_->evaluate(eventJson, ids)) {
    throw AwsError("ValidationException", "Parameter Event is not valid.");
  }
  return ids;
}

const std::string& Matcher::ruleName(uint32_t id) const {
  static const std::string none;
  const auto& rules = impl_->index.rules();
  return id < rules.size() && rules[id].live ? rules[id].name : none;
}

std::string Matcher::explainMismatch(const std::string& name, std::string_view eventJson) const {
  auto it = impl_->byName.find(name);
  if (it == impl_->byName.end()) return "";
  // The explanation of the rule's compiled pattern (explain.h), which decides as match() does.
  const match::Explanation why = match::explain(*impl_->index.rules()[it->second].pattern, eventJson);
  if (why.matched) return "";
  const match::ExplainedAlternative& closest = why.alternatives[why.alternative];
  return closest.arrayConflict ? "(fields match in different array elements)" : why.failedField;
}

}  // namespace ebw
