#include "store/archive.h"

namespace ebw::store {

namespace {
constexpr const char* kPatternRule = "archive";
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
}  // namespace

void Archive::setPattern(std::optional<std::string> pattern) {
  if (pattern) {
    Matcher next;
    next.addRule(kPatternRule, *pattern);  // throws before anything changes
    matcher = std::move(next);
  } else {
    matcher = Matcher();
  }
  eventPattern = std::move(pattern);
}

bool Archive::accepts(const std::string& eventJson) const {
  if (!eventPattern) return true;
  try {
    return !matcher.match(eventJson).empty();
  } catch (const std::exception&) {
    return false;  // an event the bus accepted is always matchable; stay defensive
  }
}

void Archive::append(const std::string& eventJson, std::size_t bytes, int64_t nowMs) {
  events.push_back(ArchivedEvent{nextSeq++, nowMs, bytes, eventJson});
  sizeBytes += bytes;
}

void Archive::expire(int64_t nowMs) {
  if (retentionDays <= 0) return;
  // A retention longer than the clock's age keeps everything (and keeps the product in range).
  if (retentionDays > nowMs / kDayMs) return;
  int64_t oldest = nowMs - retentionDays * kDayMs;
  while (!events.empty() && events.front().timeMs < oldest) {
    sizeBytes -= events.front().sizeBytes;
    events.pop_front();
  }
}

}  // namespace ebw::store
