// Schedule module: validation against every ScheduleExpression AWS answered in the conformance
// corpus, the grammar decisions we took without evidence, robustness on hostile input, and the
// next-fire computation (checked both on hand-picked calendar cases and against an independent
// day-by-day brute-force oracle).
#include "schedule/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "common/aws_error.h"
#include "schedule/civil_time.h"
#include "schedule/schedule_types.h"

#ifdef EBW_SHARED_DIR
#include <nlohmann/json.hpp>
#endif

namespace sch = ebw::schedule;

namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

int64_t utc(int64_t y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
  return sch::daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * 1000 + ms;
}

bool isValid(const std::string& expr) {
  try {
    sch::validate(expr);
    return true;
  } catch (const ebw::AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException") << expr;
    EXPECT_EQ(e.message(), "Parameter ScheduleExpression is not valid.") << expr;
    EXPECT_EQ(e.httpStatus(), 400) << expr;
    return false;
  }
}

int64_t next(const std::string& expr, int64_t after, int64_t anchor = 0) {
  return sch::nextFireAfter(expr, after, anchor);
}

// ---------------------------------------------------------------------------------------------
// AWS-recorded answers (shared/conformance, localstack tests marked aws.validated).

const std::vector<std::string> kAwsAccepted = {
    "rate(1 minute)",
    "cron(0 2 ? * SAT *)",
    "cron(0 12 * * ? *)",
    "cron(5,35 14 * * ? *)",
    "cron(15 10 ? * 6L 2002-2005)",
    "cron(0 2 ? * SAT#3 *)",
    "cron(* * ? * SAT#3 *)",
    "cron(0/5 5 ? JAN 1-5 2022)",
    "cron(0 10 * * ? *)",
    "cron(15 12 * * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(0/10 * ? * MON-FRI *)",
    "cron(0/5 8-17 ? * MON-FRI *)",
    "cron(0/30 20-23 ? * MON-FRI *)",
    "cron(0/30 0-2 ? * MON-FRI *)",
    // The user guide's own examples.
    "cron(0/30 20-2 ? * MON-FRI *)",
    "cron(15 10 ? * 6L 2019-2022)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(1 day)",
};

const std::vector<std::string> kAwsRejected = {
    "cron(0 1 * * * *)",  "cron(7 20 * * NOT *)",
    "cron(INVALID)",      "cron(0 dummy ? * MON-FRI *)",
    "cron(71 8 1 * ? *)", "rate(10 seconds)",
    "rate(10 years)",     "rate(1 minutes)",
    "rate(1 hours)",      "rate(1 days)",
    "rate(10 minute)",    "rate(10 hour)",
    "rate(10 day)",       "rate()",
    "rate(10)",           "rate(10 minutess)",
    "rate(foo minutes)",  "rate(0 minutes)",
    "rate(-10 minutes)",  "rate(10 MINUTES)",
    "rate( 10 minutes )", " rate(10 minutes)",
};

TEST(ScheduleConformance, AwsAcceptedExpressionsAreValid) {
  for (const auto& e : kAwsAccepted) EXPECT_TRUE(isValid(e)) << e;
}

TEST(ScheduleConformance, AwsRejectedExpressionsAreInvalid) {
  for (const auto& e : kAwsRejected) EXPECT_FALSE(isValid(e)) << e;
}

#ifdef EBW_SHARED_DIR
// Every record with a ScheduleExpression in the AWS-validated files. An error record whose message
// is about something else (the custom-bus restriction) has a valid expression.
TEST(ScheduleConformance, EveryRecordInTheSharedCorpus) {
  const std::string dir = EBW_SHARED_DIR "/conformance/";
  int checked = 0;
  for (const char* file : {"api_accepted.jsonl", "api_errors.jsonl"}) {
    std::ifstream in(dir + file);
    if (!in) GTEST_SKIP() << "conformance corpus not found at " << dir;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto rec = nlohmann::json::parse(line);
      const auto& req = rec.at("request");
      if (!req.contains("ScheduleExpression")) continue;
      const std::string expr = req.at("ScheduleExpression").get<std::string>();
      const bool invalid =
          rec.value("message", std::string()) == "Parameter ScheduleExpression is not valid.";
      EXPECT_EQ(isValid(expr), !invalid) << rec.at("id").get<std::string>();
      ++checked;
    }
  }
  EXPECT_GE(checked, 40);
}
#endif

// ---------------------------------------------------------------------------------------------
// Grammar beyond the recorded cases: documented syntax, and our documented decisions.

TEST(ScheduleValidate, RateForms) {
  for (const char* e : {"rate(2 minutes)", "rate(59 minutes)", "rate(2 hours)", "rate(7 days)",
                        "rate(2147483647 days)", "rate(05 minutes)", "rate(01 minute)"}) {
    EXPECT_TRUE(isValid(e)) << e;
  }
  for (const char* e : {"rate(1  minute)",
                        "rate(1\tminute)",
                        "rate(1 minute )",
                        "rate(1 minute) ",
                        "Rate(1 minute)",
                        "RATE(1 minute)",
                        "rate 1 minute",
                        "rate(1 Minute)",
                        "rate(+1 minute)",
                        "rate(1.5 hours)",
                        "rate(1e2 minutes)",
                        "rate(2147483648 minutes)",
                        "rate(99999999999999999999 minutes)",
                        "rate(00 minutes)",
                        "rate(1 minute))",
                        "rate((1 minute)",
                        "rate(1 week)",
                        "rate(2 weeks)",
                        "rate(1 second)",
                        "rate(1 minute",
                        "rate",
                        "rate(",
                        "rate)",
                        "rate( minutes)"}) {
    EXPECT_FALSE(isValid(e)) << e;
  }
}

TEST(ScheduleValidate, CronDocumentedSyntax) {
  for (const char* e : {
           "cron(0 0 L * ? *)",       "cron(0 0 3W * ? *)",          "cron(0 0 ? * 3#2 *)",
           "cron(0 0 ? * 6L *)",      "cron(0 0 ? * L *)",           "cron(0 0 1-15 * ? *)",
           "cron(0 0 1/5 * ? *)",     "cron(0 0 * JAN,FEB,MAR ? *)", "cron(0 0 * 1-12/3 ? *)",
           "cron(0 0 ? * SUN,SAT *)", "cron(0 0 * * ? 1970)",        "cron(0 0 * * ? 2199)",
           "cron(0 0 * * ? 2020/5)",  "cron(0 0 * * ? 2020-2030/2)", "cron(0 0 * * ? 2020,2022)",
           "cron(59 23 31 12 ? *)",   "cron(*/5 * * * ? *)",         "cron(1-59/2 * * * ? *)",
           "cron(0 0 31W * ? *)",     "cron(0 0 1W * ? *)",          "cron(0 0 ? * 7#5 *)",
           "cron(0 0 ? * FRIL *)",    "cron(0 0 ? * 1-7 *)",         "cron(0 0 * * ? *)",
       }) {
    EXPECT_TRUE(isValid(e)) << e;
  }
}

// Decisions taken without AWS evidence (see cron_parser.cpp): these document them.
TEST(ScheduleValidate, CronDecisionsWithoutEvidence) {
  // Accepted: LW (Quartz), wrapping ranges (the guide's 20-2), lower-case names and letters,
  // leading zeros, several spaces or tabs between fields, '*' inside a list.
  for (const char* e : {"cron(0 0 LW * ? *)", "cron(0 22-2 ? * FRI-MON *)", "cron(50-10 * * * ? *)",
                        "cron(0 0 * NOV-FEB ? *)", "cron(0 0 25-5 * ? *)", "cron(0 0 ? jan mon *)",
                        "cron(0 0 ? * sat#3 *)", "cron(0 0 l * ? *)", "cron(0 0 15w * ? *)",
                        "cron(05 08 01 01 ? 02030)", "cron(0  0 * * ?\t*)", "cron(*,5 0 * * ? *)",
                        "cron(0 0 ? * MON-5 *)", "cron(0 0 ? * fril *)"}) {
    EXPECT_TRUE(isValid(e)) << e;
  }
  // Rejected: both '?'; L-n offsets; L/W/# inside lists or ranges; '/' in Day-of-week; zero or
  // oversized increments; wrapping years; bare '/n'; whitespace inside the parentheses.
  for (const char* e :
       {"cron(0 0 ? * ? *)",     "cron(0 0 L-2 * ? *)",       "cron(0 0 L,15 * ? *)",
        "cron(0 0 1W,15 * ? *)", "cron(0 0 1-5W * ? *)",      "cron(0 0 ? * 3#1,6#3 *)",
        "cron(0 0 ? * 2,6L *)",  "cron(0 0 ? * 1/2 *)",       "cron(0/0 * * * ? *)",
        "cron(0/60 * * * ? *)",  "cron(0 0/24 * * ? *)",      "cron(0 0 1/32 * ? *)",
        "cron(0 0 * 1/13 ? *)",  "cron(0 0 * * ? 2030-2020)", "cron(/5 * * * ? *)",
        "cron( 0 0 * * ? *)",    "cron(0 0 * * ? * )",        "CRON(0 0 * * ? *)",
        "cron(0 0 ? * 3#6 *)",   "cron(0 0 ? * 3#0 *)",       "cron(0 0 ? * 8L *)",
        "cron(0 0 32W * ? *)",   "cron(0 0 0W * ? *)",        "cron(0 0 W * ? *)"}) {
    EXPECT_FALSE(isValid(e)) << e;
  }
}

TEST(ScheduleValidate, CronOutOfRangeAndMalformed) {
  for (const char* e : {
           "cron(60 0 * * ? *)",
           "cron(0 24 * * ? *)",
           "cron(0 0 0 * ? *)",
           "cron(0 0 32 * ? *)",
           "cron(0 0 * 0 ? *)",
           "cron(0 0 * 13 ? *)",
           "cron(0 0 ? * 0 *)",
           "cron(0 0 ? * 8 *)",
           "cron(0 0 * * ? 1969)",
           "cron(0 0 * * ? 2200)",
           "cron(0 0 * * ?)",
           "cron(0 0 * * ? * *)",
           "cron()",
           "cron(0 0 * JANUARY ? *)",
           "cron(0 0 ? * MONDAY *)",
           "cron(0 0 ? * MON- *)",
           "cron(0 0 ? * -MON *)",
           "cron(0,,5 0 * * ? *)",
           "cron(0, 0 * * ? *)",
           "cron(,0 0 * * ? *)",
           "cron(0- 0 * * ? *)",
           "cron(0-5- 0 * * ? *)",
           "cron(0/5/5 0 * * ? *)",
           "cron(0 0 * * ? *",
           "cron 0 0 * * ? *)",
           "cron(0 0 * * ? *))",
           "cron(-1 0 * * ? *)",
           "cron(0 0 ? ? * *)",
           "cron(? 0 * * ? *)",
           "cron(0 0 * * L *)",
           "cron(L 0 * * ? *)",
           "cron(0 0 * L ? *)",
           "cron(0 0 * * ? L)",
           "cron(0 0 * JAN#2 ? *)",
           "cron(0 0 1#2 * ? *)",
           "cron(0 0 ? * SUN#2#1 *)",
           "cron(0 0 * * ? */1000000000)",
           "cron(1000000000 0 * * ? *)",
           "cron(0 0 * * ?\n*)",
           "cron(0 0 * * ?\r*)",
       }) {
    EXPECT_FALSE(isValid(e)) << e;
  }
}

// ---------------------------------------------------------------------------------------------
// Robustness: hostile input must give the ValidationException, promptly, and nothing else.

void expectRejectedQuickly(const std::string& e) {
  try {
    sch::validate(e);
    ADD_FAILURE() << "accepted: " << e;
  } catch (const ebw::AwsError& err) {
    EXPECT_EQ(err.code(), "ValidationException");
  }
  EXPECT_THROW(sch::nextFireAfter(e, 0, 0), ebw::AwsError);
}

TEST(ScheduleRobustness, EmptyHugeAndBinary) {
  expectRejectedQuickly("");
  expectRejectedQuickly(std::string(10'000, 'x'));
  expectRejectedQuickly("cron(" + std::string(10'000, '*') + ")");
  expectRejectedQuickly("rate(" + std::string(10'000, '9') + " minutes)");
  expectRejectedQuickly("cron(0 0 * * ? *)" + std::string(300, ' '));
  expectRejectedQuickly(std::string("cron(0 0 * * ? *)\0", 18));
  expectRejectedQuickly(std::string("rate(1\0minute)", 14));
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  expectRejectedQuickly(binary);
  expectRejectedQuickly("cron(\xff\xfe 0 * * ? *)");
  expectRejectedQuickly(
      "rate(\xc2\xa0"
      "1 minute)");
}

TEST(ScheduleRobustness, LengthBound) {
  // A valid expression padded with spaces between two fields: exactly 256 characters still
  // parses, one more is rejected by length alone.
  const std::string head = "cron(0 0 * * ?";
  const std::string tail = "*)";
  std::string e =
      head + std::string(sch::kMaxExpressionLength - head.size() - tail.size(), ' ') + tail;
  ASSERT_EQ(e.size(), sch::kMaxExpressionLength);
  EXPECT_TRUE(isValid(e));
  e.insert(head.size(), " ");
  EXPECT_FALSE(isValid(e));
}

TEST(ScheduleRobustness, RandomInputsOnlyEverThrowValidation) {
  std::mt19937 rng(12345);
  const std::string alphabet =
      "0123456789 ,-*/?LW#LWJANFEBSUNMONSATcronrate()minutesdays\t\x01\xff";
  const std::vector<std::string> seeds = {"cron(0 0 * * ? *)", "rate(5 minutes)",
                                          "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 0 ? * 6L *)"};
  int valid = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        case 1:
          if (pos < s.size()) s.erase(pos, 1);
          break;
        default:
          if (pos < s.size()) s[pos] = c;
          break;
      }
    }
    try {
      sch::validate(s);
      ++valid;
      // Whatever was accepted must also be computable, without hanging.
      (void)sch::nextFireAfter(s, utc(2025, 6, 15, 12, 34, 56), utc(2025, 1, 1));
    } catch (const ebw::AwsError& e) {
      ASSERT_EQ(e.code(), "ValidationException") << s;
    }
  }
  EXPECT_GT(valid, 100);
}

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic (against values computed independently with Python's calendar.timegm).

TEST(ScheduleCivil, KnownDays) {
  EXPECT_EQ(sch::daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(sch::daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(sch::daysFromCivil(2000, 1, 1), 10957);
  EXPECT_EQ(sch::daysFromCivil(2028, 2, 29), 21243);
  EXPECT_EQ(sch::daysFromCivil(2199, 12, 31), 84005);
  EXPECT_EQ(sch::daysFromCivil(2200, 1, 1), 84006);
  EXPECT_EQ(sch::daysFromCivil(1600, 3, 1), -135080);
  EXPECT_EQ(sch::dayOfWeek(0), 5);                                // Thursday
  EXPECT_EQ(sch::dayOfWeek(sch::daysFromCivil(2025, 3, 1)), 7);   // Saturday
  EXPECT_EQ(sch::dayOfWeek(sch::daysFromCivil(2025, 8, 31)), 1);  // Sunday
  EXPECT_EQ(sch::dayOfWeek(-1), 4);
  EXPECT_EQ(sch::floorDiv(-1, 60000), -1);
  EXPECT_EQ(sch::floorDiv(-60000, 60000), -1);
  EXPECT_EQ(sch::floorDiv(59999, 60000), 0);
}

TEST(ScheduleCivil, RoundTripAcrossCenturies) {
  int64_t day = sch::daysFromCivil(1899, 1, 1);
  for (int64_t y = 1899; y <= 2401; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= sch::daysInMonth(y, m); ++d, ++day) {
        ASSERT_EQ(sch::daysFromCivil(y, m, d), day);
        const auto c = sch::civilFromDays(day);
        ASSERT_EQ(c.year, y);
        ASSERT_EQ(c.month, m);
        ASSERT_EQ(c.day, d);
      }
    }
  }
  EXPECT_EQ(sch::daysInMonth(1900, 2), 28);
  EXPECT_EQ(sch::daysInMonth(2000, 2), 29);
  EXPECT_EQ(sch::daysInMonth(2100, 2), 28);
}

// ---------------------------------------------------------------------------------------------
// rate()

TEST(ScheduleRate, AnchoredAtCreation) {
  const int64_t anchor = utc(2025, 1, 1, 0, 0, 30, 123);
  EXPECT_EQ(next("rate(5 minutes)", anchor, anchor), anchor + 5 * kMinute);
  EXPECT_EQ(next("rate(5 minutes)", anchor - kDay, anchor), anchor + 5 * kMinute);
  EXPECT_EQ(next("rate(5 minutes)", anchor + 5 * kMinute - 1, anchor), anchor + 5 * kMinute);
  EXPECT_EQ(next("rate(5 minutes)", anchor + 5 * kMinute, anchor), anchor + 10 * kMinute);
  EXPECT_EQ(next("rate(1 hour)", anchor + 3 * kHour + 1, anchor), anchor + 4 * kHour);
  EXPECT_EQ(next("rate(2 hours)", anchor + 3 * kHour, anchor), anchor + 4 * kHour);
  EXPECT_EQ(next("rate(1 day)", anchor, anchor), anchor + kDay);
  EXPECT_EQ(next("rate(7 days)", anchor + 8 * kDay, anchor), anchor + 14 * kDay);
  // Anchors and instants before 1970 work too.
  EXPECT_EQ(next("rate(1 minute)", -kMinute - 1, -10 * kMinute), -kMinute);
}

TEST(ScheduleRate, OneMinuteFires1440TimesADay) {
  const sch::Schedule s = sch::parse("rate(1 minute)");
  const int64_t anchor = utc(2024, 2, 28, 17, 3, 12, 5);
  int64_t t = anchor;
  int fires = 0;
  while (true) {
    const int64_t n = sch::nextFireAfter(s, t, anchor);
    ASSERT_GT(n, t);
    if (n > anchor + kDay) break;
    ASSERT_EQ(n - t, kMinute);
    t = n;
    ++fires;
  }
  EXPECT_EQ(fires, 1440);
  EXPECT_EQ(t, anchor + kDay);
  // The string entry point gives the same answers.
  EXPECT_EQ(next("rate(1 minute)", anchor + 90'000, anchor), anchor + 2 * kMinute);
}

TEST(ScheduleRate, OverflowGivesMinusOne) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(next("rate(2147483647 days)", kMax - 1, 0), -1);
  EXPECT_EQ(next("rate(1 minute)", kMax, kMin), -1);
  EXPECT_EQ(next("rate(1 minute)", kMin, kMax), -1);
  EXPECT_EQ(next("rate(1 minute)", kMin, kMin), kMin + kMinute);
}

// ---------------------------------------------------------------------------------------------
// cron(): hand-picked calendar cases

TEST(ScheduleCron, DailyAndStrictlyAfter) {
  const std::string e = "cron(0 10 * * ? *)";
  EXPECT_EQ(next(e, utc(2025, 5, 5, 9, 59, 59, 999)), utc(2025, 5, 5, 10, 0));
  EXPECT_EQ(next(e, utc(2025, 5, 5, 10, 0)), utc(2025, 5, 6, 10, 0));
  EXPECT_EQ(next(e, utc(2025, 5, 5, 10, 0, 0, 1)), utc(2025, 5, 6, 10, 0));
  EXPECT_EQ(next(e, utc(2025, 12, 31, 23, 0)), utc(2026, 1, 1, 10, 0));
  // The anchor is irrelevant for cron.
  EXPECT_EQ(sch::nextFireAfter(e, utc(2025, 5, 5), 123456789), utc(2025, 5, 5, 10, 0));
}

TEST(ScheduleCron, EveryMinuteAndIncrements) {
  const sch::Schedule every = sch::parse("cron(* * * * ? *)");
  const int64_t start = utc(2025, 3, 9, 0, 0);
  int64_t t = start - 1;
  int fires = 0;
  while ((t = sch::nextFireAfter(every, t, 0)) < start + kDay) ++fires;
  EXPECT_EQ(fires, 1440);

  const sch::Schedule quarter = sch::parse("cron(0/15 * * * ? *)");
  std::vector<int64_t> got;
  t = start - 1;
  while ((t = sch::nextFireAfter(quarter, t, 0)) < start + kHour)
    got.push_back((t - start) / kMinute);
  EXPECT_EQ(got, (std::vector<int64_t>{0, 15, 30, 45}));

  const sch::Schedule odd = sch::parse("cron(5/20 * * * ? *)");
  got.clear();
  t = start - 1;
  while ((t = sch::nextFireAfter(odd, t, 0)) < start + 2 * kHour)
    got.push_back((t - start) / kMinute);
  EXPECT_EQ(got, (std::vector<int64_t>{5, 25, 45, 65, 85, 105}));

  EXPECT_EQ(next("cron(10-20/5 * * * ? *)", utc(2025, 1, 1, 0, 20)), utc(2025, 1, 1, 1, 10));
  EXPECT_EQ(next("cron(0 */6 * * ? *)", utc(2025, 1, 1, 6, 0)), utc(2025, 1, 1, 12, 0));
  EXPECT_EQ(next("cron(0 0 1/10 * ? *)", utc(2025, 1, 21)), utc(2025, 1, 31));
  EXPECT_EQ(next("cron(0 0 1 1/4 ? *)", utc(2025, 1, 1)), utc(2025, 5, 1));
  EXPECT_EQ(next("cron(0 0 1 1 ? 2020/7)", utc(2025, 1, 1)), utc(2027, 1, 1));
}

TEST(ScheduleCron, ListsRangesAndNames) {
  // 14:05 and 14:35.
  EXPECT_EQ(next("cron(5,35 14 * * ? *)", utc(2025, 1, 1, 14, 5)), utc(2025, 1, 1, 14, 35));
  // Mondays-Wednesdays of January, March and April at 09:00; 2025-01-01 is a Wednesday.
  const std::string e = "cron(0 9 ? JAN,MAR-APR MON-WED *)";
  EXPECT_EQ(next(e, utc(2025, 1, 1)), utc(2025, 1, 1, 9, 0));
  EXPECT_EQ(next(e, utc(2025, 1, 1, 9, 0)), utc(2025, 1, 6, 9, 0));
  EXPECT_EQ(next(e, utc(2025, 1, 31)), utc(2025, 3, 3, 9, 0));
  EXPECT_EQ(next("cron(0 9 ? jan,mar-apr mon-wed *)", utc(2025, 1, 31)), utc(2025, 3, 3, 9, 0));
  EXPECT_EQ(next("cron(0 9 ? 1,3-4 2-4 *)", utc(2025, 1, 31)), utc(2025, 3, 3, 9, 0));
  // Weekdays: Friday 2025-01-03 18:00 -> Monday 2025-01-06 18:00.
  EXPECT_EQ(next("cron(0 18 ? * MON-FRI *)", utc(2025, 1, 3, 18, 0)), utc(2025, 1, 6, 18, 0));
  EXPECT_EQ(next("cron(0 2 ? * SAT *)", utc(2025, 1, 1)), utc(2025, 1, 4, 2, 0));
  EXPECT_EQ(next("cron(0 0 ? * L *)", utc(2025, 1, 1)), utc(2025, 1, 4, 0, 0));  // L = Saturday
}

TEST(ScheduleCron, WrappingRanges) {
  // The guide's 20-2: 20:00..23:30 and 00:00..02:30 on weekdays. Friday 2025-01-03 after 23:30 ->
  // Monday 00:00 (Saturday's early hours are not Monday-Friday).
  const std::string e = "cron(0/30 20-2 ? * MON-FRI *)";
  EXPECT_EQ(next(e, utc(2025, 1, 2, 2, 30)), utc(2025, 1, 2, 20, 0));
  EXPECT_EQ(next(e, utc(2025, 1, 2, 23, 30)), utc(2025, 1, 3, 0, 0));
  EXPECT_EQ(next(e, utc(2025, 1, 3, 23, 30)), utc(2025, 1, 6, 0, 0));
  // FRI-MON = Friday, Saturday, Sunday, Monday. 2025-01-07 is a Tuesday.
  EXPECT_EQ(next("cron(0 0 ? * FRI-MON *)", utc(2025, 1, 7)), utc(2025, 1, 10));
  EXPECT_EQ(next("cron(0 0 ? * FRI-MON *)", utc(2025, 1, 12)), utc(2025, 1, 13));
  EXPECT_EQ(next("cron(0 0 ? * FRI-MON *)", utc(2025, 1, 13)), utc(2025, 1, 17));
  // Months NOV-FEB, minutes 50-10.
  EXPECT_EQ(next("cron(0 0 1 NOV-FEB ? *)", utc(2025, 2, 1)), utc(2025, 11, 1));
  EXPECT_EQ(next("cron(0 0 1 NOV-FEB ? *)", utc(2025, 12, 1)), utc(2026, 1, 1));
  EXPECT_EQ(next("cron(50-10 0 * * ? *)", utc(2025, 1, 1, 0, 10)), utc(2025, 1, 1, 0, 50));
  EXPECT_EQ(next("cron(50-10 0 * * ? *)", utc(2025, 1, 1, 0, 59)), utc(2025, 1, 2, 0, 0));
  // Day-of-month 30-2 wraps over 31: 30, 31, 1, 2.
  EXPECT_EQ(next("cron(0 0 30-2 * ? *)", utc(2025, 2, 2)), utc(2025, 3, 1));
}

TEST(ScheduleCron, LeapYearsAndMonthEnds) {
  const std::string feb29 = "cron(0 12 29 2 ? *)";
  EXPECT_EQ(next(feb29, utc(2025, 3, 1)), utc(2028, 2, 29, 12, 0));
  EXPECT_EQ(next(feb29, utc(2028, 2, 29, 12, 0)), utc(2032, 2, 29, 12, 0));
  // 2100 is not a leap year, so 2097-2103 has no February 29th at all.
  EXPECT_EQ(next("cron(0 0 29 2 ? 2097-2103)", utc(2097, 1, 1)), -1);

  // The 31st exists only in long months.
  const sch::Schedule s31 = sch::parse("cron(0 0 31 * ? *)");
  std::vector<int> months;
  for (int64_t t = utc(2025, 1, 1); months.size() < 8;) {
    t = sch::nextFireAfter(s31, t, 0);
    months.push_back(sch::civilFromDays(t / kDay).month);
  }
  EXPECT_EQ(months, (std::vector<int>{1, 3, 5, 7, 8, 10, 12, 1}));

  // L in February of non-leap and leap years, and in a 30-day month.
  EXPECT_EQ(next("cron(0 0 L 2 ? *)", utc(2026, 3, 1)), utc(2027, 2, 28));
  EXPECT_EQ(next("cron(0 0 L 2 ? *)", utc(2027, 3, 1)), utc(2028, 2, 29));
  EXPECT_EQ(next("cron(0 0 L * ? *)", utc(2025, 4, 1)), utc(2025, 4, 30));
  EXPECT_EQ(next("cron(0 0 L * ? *)", utc(2025, 4, 30)), utc(2025, 5, 31));
  EXPECT_EQ(next("cron(0 0 L * ? 2100)", utc(2100, 2, 1)), utc(2100, 2, 28));  // not leap

  // A day no month has in the selected months never fires: bounded search, -1.
  EXPECT_EQ(next("cron(0 0 30 2 ? *)", utc(2025, 1, 1)), -1);
  EXPECT_EQ(next("cron(0 0 31 APR,JUN,SEP,NOV ? *)", utc(1970, 1, 1)), -1);
}

TEST(ScheduleCron, NearestWeekday) {
  // 2025-03-01 is a Saturday: 1W -> Monday 3rd (never back into February).
  EXPECT_EQ(next("cron(0 9 1W * ? *)", utc(2025, 2, 15)), utc(2025, 3, 3, 9, 0));
  // 2025-08-31 is a Sunday: 31W -> Friday 29th (never forward into September).
  EXPECT_EQ(next("cron(0 9 31W * ? *)", utc(2025, 8, 1)), utc(2025, 8, 29, 9, 0));
  // 2025-03-15 is a Saturday -> Friday 14th; 2025-06-15 is a Sunday -> Monday 16th.
  EXPECT_EQ(next("cron(0 0 15W * ? *)", utc(2025, 3, 1)), utc(2025, 3, 14));
  EXPECT_EQ(next("cron(0 0 15W * ? *)", utc(2025, 6, 1)), utc(2025, 6, 16));
  // On a weekday it is the day itself (2025-01-15 is a Wednesday).
  EXPECT_EQ(next("cron(0 0 15W * ? *)", utc(2025, 1, 1)), utc(2025, 1, 15));
  // 31W skips months without a 31st (April) rather than moving into another month.
  EXPECT_EQ(next("cron(0 0 31W * ? *)", utc(2025, 4, 1)), utc(2025, 5, 30));  // 31 May = Sat
  // LW: last weekday. 2025-08-31 Sunday -> Friday 29th; 2025-05-31 Saturday -> Friday 30th.
  EXPECT_EQ(next("cron(0 0 LW * ? *)", utc(2025, 8, 1)), utc(2025, 8, 29));
  EXPECT_EQ(next("cron(0 0 LW * ? *)", utc(2025, 5, 1)), utc(2025, 5, 30));
  EXPECT_EQ(next("cron(0 0 LW * ? *)", utc(2025, 6, 1)), utc(2025, 6, 30));  // Monday
}

TEST(ScheduleCron, NthAndLastWeekdayOfMonth) {
  // Second Tuesday: January 2025 -> 14th.
  EXPECT_EQ(next("cron(0 0 ? * 3#2 *)", utc(2025, 1, 1)), utc(2025, 1, 14));
  // Third Saturday at 02:00 (AWS-accepted SAT#3): January 2025 -> 18th.
  EXPECT_EQ(next("cron(0 2 ? * SAT#3 *)", utc(2025, 1, 1)), utc(2025, 1, 18, 2, 0));
  // Fifth Monday: January and February 2025 have four; March has 31st.
  EXPECT_EQ(next("cron(0 0 ? * 2#5 *)", utc(2025, 1, 1)), utc(2025, 3, 31));
  EXPECT_EQ(next("cron(0 0 ? * 2#5 *)", utc(2025, 3, 31)), utc(2025, 6, 30));
  // Every minute of the third Saturday: 1440 firings, then the next month.
  const sch::Schedule s = sch::parse("cron(* * ? * SAT#3 *)");
  EXPECT_EQ(sch::nextFireAfter(s, utc(2025, 1, 18, 23, 58), 0), utc(2025, 1, 18, 23, 59));
  EXPECT_EQ(sch::nextFireAfter(s, utc(2025, 1, 18, 23, 59), 0), utc(2025, 2, 15, 0, 0));
  // Last Friday (6L): 2025-01-31, then 2025-02-28.
  EXPECT_EQ(next("cron(15 10 ? * 6L *)", utc(2025, 1, 1)), utc(2025, 1, 31, 10, 15));
  EXPECT_EQ(next("cron(15 10 ? * 6L *)", utc(2025, 1, 31, 10, 15)), utc(2025, 2, 28, 10, 15));
  EXPECT_EQ(next("cron(0 0 ? * FRIL *)", utc(2025, 1, 1)), utc(2025, 1, 31));
  // Last Sunday: March 2025 -> 30th.
  EXPECT_EQ(next("cron(0 0 ? * 1L *)", utc(2025, 3, 1)), utc(2025, 3, 30));
}

TEST(ScheduleCron, YearBounds) {
  // AWS accepted cron(15 10 ? * 6L 2002-2005): valid, but it has stopped firing.
  const std::string e = "cron(15 10 ? * 6L 2002-2005)";
  EXPECT_EQ(next(e, utc(2025, 1, 1)), -1);
  EXPECT_EQ(next(e, utc(2005, 12, 1)), utc(2005, 12, 30, 10, 15));
  EXPECT_EQ(next(e, utc(2005, 12, 30, 10, 15)), -1);
  EXPECT_EQ(next(e, utc(1990, 1, 1)), utc(2002, 1, 25, 10, 15));
  // 2199 is the last year.
  EXPECT_EQ(next("cron(59 23 31 12 ? *)", utc(2199, 12, 31)), utc(2199, 12, 31, 23, 59));
  EXPECT_EQ(next("cron(59 23 31 12 ? *)", utc(2199, 12, 31, 23, 59)), -1);
  EXPECT_EQ(next("cron(* * * * ? *)", utc(2199, 12, 31, 23, 58, 59)), utc(2199, 12, 31, 23, 59));
  EXPECT_EQ(next("cron(* * * * ? *)", utc(2199, 12, 31, 23, 59)), -1);
  EXPECT_EQ(next("cron(0 0 1 1 ? *)", utc(2199, 1, 1)), -1);
  // Before 1970 the first firing is in 1970.
  EXPECT_EQ(next("cron(0 0 1 1 ? *)", -1), utc(1970, 1, 1));
  EXPECT_EQ(next("cron(30 * * * ? *)", -kDay * 365 * 100), utc(1970, 1, 1, 0, 30));
  EXPECT_EQ(next("cron(0 0 1 1 ? 1970)", utc(1970, 1, 1)), -1);
  // Extreme instants.
  EXPECT_EQ(next("cron(* * * * ? *)", std::numeric_limits<int64_t>::max()), -1);
  EXPECT_EQ(next("cron(* * * * ? *)", std::numeric_limits<int64_t>::min()), 0);
  EXPECT_EQ(next("cron(0 0 1 1 ? 2022)", utc(2021, 12, 31, 23, 59, 59, 999)), utc(2022, 1, 1));
  // The AWS-accepted cron(0/5 5 ? JAN 1-5 2022): Sundays-Thursdays of January 2022 at 05:xx.
  EXPECT_EQ(next("cron(0/5 5 ? JAN 1-5 2022)", utc(2022, 1, 1)), utc(2022, 1, 2, 5, 0));
  EXPECT_EQ(next("cron(0/5 5 ? JAN 1-5 2022)", utc(2022, 1, 27, 5, 55)), utc(2022, 1, 30, 5, 0));
  EXPECT_EQ(next("cron(0/5 5 ? JAN 1-5 2022)", utc(2022, 1, 31, 5, 55)), -1);
}

// ---------------------------------------------------------------------------------------------
// cron(): an independent oracle. It walks day by day keeping its own civil date and weekday
// (no shared calendar code), decides the day rule from the definitions, then scans the minutes.

struct OracleDate {
  int64_t y;
  int m;
  int d;
  int wd;  // 1 = Sunday
};

int oracleDim(int64_t y, int m) {
  if (m == 2) return (y % 400 == 0 || (y % 4 == 0 && y % 100 != 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

void advance(OracleDate& t) {
  t.wd = t.wd % 7 + 1;
  if (++t.d > oracleDim(t.y, t.m)) {
    t.d = 1;
    if (++t.m > 12) {
      t.m = 1;
      ++t.y;
    }
  }
}

bool isWeekday(int wd) {
  return wd >= 2 && wd <= 6;
}

bool oracleDayMatches(const sch::CronSchedule& c, const OracleDate& t) {
  const int dim = oracleDim(t.y, t.m);
  auto wdOf = [&](int day) { return ((t.wd - 1 + day - t.d) % 7 + 7) % 7 + 1; };
  switch (c.domKind) {
    case sch::DayOfMonthKind::kSet:
      return (c.daysOfMonth >> t.d) & 1;
    case sch::DayOfMonthKind::kLast:
      return t.d == dim;
    case sch::DayOfMonthKind::kLastWeekday: {
      if (!isWeekday(t.wd)) return false;
      for (int x = t.d + 1; x <= dim; ++x) {
        if (isWeekday(wdOf(x))) return false;
      }
      return true;
    }
    case sch::DayOfMonthKind::kNearestWeekday: {
      // The weekday of this month closest to domDay (the 1st and the last day constrain it).
      if (c.domDay > dim) return false;
      int best = -1;
      for (int x = 1; x <= dim; ++x) {
        if (!isWeekday(wdOf(x))) continue;
        if (best < 0 || std::abs(x - c.domDay) < std::abs(best - c.domDay)) best = x;
      }
      return t.d == best;
    }
    case sch::DayOfMonthKind::kAny:
      break;
  }
  switch (c.dowKind) {
    case sch::DayOfWeekKind::kSet:
      return (c.daysOfWeek >> t.wd) & 1;
    case sch::DayOfWeekKind::kLastInMonth:
      return t.wd == c.dowDay && t.d + 7 > dim;
    case sch::DayOfWeekKind::kNth:
      return t.wd == c.dowDay && (t.d - 1) / 7 + 1 == c.dowNth;
    case sch::DayOfWeekKind::kAny:
      break;
  }
  return false;
}

// Next firing strictly after the minute (y, m, d, minuteOfDay), as (days since that date, minute
// of day); -1 if none by the end of 2199.
int64_t oracleNext(const sch::CronSchedule& c, OracleDate t, int minuteOfDay) {
  for (int64_t offset = 0; t.y <= sch::kMaxYear; ++offset, advance(t)) {
    if (t.y < sch::kMinYear || !c.years.test(static_cast<size_t>(t.y - sch::kMinYear))) continue;
    if (!((c.months >> t.m) & 1) || !oracleDayMatches(c, t)) continue;
    for (int mod = offset == 0 ? minuteOfDay + 1 : 0; mod < 1440; ++mod) {
      if (((c.hours >> (mod / 60)) & 1) && ((c.minutes >> (mod % 60)) & 1)) {
        return offset * 1440 + mod;
      }
    }
  }
  return -1;
}

// Random cron expressions from the whole grammar.
std::string randomField(std::mt19937& rng, int lo, int hi, int maxInc) {
  auto val = [&] { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
  std::string out;
  const int items = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < items; ++i) {
    if (i) out += ',';
    switch (rng() % 6) {
      case 0:
        out += "*";
        break;
      case 1:
        out += std::to_string(val());
        break;
      case 2:
        out += std::to_string(val()) + "-" + std::to_string(val());
        break;
      case 3:
        out += std::to_string(val()) + "/" + std::to_string(1 + rng() % maxInc);
        break;
      case 4:
        out += "*/" + std::to_string(1 + rng() % maxInc);
        break;
      default:
        out += std::to_string(val()) + "-" + std::to_string(val()) + "/" +
               std::to_string(1 + rng() % maxInc);
    }
  }
  return out;
}

std::string randomCron(std::mt19937& rng) {
  std::string dom = "?";
  std::string dow = "?";
  if (rng() % 2) {
    switch (rng() % 5) {
      case 0:
        dom = "L";
        break;
      case 1:
        dom = "LW";
        break;
      case 2:
        dom = std::to_string(1 + rng() % 31) + "W";
        break;
      default:
        dom = randomField(rng, 1, 31, 31);
    }
  } else {
    switch (rng() % 5) {
      case 0:
        dow = std::to_string(1 + rng() % 7) + "L";
        break;
      case 1:
        dow = std::to_string(1 + rng() % 7) + "#" + std::to_string(1 + rng() % 5);
        break;
      case 2:
        dow = "L";
        break;
      default: {
        // Day-of-week takes no increments.
        std::string f = randomField(rng, 1, 7, 7);
        if (f.find('/') != std::string::npos)
          f = std::to_string(1 + rng() % 7) + "-" + std::to_string(1 + rng() % 7);
        dow = f;
      }
    }
  }
  // Years cannot wrap: order the ends of any range.
  std::string year = "*";
  if (rng() % 3 == 0) {
    const int a = 2020 + static_cast<int>(rng() % 21);
    const int b = 2020 + static_cast<int>(rng() % 21);
    year = std::to_string(std::min(a, b)) + "-" + std::to_string(std::max(a, b));
    if (rng() % 2) year += "/" + std::to_string(1 + rng() % 5);
    if (rng() % 2) year += "," + std::to_string(2020 + rng() % 30);
  }
  return "cron(" + randomField(rng, 0, 59, 59) + " " + randomField(rng, 0, 23, 23) + " " + dom +
         " " + randomField(rng, 1, 12, 12) + " " + dow + " " + year + ")";
}

TEST(ScheduleCronOracle, RandomExpressionsAgreeWithBruteForce) {
  std::mt19937 rng(2024);
  int compared = 0;
  int never = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string expr = randomCron(rng);
    sch::Schedule s;
    ASSERT_TRUE(sch::tryParse(expr, s)) << expr;
    ASSERT_EQ(s.kind, sch::Schedule::Kind::kCron);
    // Start points: random minutes in 2019-2041 (with random seconds), chained a few firings.
    OracleDate t{2019, 1, 1, 3};  // 2019-01-01 was a Tuesday
    const int skipDays = static_cast<int>(rng() % (365 * 22));
    for (int k = 0; k < skipDays; ++k) advance(t);
    int minuteOfDay = static_cast<int>(rng() % 1440);
    int64_t after =
        utc(t.y, t.m, t.d) + minuteOfDay * kMinute + static_cast<int64_t>(rng() % 60'000);
    for (int step = 0; step < 3; ++step) {
      const int64_t got = sch::nextFireAfter(s, after, 0);
      const int64_t want = oracleNext(s.cron, t, minuteOfDay);
      if (want < 0) {
        ASSERT_EQ(got, -1) << expr;
        ++never;
        break;
      }
      const int64_t wantMs = utc(t.y, t.m, t.d) + want * kMinute;
      ASSERT_EQ(got, wantMs) << expr << " after " << after;
      ++compared;
      // Continue from the firing itself.
      for (int64_t k = 0; k < want / 1440; ++k) advance(t);
      minuteOfDay = static_cast<int>(want % 1440);
      after = got;
    }
  }
  EXPECT_GT(compared, 500);
  EXPECT_GT(never, 0);
}

TEST(ScheduleCronOracle, PerformanceOfWorstCases) {
  // Never-matching and sparse expressions finish at once even from 1970 (the test would time out
  // if the search went minute by minute: 120 million minutes to 2199).
  const char* sparse[] = {"cron(0 0 30 2 ? *)", "cron(0 0 ? * 2#5 2199)",
                          "cron(59 23 31 12 ? 2199)", "cron(0 0 31W 2 ? *)",
                          "cron(0 0 29 2 ? 2100-2103)"};
  for (const char* e : sparse) {
    const sch::Schedule s = sch::parse(e);
    for (int i = 0; i < 200; ++i) (void)sch::nextFireAfter(s, 0, 0);
  }
  EXPECT_EQ(next("cron(0 0 29 2 ? 2100-2103)", 0), -1);
}

}  // namespace
