// A compiled EventPattern: an OR of sub-rules ($or branches multiplied out), each an AND of field
// conditions, each an OR of match items, exactly the shape AWS's engine compiles a pattern into.
#pragma once

#include <cstdint>
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

// Which branch of which $or a sub-rule took. The pattern's $or arrays are numbered in the order
// they start in its text (an outer $or before the ones nested in its branches), branches from 0.
// For explanations (src/match/explain.*); matching ignores it.
struct OrChoice {
  uint32_t orIndex = 0;
  uint32_t branch = 0;
};

// One $or array of the pattern: the dotted path of the object that holds it ("" at the top level)
// and its number of branches.
struct OrSite {
  std::string path;
  uint32_t branches = 0;
};

struct SubRule {
  std::vector<FieldCondition> fields;  // sorted by path
  std::vector<OrChoice> orChoices;     // the $or branches it took, in the order they were applied
};

struct CompiledPattern {
  std::vector<SubRule> subRules;
  std::vector<OrSite> ors;  // indexed by OrChoice::orIndex
};

// Compiles EventPattern JSON text. Throws AwsError InvalidEventPatternException with AWS's message:
// "Event pattern is not valid. Reason: <reason>" followed by Jackson's location suffix, except for
// the reasons AWS gives without one (CIDR, wildcard complexity, Jackson's stream limits, a single
// anything-but number it cannot compare).
CompiledPattern compilePattern(std::string_view patternJson);

}  // namespace ebw::pattern
