#include "pattern/number.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace ebw::pattern {

namespace {

// Powers of ten that a double holds exactly; with a mantissa below 2^53 one multiplication or
// division by them rounds correctly (Clinger's fast path), so most event numbers skip strtod.
constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool fastPath(std::string_view t, double& out) {
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && t[i] == '-') {
    negative = true;
    ++i;
  }
  uint64_t mantissa = 0;
  int digits = 0, fraction = 0;
  bool inFraction = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      if (mantissa != 0 || c != '0') ++digits;
      if (digits > 15) return false;
      mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
      if (inFraction) ++fraction;
    } else if (c == '.' && !inFraction) {
      inFraction = true;
    } else {
      return false;  // exponents and anything unusual take the slow path
    }
  }
  double v = static_cast<double>(mantissa);
  if (fraction > 0) v /= kExactPowers[fraction];
  out = negative ? -v : v;
  return true;
}

}  // namespace

bool parseNumber(std::string_view text, double& out) {
  if (text.empty() || text.size() > 400) return false;
  if (fastPath(text, out)) return true;
  char buf[64];
  std::string big;
  const char* s;
  if (text.size() < sizeof buf) {
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    s = buf;
  } else {
    big.assign(text);
    s = big.c_str();
  }
  char* end = nullptr;
  double v = std::strtod(s, &end);
  if (end != s + text.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool numericallyComparable(double value) {
  // Strictly below 2^53: a literal that rounds to 2^53 may have been 2^53 + 1.
  return std::isfinite(value) && std::fabs(value) < 9007199254740992.0;  // 2^53
}

}  // namespace ebw::pattern
