// The next firing of a cron schedule. Instead of testing minute after minute (a yearly schedule
// would take half a million steps, a never-matching one like "30 FEB" 120 million), we walk the
// calendar top-down: skip whole years not in the Year set, whole months not in the Month set, and
// within a month compute the matching days at once as a bit mask (which is where L, W, # and nL
// are resolved, since they depend on the month's length and weekdays). At most 230 * 12 months
// are visited, so the search is bounded even when nothing ever matches.
#include "schedule/civil_time.h"
#include "schedule/schedule_internal.h"

namespace ebw::schedule::detail {
namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMinutesPerDay = 1440;

// Bit d set when day d (1..dim) of year y, month m matches the Day-of-month / Day-of-week rule.
uint32_t matchingDays(const CronSchedule& c, int64_t y, int m) {
  const int dim = daysInMonth(y, m);
  const int64_t day1 = daysFromCivil(y, m, 1);
  const int dow1 = dayOfWeek(day1);  // weekday of the 1st, 1 = Sunday
  auto weekdayOf = [&](int d) { return (dow1 - 1 + d - 1) % 7 + 1; };
  const uint32_t monthDays = static_cast<uint32_t>(((uint64_t{1} << (dim + 1)) - 1) & ~uint64_t{1});

  switch (c.domKind) {
    case DayOfMonthKind::kSet:
      return c.daysOfMonth & monthDays;
    case DayOfMonthKind::kLast:
      return 1u << dim;
    case DayOfMonthKind::kLastWeekday: {
      int d = dim;
      const int wd = weekdayOf(d);
      if (wd == 7) d -= 1;  // Saturday -> Friday
      if (wd == 1) d -= 2;  // Sunday -> Friday
      return 1u << d;
    }
    case DayOfMonthKind::kNearestWeekday: {
      // Day n itself on a weekday; Saturday -> Friday before, Sunday -> Monday after, except that
      // the result never leaves the month (1st on Saturday -> Monday 3rd, last day on Sunday ->
      // Friday before). A day the month does not have (31W in April) matches nothing, like a
      // plain 31 would.
      int d = c.domDay;
      if (d > dim) return 0;
      const int wd = weekdayOf(d);
      if (wd == 7)
        d = d == 1 ? 3 : d - 1;
      else if (wd == 1)
        d = d == dim ? d - 2 : d + 1;
      return 1u << d;
    }
    case DayOfMonthKind::kAny:
      break;
  }

  switch (c.dowKind) {
    case DayOfWeekKind::kSet: {
      uint32_t mask = 0;
      for (int d = 1; d <= dim; ++d) {
        if (c.daysOfWeek & (1u << weekdayOf(d))) mask |= 1u << d;
      }
      return mask;
    }
    case DayOfWeekKind::kLastInMonth: {
      const int lastWd = weekdayOf(dim);
      return 1u << (dim - (lastWd - c.dowDay + 7) % 7);
    }
    case DayOfWeekKind::kNth: {
      // A 5th occurrence most months do not have simply matches nothing that month.
      const int first = 1 + (c.dowDay - dow1 + 7) % 7;
      const int d = first + 7 * (c.dowNth - 1);
      return d <= dim ? 1u << d : 0;
    }
    case DayOfWeekKind::kAny:
      break;
  }
  return 0;  // unreachable for a parsed schedule: exactly one of the two fields is '?'
}

// Lowest set bit of `mask` at position >= from, or -1.
int nextBit(uint64_t mask, int from, int limit) {
  for (int i = from; i <= limit; ++i) {
    if (mask & (uint64_t{1} << i)) return i;
  }
  return -1;
}

}  // namespace

int64_t nextCronFire(const CronSchedule& c, int64_t afterMs) noexcept {
  constexpr int64_t kFirstMinute = 0;  // 1970-01-01T00:00Z
  constexpr int64_t kLastMinute = daysFromCivil(kMaxYear + 1, 1, 1) * kMinutesPerDay - 1;

  // The first candidate: the whole minute after the one containing afterMs (cron fires at second 0,
  // strictly after afterMs). Clamp to the range the Year field can express.
  int64_t start = floorDiv(afterMs, kMsPerMinute) + 1;
  if (start > kLastMinute) return -1;
  if (start < kFirstMinute) start = kFirstMinute;

  const int64_t startDay = floorDiv(start, kMinutesPerDay);
  const int startMinuteOfDay = static_cast<int>(start - startDay * kMinutesPerDay);
  const CivilDate sd = civilFromDays(startDay);
  const int startHour = startMinuteOfDay / 60;
  const int startMinute = startMinuteOfDay % 60;

  for (int64_t y = sd.year; y <= kMaxYear; ++y) {
    if (!c.years.test(static_cast<size_t>(y - kMinYear))) continue;
    const bool startYear = y == sd.year;
    for (int m = startYear ? sd.month : 1; m <= 12; ++m) {
      if (!(c.months & (1u << m))) continue;
      const bool startMonth = startYear && m == sd.month;
      const uint32_t days = matchingDays(c, y, m);
      if (days == 0) continue;
      for (int d = startMonth ? sd.day : 1; d <= 31; ++d) {
        if (!(days & (1u << d))) continue;
        const bool startDayHere = startMonth && d == sd.day;
        for (int h = startDayHere ? startHour : 0; h <= 23; ++h) {
          if (!(c.hours & (1u << h))) continue;
          const bool startHourHere = startDayHere && h == startHour;
          const int minute = nextBit(c.minutes, startHourHere ? startMinute : 0, 59);
          if (minute < 0) continue;  // only possible in the start hour
          const int64_t dayNumber = daysFromCivil(y, m, d);
          return ((dayNumber * kMinutesPerDay) + h * 60 + minute) * kMsPerMinute;
        }
      }
    }
  }
  return -1;
}

}  // namespace ebw::schedule::detail
