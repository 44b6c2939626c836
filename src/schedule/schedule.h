// ScheduleExpression: rate(value unit) and cron(Minutes Hours Day-of-month Month Day-of-week Year),
// validated exactly as EventBridge does, and the next fire time after any instant (UTC).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ebw::schedule {

struct Schedule;  // defined in schedule_types.h (opaque to callers that only validate)

// Throws AwsError ValidationException "Parameter ScheduleExpression is not valid." when `expr` is
// not a valid rate() or cron() expression.
void validate(std::string_view expr);

// Epoch milliseconds (UTC) of the first firing strictly after `afterMs`, or -1 when the expression
// never fires again (a cron year range that has ended). `anchorMs` is when the rule was created:
// rate(N unit) fires at anchorMs + k*N units for k >= 1; cron fires at whole minutes.
// Throws like validate() for an invalid expression.
int64_t nextFireAfter(std::string_view expr, int64_t afterMs, int64_t anchorMs);

// Longest expression parse() examines. The API model caps ScheduleExpression at 256 characters; the
// API layer reports that constraint itself, and anything longer is simply "not valid" here.
constexpr size_t kMaxExpressionLength = 256;

// Parses once for callers that evaluate the same expression many times (the scheduler loop).
// Throws like validate(). Include schedule/schedule_types.h to use the result.
Schedule parse(std::string_view expr);

// Non-throwing form of parse(): false (and `out` unspecified) when `expr` is not valid.
bool tryParse(std::string_view expr, Schedule& out) noexcept;

// nextFireAfter() on an already parsed expression. Never throws.
int64_t nextFireAfter(const Schedule& schedule, int64_t afterMs, int64_t anchorMs) noexcept;

}  // namespace ebw::schedule
