// The parsed form of a ScheduleExpression. Parsing once and keeping this value lets a caller that
// advances a clock (e.g. 1440 calls a day for rate(1 minute)) skip re-parsing the text each time.
// Everything here is plain data: no heap allocation, so copying and parsing cannot throw.
#pragma once

#include <bitset>
#include <cstdint>

namespace ebw::schedule {

// Bounds of the cron Year field, as documented by AWS.
constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2199;
constexpr int kYearCount = kMaxYear - kMinYear + 1;

// rate(value unit): fires every periodMs, counted from the rule's creation time.
struct RateSchedule {
  int64_t periodMs = 0;
};

// How the Day-of-month field selects days. Only one of Day-of-month and Day-of-week is active; the
// other is '?' (kAny).
enum class DayOfMonthKind : uint8_t {
  kAny,             // '?'
  kSet,             // values, ranges, lists, increments, '*': see CronSchedule::daysOfMonth
  kLast,            // 'L': the last day of the month
  kLastWeekday,     // 'LW': the last Monday-Friday of the month
  kNearestWeekday,  // 'nW': the Monday-Friday nearest to day n, never leaving the month
};

enum class DayOfWeekKind : uint8_t {
  kAny,          // '?'
  kSet,          // values, ranges, lists, '*', 'L' alone (= Saturday): see CronSchedule::daysOfWeek
  kLastInMonth,  // 'nL': the last weekday n of the month (6L = last Friday)
  kNth,          // 'n#k': the k-th weekday n of the month (3#2 = second Tuesday)
};

// cron(Minutes Hours Day-of-month Month Day-of-week Year). Bit i of a mask means value i is in the
// set (days of month 1..31, months 1..12, days of week 1..7 with 1 = Sunday); years are stored as
// bit (year - kMinYear).
struct CronSchedule {
  uint64_t minutes = 0;
  uint32_t hours = 0;
  uint32_t daysOfMonth = 0;
  uint16_t months = 0;
  uint8_t daysOfWeek = 0;
  std::bitset<kYearCount> years;

  DayOfMonthKind domKind = DayOfMonthKind::kAny;
  int domDay = 0;  // the n of 'nW'

  DayOfWeekKind dowKind = DayOfWeekKind::kAny;
  int dowDay = 0;  // the weekday (1..7) of 'nL' and 'n#k'
  int dowNth = 0;  // the k (1..5) of 'n#k'
};

struct Schedule {
  enum class Kind : uint8_t { kRate, kCron };
  Kind kind = Kind::kRate;
  RateSchedule rate;
  CronSchedule cron;
};

}  // namespace ebw::schedule
