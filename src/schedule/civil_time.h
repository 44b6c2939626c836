// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01, UTC). Schedules
// are UTC only, so we do the arithmetic ourselves instead of relying on timegm/localtime, which are
// not portable (timegm is non-standard) and would drag the host time zone into a browser/WASM
// build. Algorithms: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil
// and civil_from_days), which are exact for every int64 year range we use.
#pragma once

#include <cstdint>

namespace ebw::schedule {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

constexpr bool isLeapYear(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr int daysInMonth(int64_t y, int m) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// Day number of y-m-d; 1970-01-01 is day 0.
constexpr int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = m > 2 ? m - 3 : m + 9;                   // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr CivilDate civilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// Cron numbering: 1 = Sunday ... 7 = Saturday. Day 0 (1970-01-01) was a Thursday (5).
constexpr int dayOfWeek(int64_t days) {
  const int64_t r = (days + 4) % 7;  // 0 = Sunday
  return static_cast<int>(r < 0 ? r + 7 : r) + 1;
}

// Floor division, since C++ '/' truncates toward zero and instants before 1970 are negative.
constexpr int64_t floorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace ebw::schedule
