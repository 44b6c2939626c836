// JSON number text to double, for numeric matching. AWS compares numbers by value (300 equals
// 300.0 and 3.0e2), within the range of a double.
#pragma once

#include <string_view>

namespace ebw::pattern {

// Parses JSON number text. Returns false when the text is not a finite double.
bool parseNumber(std::string_view text, double& out);

// True when a pattern number can be compared by value: its magnitude is below 2^53, where a
// double still tells neighbouring integers apart. Beyond that only the literal text is compared
// (as AWS's engine does for numbers it cannot represent).
bool numericallyComparable(double value);

}  // namespace ebw::pattern
