// Entry points: recognise rate(...) or cron(...), hand the inside to its parser, and turn any
// failure into the one error AWS gives for every malformed schedule.
#include "schedule/schedule.h"

#include "common/aws_error.h"
#include "schedule/schedule_internal.h"
#include "schedule/schedule_types.h"

namespace ebw::schedule {
namespace {

[[noreturn]] void throwInvalid() {
  throw AwsError("ValidationException", "Parameter ScheduleExpression is not valid.", 400);
}

// "prefix(...)" -> the text inside the parentheses, if `expr` has exactly that shape. The prefix
// is case-sensitive: AWS rejects rate(10 MINUTES), and we assume it is no more lenient about
// "RATE(" or "Cron(" (unverified).
bool unwrap(std::string_view expr, std::string_view prefix, std::string_view& inner) {
  if (expr.size() < prefix.size() + 2) return false;
  if (expr.substr(0, prefix.size()) != prefix) return false;
  if (expr[prefix.size()] != '(' || expr.back() != ')') return false;
  inner = expr.substr(prefix.size() + 1, expr.size() - prefix.size() - 2);
  return true;
}

}  // namespace

bool tryParse(std::string_view expr, Schedule& out) noexcept {
  // Bounding the length first keeps every later step cheap on hostile input (10,000 characters,
  // binary bytes): the parsers only compare bytes against ASCII, so anything else just fails.
  if (expr.empty() || expr.size() > kMaxExpressionLength) return false;
  std::string_view inner;
  if (unwrap(expr, "rate", inner)) {
    Schedule s;
    s.kind = Schedule::Kind::kRate;
    if (!detail::parseRate(inner, s.rate)) return false;
    out = s;
    return true;
  }
  if (unwrap(expr, "cron", inner)) {
    Schedule s;
    s.kind = Schedule::Kind::kCron;
    if (!detail::parseCron(inner, s.cron)) return false;
    out = s;
    return true;
  }
  return false;
}

Schedule parse(std::string_view expr) {
  Schedule s;
  if (!tryParse(expr, s)) throwInvalid();
  return s;
}

void validate(std::string_view expr) {
  parse(expr);
}

int64_t nextFireAfter(const Schedule& schedule, int64_t afterMs, int64_t anchorMs) noexcept {
  if (schedule.kind == Schedule::Kind::kRate) {
    return detail::nextRateFire(schedule.rate, afterMs, anchorMs);
  }
  return detail::nextCronFire(schedule.cron, afterMs);
}

int64_t nextFireAfter(std::string_view expr, int64_t afterMs, int64_t anchorMs) {
  return nextFireAfter(parse(expr), afterMs, anchorMs);
}

}  // namespace ebw::schedule
