// cron(Minutes Hours Day-of-month Month Day-of-week Year), the grammar of the EventBridge user
// guide (shared/docs/eventbridge-reference.md section 5.2). AWS does not publish its parser; the
// grammar is Quartz's minus the seconds field, so where the guide is silent we follow Quartz and
// say so. Decisions taken without AWS evidence are marked "Unverified".
//
// Per field (a comma-separated list of items unless noted):
//   item      := '*' ['/' inc] | value ['-' value] ['/' inc]
//   value     := digits | three-letter name (Month: JAN..DEC, Day-of-week: SUN..SAT; any case)
//   Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12, Day-of-week 1-7 (1 = SUN),
//   Year 1970-2199.
//   'n/inc' runs from n to the field's maximum; '*/inc' from its minimum (Quartz).
//   A range whose start is above its end wraps around (Hours 20-2 = 20..23,0..2; FRI-MON). The
//   user guide itself gives "0/30 20-2 ? * MON-FRI *" as an example, so AWS accepts wrapping; we
//   allow it in every field except Year (which cannot wrap; Quartz rejects it too).
//   Increments: at least 1, and at most 59 / 23 / 31 / 12 for Minutes / Hours / Day-of-month /
//   Month (Quartz's limits; an increment of 0 is meaningless). Year increments are unbounded.
//   Day-of-week has no '/' (the guide lists ", - * ? L #" for it).
// Whole-field forms (never inside a list, as Quartz and the guide's '#' note require):
//   Day-of-month: '?', 'L' (last day), 'LW' (last weekday; Quartz syntax, unverified on AWS),
//                 'nW' (weekday nearest day n, n 1-31).
//   Day-of-week:  '?', 'L' (= 7, Saturday, the last day of the week, as in Quartz), 'nL' (last
//                 weekday n of the month), 'n#k' (k-th weekday n, k 1-5); n may be a name
//                 (SAT#3 is AWS-accepted, FRIL follows from it).
// Exactly one of Day-of-month and Day-of-week must be '?' (AWS rejects "cron(0 1 * * * *)";
// "both '?'" is unrecorded but Quartz rejects it and we do too).
// Letters are case-insensitive (Quartz upper-cases the expression; the guide's names are upper
// case). Fields are separated by runs of spaces or tabs; whitespace right inside the parentheses
// is rejected, as AWS does for rate( 10 minutes ). Both are unverified.
#include <bitset>
#include <string_view>

#include "schedule/schedule_internal.h"

namespace ebw::schedule::detail {
namespace {

// Bit (value - lo) of a field's set. 230 bits covers the widest field, Year.
using ValueSet = std::bitset<kYearCount>;

constexpr std::string_view kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::string_view kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldDef {
  int lo;
  int hi;
  const std::string_view* names;  // names[i] is value lo + i; nullptr when the field has none
  int maxIncrement;               // > 0: the bound; 0: unbounded; < 0: '/' not allowed
  bool wraps;                     // whether start > end means a wrapping range
};

constexpr FieldDef kMinutes{0, 59, nullptr, 59, true};
constexpr FieldDef kHours{0, 23, nullptr, 23, true};
constexpr FieldDef kDaysOfMonth{1, 31, nullptr, 31, true};
constexpr FieldDef kMonths{1, 12, kMonthNames, 12, true};
constexpr FieldDef kDaysOfWeek{1, 7, kDayNames, -1, true};
constexpr FieldDef kYears{kMinYear, kMaxYear, nullptr, 0, false};

constexpr char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}
constexpr bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}

// Reads an unsigned decimal number at s[pos...]. Leading zeros are fine; more than 9 digits is
// invalid in every field (and keeps the arithmetic in int).
bool readNumber(std::string_view s, size_t& pos, int& out) {
  const size_t begin = pos;
  int value = 0;
  while (pos < s.size() && isDigit(s[pos])) {
    if (pos - begin >= 9) return false;
    value = value * 10 + (s[pos] - '0');
    ++pos;
  }
  if (pos == begin) return false;
  out = value;
  return true;
}

// A number or (where the field has them) a three-letter name, within the field's bounds.
bool readValue(std::string_view s, size_t& pos, const FieldDef& def, int& out) {
  if (pos < s.size() && isDigit(s[pos])) {
    if (!readNumber(s, pos, out)) return false;
  } else {
    if (def.names == nullptr || s.size() - pos < 3) return false;
    const std::string_view word = s.substr(pos, 3);
    const int count = def.hi - def.lo + 1;
    int found = -1;
    for (int i = 0; i < count; ++i) {
      if (equalsIgnoreCase(word, def.names[i])) found = i;
    }
    if (found < 0) return false;
    out = def.lo + found;
    pos += 3;
  }
  return out >= def.lo && out <= def.hi;
}

bool parseItem(std::string_view item, const FieldDef& def, ValueSet& out) {
  if (item.empty()) return false;
  size_t pos = 0;
  int first = 0;
  int last = 0;
  bool explicitEnd = false;  // '*' or 'a-b': '/' does not extend the end to the field's maximum
  if (item[0] == '*') {
    first = def.lo;
    last = def.hi;
    explicitEnd = true;
    pos = 1;
  } else {
    if (!readValue(item, pos, def, first)) return false;
    last = first;
    if (pos < item.size() && item[pos] == '-') {
      ++pos;
      if (!readValue(item, pos, def, last)) return false;
      explicitEnd = true;
    }
  }
  int inc = 1;
  if (pos < item.size() && item[pos] == '/') {
    if (def.maxIncrement < 0) return false;
    ++pos;
    if (!readNumber(item, pos, inc)) return false;
    if (inc < 1 || (def.maxIncrement > 0 && inc > def.maxIncrement)) return false;
    if (!explicitEnd) last = def.hi;
  }
  if (pos != item.size()) return false;

  const int size = def.hi - def.lo + 1;
  int span = last - first;
  if (span < 0) {
    if (!def.wraps) return false;
    span += size;
  }
  for (int i = 0; i <= span; i += inc) {
    int v = first + i;
    if (v > def.hi) v -= size;
    out.set(static_cast<size_t>(v - def.lo));
  }
  return true;
}

bool parseList(std::string_view field, const FieldDef& def, ValueSet& out) {
  size_t start = 0;
  while (true) {
    const size_t comma = field.find(',', start);
    const std::string_view item = field.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!parseItem(item, def, out)) return false;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

// The set as a mask where bit v means value v (fields whose values fit in 64 bits).
uint64_t toMask(const ValueSet& set, const FieldDef& def) {
  uint64_t mask = 0;
  for (int v = def.lo; v <= def.hi; ++v) {
    if (set.test(static_cast<size_t>(v - def.lo))) mask |= uint64_t{1} << v;
  }
  return mask;
}

bool parseMask(std::string_view field, const FieldDef& def, uint64_t& out) {
  ValueSet set;
  if (!parseList(field, def, set)) return false;
  out = toMask(set, def);
  return true;
}

bool parseDayOfMonth(std::string_view field, CronSchedule& out) {
  if (field == "?") {
    out.domKind = DayOfMonthKind::kAny;
    return true;
  }
  if (equalsIgnoreCase(field, "L")) {
    out.domKind = DayOfMonthKind::kLast;
    return true;
  }
  if (equalsIgnoreCase(field, "LW")) {
    out.domKind = DayOfMonthKind::kLastWeekday;
    return true;
  }
  if (field.size() >= 2 && upper(field.back()) == 'W') {
    size_t pos = 0;
    int day = 0;
    const std::string_view digits = field.substr(0, field.size() - 1);
    if (!readNumber(digits, pos, day) || pos != digits.size()) return false;
    if (day < 1 || day > 31) return false;
    out.domKind = DayOfMonthKind::kNearestWeekday;
    out.domDay = day;
    return true;
  }
  uint64_t mask = 0;
  if (!parseMask(field, kDaysOfMonth, mask)) return false;
  out.domKind = DayOfMonthKind::kSet;
  out.daysOfMonth = static_cast<uint32_t>(mask);
  return true;
}

bool parseDayOfWeek(std::string_view field, CronSchedule& out) {
  if (field == "?") {
    out.dowKind = DayOfWeekKind::kAny;
    return true;
  }
  if (equalsIgnoreCase(field, "L")) {  // the last day of the week: Saturday, every week
    out.dowKind = DayOfWeekKind::kSet;
    out.daysOfWeek = 1u << 7;
    return true;
  }
  const size_t hash = field.find('#');
  if (hash != std::string_view::npos) {
    const std::string_view day = field.substr(0, hash);
    const std::string_view nth = field.substr(hash + 1);
    size_t pos = 0;
    int weekday = 0;
    if (!readValue(day, pos, kDaysOfWeek, weekday) || pos != day.size()) return false;
    pos = 0;
    int k = 0;
    if (!readNumber(nth, pos, k) || pos != nth.size() || k < 1 || k > 5) return false;
    out.dowKind = DayOfWeekKind::kNth;
    out.dowDay = weekday;
    out.dowNth = k;
    return true;
  }
  if (field.size() >= 2 && upper(field.back()) == 'L') {
    const std::string_view day = field.substr(0, field.size() - 1);
    size_t pos = 0;
    int weekday = 0;
    if (!readValue(day, pos, kDaysOfWeek, weekday) || pos != day.size()) return false;
    out.dowKind = DayOfWeekKind::kLastInMonth;
    out.dowDay = weekday;
    return true;
  }
  uint64_t mask = 0;
  if (!parseMask(field, kDaysOfWeek, mask)) return false;
  out.dowKind = DayOfWeekKind::kSet;
  out.daysOfWeek = static_cast<uint8_t>(mask);
  return true;
}

constexpr bool isSeparator(char c) {
  return c == ' ' || c == '\t';
}

}  // namespace

bool parseCron(std::string_view inner, CronSchedule& out) noexcept {
  std::string_view fields[6];
  size_t count = 0;
  size_t pos = 0;
  if (inner.empty() || isSeparator(inner.front()) || isSeparator(inner.back())) return false;
  while (pos < inner.size()) {
    const size_t begin = pos;
    while (pos < inner.size() && !isSeparator(inner[pos])) ++pos;
    if (count == 6) return false;
    fields[count++] = inner.substr(begin, pos - begin);
    while (pos < inner.size() && isSeparator(inner[pos])) ++pos;
  }
  if (count != 6) return false;

  CronSchedule cron;
  uint64_t mask = 0;
  if (!parseMask(fields[0], kMinutes, mask)) return false;
  cron.minutes = mask;
  if (!parseMask(fields[1], kHours, mask)) return false;
  cron.hours = static_cast<uint32_t>(mask);
  if (!parseDayOfMonth(fields[2], cron)) return false;
  if (!parseMask(fields[3], kMonths, mask)) return false;
  cron.months = static_cast<uint16_t>(mask);
  if (!parseDayOfWeek(fields[4], cron)) return false;
  if (!parseList(fields[5], kYears, cron.years)) return false;

  const bool domAny = cron.domKind == DayOfMonthKind::kAny;
  const bool dowAny = cron.dowKind == DayOfWeekKind::kAny;
  if (domAny == dowAny) return false;

  out = cron;
  return true;
}

}  // namespace ebw::schedule::detail
