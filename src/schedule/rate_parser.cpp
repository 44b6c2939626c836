// rate(value unit). AWS's recorded answers (shared/conformance/api_errors.jsonl) reject: units
// other than minute(s)/hour(s)/day(s), a singular unit with a value above 1 and a plural one with
// 1, a missing value or unit, a non-numeric, zero or negative value, upper-case units and any
// whitespace besides the single separator. So the accepted text is exactly
// "<digits> <unit>", one ASCII space between them.
#include <string_view>

#include "schedule/schedule_internal.h"

namespace ebw::schedule::detail {
namespace {

struct Unit {
  std::string_view singular;
  std::string_view plural;
  int64_t ms;
};

constexpr Unit kUnits[] = {
    {"minute", "minutes", 60'000},
    {"hour", "hours", 3'600'000},
    {"day", "days", 86'400'000},
};

// AWS's limit on the value is unpublished. We assume a 32-bit integer (the usual Java/Smithy
// `Integer`), so values above 2147483647 are rejected; this also keeps value * unit within int64.
constexpr int64_t kMaxValue = 2'147'483'647;

}  // namespace

bool parseRate(std::string_view inner, RateSchedule& out) noexcept {
  const size_t space = inner.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  const std::string_view digits = inner.substr(0, space);
  const std::string_view unit = inner.substr(space + 1);

  // Leading zeros ("05") are accepted and the number is compared numerically: nothing recorded
  // says otherwise, and a regex like \d+ (what the singular/plural rule suggests) accepts them.
  int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;  // also rejects '-', '+', extra spaces
    value = value * 10 + (c - '0');
    if (value > kMaxValue) return false;
  }
  if (value < 1) return false;

  for (const Unit& u : kUnits) {
    if (unit == (value == 1 ? u.singular : u.plural)) {
      out.periodMs = value * u.ms;
      return true;
    }
  }
  return false;
}

int64_t nextRateFire(const RateSchedule& rate, int64_t afterMs, int64_t anchorMs) noexcept {
  const int64_t p = rate.periodMs;
  if (p <= 0) return -1;
  // k = the number of whole periods from the anchor to afterMs, plus one, and at least 1 (the
  // creation instant itself is not a firing).
  int64_t k = 1;
  if (afterMs >= anchorMs) {
    int64_t elapsed = 0;
    if (__builtin_sub_overflow(afterMs, anchorMs, &elapsed)) return -1;
    k = elapsed / p + 1;  // elapsed >= 0, so truncation is floor
  }
  int64_t offset = 0;
  int64_t fire = 0;
  if (__builtin_mul_overflow(k, p, &offset) || __builtin_add_overflow(anchorMs, offset, &fire)) {
    return -1;
  }
  return fire;
}

}  // namespace ebw::schedule::detail
