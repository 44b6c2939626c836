// A compiled EventPattern: an OR of sub-rules ($or branches multiplied out), each an AND of field
// conditions, each an OR of match items, exactly the shape AWS's engine compiles a pattern into.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pattern/ip_address.h"
#include "pattern/wildcard.h"

namespace ebw::pattern {

enum class ItemKind {
  ExactString,       // "text"
  ExactNumber,       // 300: literal text, plus numeric equality when comparable
  ExactLiteral,      // true, false, null
  Prefix,            // {"prefix": "p"}
  PrefixIgnoreCase,  // {"prefix": {"equals-ignore-case": "p"}}
  Suffix,
  SuffixIgnoreCase,
  EqualsIgnoreCase,
  Wildcard,
  Numeric,  // {"numeric": [...]}
  IpRange,  // {"cidr": ...} or a string that is an IP literal
  Exists,   // {"exists": true}
  Absent,   // {"exists": false}
  AnythingButStrings,
  AnythingButNumbers,
  AnythingButPrefix,
  AnythingButSuffix,
  AnythingButIgnoreCase,
  AnythingButWildcard,
};

struct NumericRange {
  bool hasLow = false, lowOpen = false, hasHigh = false, highOpen = false;
  double low = 0, high = 0;
};

struct Item {
  ItemKind kind = ItemKind::ExactString;
  Item() = default;
  explicit Item(ItemKind k) : kind(k) {}
  std::string text;                // exact / prefix / suffix text (folded for ignore-case kinds)
  std::vector<std::string> texts;  // anything-but sets (folded for ignore-case)
  std::vector<double> numbers;     // anything-but numbers
  double number = 0;               // ExactNumber value
  bool numberComparable = false;   // ExactNumber: also compare by value
  NumericRange range;              // Numeric
  ebw::pattern::IpRange ip;        // IpRange
  std::vector<pattern::Wildcard> wildcards;  // Wildcard (one) and AnythingButWildcard (several)
};

struct FieldCondition {
  std::string path;  // keys joined with '.'
  std::vector<Item> items;
};

struct SubRule {
  std::vector<FieldCondition> fields;  // sorted by path
};

struct CompiledPattern {
  std::vector<SubRule> subRules;
};

// Compiles EventPattern JSON text. Throws AwsError InvalidEventPatternException with AWS's message:
// "Event pattern is not valid. Reason: <reason>" followed by Jackson's location suffix, except for
// the reasons AWS gives without one (CIDR, wildcard complexity, Jackson's stream limits, a single
// anything-but number it cannot compare).
CompiledPattern compilePattern(std::string_view patternJson);

}  // namespace ebw::pattern
