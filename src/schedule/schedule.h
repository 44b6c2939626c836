// ScheduleExpression: rate(value unit) and cron(Minutes Hours Day-of-month Month Day-of-week Year),
// validated exactly as EventBridge does, and the next fire time after any instant (UTC).
#pragma once

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

}  // namespace ebw::schedule
