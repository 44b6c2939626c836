// libFuzzer target: ScheduleExpression parsing and next fire times. The input is the expression,
// optionally followed by a 0x00 byte and up to 16 bytes giving afterMs and anchorMs (little-endian
// int64; missing bytes leave the defaults 2024-01-01T00:00:00Z and 2023-12-31T23:59:30Z).
// Findings: sanitizer reports; validate()/parse()/tryParse() disagreeing; nextFireAfter(text) and
// nextFireAfter(parsed) disagreeing; a fire time not strictly after afterMs; a rate fire time off
// the anchor's grid; a cron fire time that is not a whole minute, that the schedule does not match
// (checked by an independent calendar implementation here), or that skips an earlier matching
// minute (checked minute by minute when the gap is under two days).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "common/aws_error.h"
#include "schedule/schedule.h"
#include "schedule/schedule_types.h"

namespace {

namespace s = ebw::schedule;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "EBW_FUZZ_FAIL: %s: %s\n", what, detail.c_str());
  std::abort();
}

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Ymd {
  int64_t y;
  int m, d;
};

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm), written independently of the core.
Ymd civil(int64_t z) {
  z += 719468;
  const int64_t era = floorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

int monthLength(int64_t y, int m) {
  static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kLen[m - 1];
}

// 1 = Sunday .. 7 = Saturday. 1970-01-01 was a Thursday (5).
int weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 4) % 7) + 1; }

bool isWeekday(int wd) { return wd >= 2 && wd <= 6; }

bool dayMatches(const s::CronSchedule& c, int64_t days) {
  const Ymd t = civil(days);
  const int dim = monthLength(t.y, t.m);
  const int wd = weekday(days);
  const int64_t first = days - (t.d - 1);
  auto wdOf = [&](int d) { return weekday(first + d - 1); };
  switch (c.domKind) {
    case s::DayOfMonthKind::kSet:
      return (c.daysOfMonth >> t.d) & 1;
    case s::DayOfMonthKind::kLast:
      return t.d == dim;
    case s::DayOfMonthKind::kLastWeekday: {
      int d = dim;
      while (!isWeekday(wdOf(d))) --d;
      return t.d == d;
    }
    case s::DayOfMonthKind::kNearestWeekday: {
      int n = c.domDay;
      if (n > dim) return false;
      int d = n;
      if (wdOf(n) == 7) d = n == 1 ? 3 : n - 1;
      if (wdOf(n) == 1) d = n == dim ? n - 2 : n + 1;
      return t.d == d;
    }
    case s::DayOfMonthKind::kAny:
      break;
  }
  switch (c.dowKind) {
    case s::DayOfWeekKind::kSet:
      return (c.daysOfWeek >> wd) & 1;
    case s::DayOfWeekKind::kLastInMonth:
      return wd == c.dowDay && t.d + 7 > dim;
    case s::DayOfWeekKind::kNth:
      return wd == c.dowDay && (t.d - 1) / 7 + 1 == c.dowNth;
    case s::DayOfWeekKind::kAny:
      break;
  }
  return false;
}

bool minuteMatches(const s::CronSchedule& c, int64_t minute) {
  const int64_t days = floorDiv(minute, 1440);
  const int mod = static_cast<int>(minute - days * 1440);
  const Ymd t = civil(days);
  if (t.y < s::kMinYear || t.y > s::kMaxYear) return false;
  if (!c.years.test(static_cast<size_t>(t.y - s::kMinYear))) return false;
  if (!((c.months >> t.m) & 1)) return false;
  if (!((c.hours >> (mod / 60)) & 1)) return false;
  if (!((c.minutes >> (mod % 60)) & 1)) return false;
  return dayMatches(c, days);
}

std::string describe(std::string_view expr, int64_t after, int64_t anchor, int64_t got) {
  return "expr=\"" + std::string(expr) + "\" afterMs=" + std::to_string(after) +
         " anchorMs=" + std::to_string(anchor) + " result=" + std::to_string(got);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t sep = all.find('\0');
  std::string_view expr = all.substr(0, sep);
  int64_t after = 1704067200000;   // 2024-01-01T00:00:00Z
  int64_t anchor = 1704067170000;  // 30 s earlier
  if (sep != std::string_view::npos) {
    unsigned char buf[16] = {};
    std::string_view rest = all.substr(sep + 1);
    std::memcpy(buf, rest.data(), rest.size() < 16 ? rest.size() : 16);
    if (rest.size() >= 8) std::memcpy(&after, buf, 8);
    if (rest.size() >= 16) std::memcpy(&anchor, buf + 8, 8);
  }

  s::Schedule parsed;
  const bool ok = s::tryParse(expr, parsed);
  bool validated = true;
  try {
    s::validate(expr);
  } catch (const ebw::AwsError& e) {
    validated = false;
    if (e.code() != "ValidationException") fail("validate error code", e.code());
  } catch (const std::exception& e) {
    fail("validate threw a non-AwsError", e.what());
  }
  if (ok != validated) fail("tryParse and validate disagree", std::string(expr));
  if (!ok) return 0;

  const int64_t got = s::nextFireAfter(parsed, after, anchor);
  int64_t viaText = 0;
  try {
    viaText = s::nextFireAfter(expr, after, anchor);
  } catch (const std::exception& e) {
    fail("nextFireAfter(text) threw for a valid expression", e.what());
  }
  if (viaText != got) fail("nextFireAfter(text) != nextFireAfter(parsed)", describe(expr, after, anchor, got));
  if (got == -1) return 0;
  if (got <= after) fail("fire time not after afterMs", describe(expr, after, anchor, got));

  if (parsed.kind == s::Schedule::Kind::kRate) {
    const int64_t p = parsed.rate.periodMs;
    if (p <= 0) fail("rate period not positive", describe(expr, after, anchor, got));
    // got = anchor + k*p with k >= 1, and got - p is not after afterMs (unless k == 1).
    __int128 diff = static_cast<__int128>(got) - anchor;
    if (diff <= 0 || diff % p != 0) fail("rate fire time off the anchor's grid", describe(expr, after, anchor, got));
    if (diff / p > 1 && got - p > after) fail("rate skipped a fire time", describe(expr, after, anchor, got));
    return 0;
  }

  if (got % 60000 != 0) fail("cron fire time not a whole minute", describe(expr, after, anchor, got));
  const int64_t gotMinute = got / 60000;
  if (!minuteMatches(parsed.cron, gotMinute)) {
    fail("cron fire time does not match the schedule", describe(expr, after, anchor, got));
  }
  int64_t from = floorDiv(after, 60000) + 1;
  if (gotMinute - from <= 2 * 1440) {
    for (int64_t m = from; m < gotMinute; ++m) {
      if (minuteMatches(parsed.cron, m)) {
        fail("cron skipped an earlier matching minute",
             describe(expr, after, anchor, got) + " earlier=" + std::to_string(m * 60000));
      }
    }
  }
  return 0;
}
