// The pieces schedule.cpp assembles: one parser per expression kind and one next-fire search per
// kind. None of them throws; schedule.cpp turns a failed parse into AWS's ValidationException.
#pragma once

#include <cstdint>
#include <string_view>

#include "schedule/schedule_types.h"

namespace ebw::schedule::detail {

// `inner` is the text between "rate(" and the final ")". Returns false when it is not
// "<positive integer> <unit>" with the unit's number agreeing with the value.
bool parseRate(std::string_view inner, RateSchedule& out) noexcept;

// `inner` is the text between "cron(" and the final ")". Returns false when it is not six valid
// fields.
bool parseCron(std::string_view inner, CronSchedule& out) noexcept;

// anchorMs + k * periodMs for the smallest k >= 1 that is > afterMs; -1 if that overflows int64.
int64_t nextRateFire(const RateSchedule& rate, int64_t afterMs, int64_t anchorMs) noexcept;

// The first whole minute strictly after afterMs that the expression matches, or -1 if there is
// none up to the end of kMaxYear.
int64_t nextCronFire(const CronSchedule& cron, int64_t afterMs) noexcept;

}  // namespace ebw::schedule::detail
