// parseNumber: the value of JSON number text, correctly rounded (it must equal strtod's, bit for
// bit, whichever internal path takes it: Clinger's, Eisel-Lemire's, or strtod itself).
#include "pattern/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

namespace {

using ebw::pattern::parseNumber;

// "" when parseNumber agrees with strtod on `text`, else what differed.
std::string disagreement(const std::string& text) {
  double got = 0;
  const bool ok = parseNumber(text, got);
  char* end = nullptr;
  const double want = std::strtod(text.c_str(), &end);
  const bool wantOk = end == text.c_str() + text.size() && std::isfinite(want);
  if (ok == wantOk && (!ok || std::memcmp(&got, &want, sizeof got) == 0)) return "";
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s: got %d %.17g, strtod %d %.17g", text.c_str(), ok, got, wantOk,
                want);
  return buf;
}

TEST(ParseNumber, Literals) {
  for (const char* t : {"0",
                        "-0",
                        "0.0",
                        "1",
                        "-1",
                        "0.1",
                        "0.2",
                        "0.3",
                        "2.5",
                        "3.5",
                        "1e22",
                        "1e23",
                        "1E+05",
                        "1e-5",
                        "00012",
                        "0e5",
                        "1.",
                        ".5",
                        "+1",
                        "1e",
                        "1e+",
                        "x",
                        "-",
                        "1e400",
                        "1e-400",
                        "1e-100",
                        "1e-101",
                        "1e100",
                        "1e101",
                        "123456789012345678e-100",
                        "4.9e-324",
                        "2.2250738585072014e-308",
                        "1.7976931348623157e308",
                        "1e308",
                        "1e309",
                        "9007199254740991",
                        "9007199254740992",
                        "9007199254740993",
                        "18446744073709551615",
                        "18446744073709551616",
                        "7.2057594037927933e16",
                        "-122.42916360922355",
                        "37.729900216217324",
                        "0.00000000000000000000000000001",
                        "1.00000000000000000000001"}) {
    EXPECT_EQ(disagreement(t), "");
  }
  double v;
  ASSERT_TRUE(parseNumber("-122.42916360922355", v));
  EXPECT_EQ(v, -122.42916360922355);
  ASSERT_TRUE(parseNumber("3.0e2", v));
  EXPECT_EQ(v, 300.0);
  ASSERT_TRUE(parseNumber("-0", v));
  EXPECT_TRUE(std::signbit(v));
  EXPECT_FALSE(parseNumber("1e400", v));
  EXPECT_FALSE(parseNumber("", v));
}

// Random decimals of every length up to 20 digits, exponents across and beyond the fast paths,
// doubles printed with 17 digits, ties between two doubles (integers near powers of two, and
// w * 10^q with small q).
TEST(ParseNumber, AgreesWithStrtod) {
  std::mt19937_64 rng(20240601);
  char buf[128];
  int failures = 0;
  for (int i = 0; i < 300000 && failures < 10; ++i) {
    std::string s;
    switch (i % 5) {
      case 0: {
        uint64_t bits = rng();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (!std::isfinite(d)) continue;
        std::snprintf(buf, sizeof buf, "%.17g", d);
        s = buf;
        break;
      }
      case 1: {
        const int digits = 1 + static_cast<int>(rng() % 20);
        std::string m;
        for (int k = 0; k < digits; ++k) m += static_cast<char>('0' + rng() % 10);
        const int point = static_cast<int>(rng() % (digits + 1));
        if (rng() % 2) s += '-';
        if (point == 0) {
          s += "0." + m;
        } else if (point == digits) {
          s += m;
        } else {
          s += m.substr(0, point) + "." + m.substr(point);
        }
        if (rng() % 3 == 0) s += "e" + std::to_string(static_cast<int>(rng() % 260) - 130);
        break;
      }
      case 2: {
        const uint64_t base = uint64_t{1} << (53 + rng() % 11);
        s = std::to_string(base + (rng() % 4096) - 2048);
        if (rng() % 2) s += "e" + std::to_string(rng() % 10);
        break;
      }
      case 3:
        std::snprintf(buf, sizeof buf, "%.14f%u",
                      -122.5 + static_cast<double>(rng() % 1000000000) * 1e-9,
                      static_cast<unsigned>(rng() % 1000));
        s = buf;
        break;
      default:
        s = std::to_string((rng() >> (rng() % 40)) | 1) + "e" +
            std::to_string(static_cast<int>(rng() % 28) - 4);
    }
    std::string d = disagreement(s);
    if (!d.empty()) {
      ADD_FAILURE() << d;
      ++failures;
    }
  }
}

}  // namespace
