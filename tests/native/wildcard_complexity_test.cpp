// The wildcard complexity limit (pattern/wildcard_complexity.cpp): event-ruler's
// MachineComplexityEvaluator. Its own unit tests state the complexity of many automata; every one
// of those values must come out the same here (they use unquoted values; a rule's values are
// quoted). Then the two answers AWS recorded, the patterns event-ruler accepts that this project
// used to refuse, how a rule's fields share automata, and the guard on the work.
#include "pattern/wildcard_complexity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/aws_error.h"
#include "pattern/pattern.h"

namespace {

using ebw::pattern::compilePattern;
using ebw::pattern::kStarToken;
using ebw::pattern::wildcardComplexity;
using ebw::pattern::wildcardTokens;

// An unquoted value as event-ruler's tests add it (a ByteMachine of wildcard patterns).
std::vector<int> raw(const std::string& text) {
  std::vector<int> t;
  for (char c : text) t.push_back(c == '*' ? kStarToken : static_cast<unsigned char>(c));
  return t;
}

// The complexity of an automaton holding `patterns`, the same in every order of adding them.
int complexity(const std::vector<std::string>& patterns) {
  std::vector<std::size_t> order(patterns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  int result = -1;
  do {
    std::vector<std::pair<int, std::vector<int>>> values;
    for (std::size_t i : order) values.emplace_back(static_cast<int>(i), raw(patterns[i]));
    const int c = wildcardComplexity(values, 100);
    if (result >= 0) {
      EXPECT_EQ(c, result) << "another order of adding gives another value";
    }
    result = c;
  } while (patterns.size() <= 3 && std::next_permutation(order.begin(), order.end()));
  return result;
}

int quoted(const std::string& text) {
  return wildcardComplexity({{0, wildcardTokens(text)}}, 100);
}

TEST(WildcardComplexity, EventRulerEvaluatorExpectations) {
  // From event-ruler's MachineComplexityEvaluatorTest: the largest number of wildcard prefixes one
  // input matches at once.
  const std::vector<std::pair<int, std::vector<std::string>>> cases = {
      {1, {"abc"}},
      {2, {"*ab"}},
      {3, {"*aa"}},
      {2, {"a*b"}},
      {2, {"aa*"}},
      {2, {"a*bc"}},
      {3, {"a*bb"}},
      {3, {"a*bcb"}},
      {4, {"a*bbb"}},
      {4, {"*ab*ad"}},
      {3, {"*ab*d"}},
      {4, {"*aba*"}},
      {5, {"a*b*bb"}},
      {4, {"a*b*cb"}},
      {3, {"a*b*cd"}},
      {4, {"a*b*b"}},
      {4, {"a*bb*"}},
      {3, {"ab*b*"}},
      {3, {"ab*c", "x*xx"}},
      {4, {"*abc", "*abcde"}},
      {4, {"a*bcd", "ab*cd"}},
      {4, {"a*bc", "a*bcde"}},
      {7, {"a*aaa", "aa*aa"}},
      {4, {"a*bc", "abc*d"}},
      {6, {"a*aaa", "aaa*a"}},
      {5, {"a*aax", "aaa*x"}},
      {4, {"a*bc", "abc*"}},
      {5, {"a*aa", "aaa*"}},
      {3, {"abc*", "abcde*"}},
      {6, {"ab*cd", "ab*wx", "ab*yz"}},
      {7, {"*ab*b*b*"}},
      {17, {"*a*a*a*a*a*a*a*a*"}},
      {10, {"F*eatureFeature", "Fe*atureFeature", "Fea*tureFeature"}},
      {45, {"aahed*", "aal*ii", "aargh*", "aarti*", "a*baca", "*abaci", "a*back", "ab*acs",
            "abaf*t", "*abaka", "ab*amp", "a*band", "*abase", "abash*", "abas*k", "ab*ate",
            "aba*ya", "abbas*", "abbed*", "ab*bes", "abbey*", "*abbot", "ab*cee", "abea*m",
            "abe*ar", "a*bele", "a*bers", "abet*s", "*abhor", "abi*de", "a*bies", "*abled"}},
  };
  for (const auto& [expected, patterns] : cases) {
    EXPECT_EQ(complexity(patterns), expected) << patterns.front();
  }
  // A pattern added twice counts once.
  EXPECT_EQ(wildcardComplexity({{0, raw("ab*c")}, {0, raw("ab*c")}}, 100), 2);
}

TEST(WildcardComplexity, AwsAnswersAndTheThreshold) {
  // AWS refused the first and accepted the second: the threshold lies in [7, 10].
  EXPECT_EQ(quoted("*:*:*:*:*:event-bus/*"), 11);
  EXPECT_EQ(quoted("/Users/*/dir/dir/dir/dir/dir/doc.txt"), 7);
  // event-ruler accepts these at any threshold in that range; this project used to refuse them.
  EXPECT_EQ(quoted("*ab*ab*ar*"), 7);
  EXPECT_EQ(quoted("a*b*c*d*e*f"), 6);
  const auto accepted = [](const std::string& wildcard) {
    try {
      compilePattern(R"({"a":[{"wildcard":")" + wildcard + "\"}]})");
      return true;
    } catch (const ebw::AwsError&) {
      return false;
    }
  };
  EXPECT_FALSE(accepted("*:*:*:*:*:event-bus/*"));
  EXPECT_TRUE(accepted("/Users/*/dir/dir/dir/dir/dir/doc.txt"));
  EXPECT_TRUE(accepted("*ab*ab*ar*"));
  EXPECT_TRUE(accepted("a*b*c*d*e*f"));
  EXPECT_TRUE(accepted("*:*:*:*:event-bus/*"));  // 9
  EXPECT_FALSE(accepted("*/*/*/*/*/*"));         // 11
  // At the threshold and just above it.
  EXPECT_EQ(quoted("*aaaaaaaa*"), 10);
  EXPECT_TRUE(accepted("*aaaaaaaa*"));
  EXPECT_EQ(quoted("*aaaaaaaaa*"), 11);
  EXPECT_FALSE(accepted("*aaaaaaaaa*"));
}

// Which wildcards share an automaton: the values of one field, the same field of $or branches that
// reach it through the same patterns; not different fields, and not fields reached only through
// exists:false (event-ruler's evaluation does not follow those).
TEST(WildcardComplexity, RuleFieldsShareAutomataAsEventRulerBuildsThem) {
  // "*:*:*:*:*" alone is 9, "*:*" 3, together 12.
  EXPECT_EQ(wildcardComplexity({{0, wildcardTokens("*:*:*:*:*")}, {1, wildcardTokens("*:*")}}, 100),
            12);
  const std::string big = R"({"wildcard":"*:*:*:*:*"})", small = R"({"wildcard":"*:*"})";
  const auto accepted = [](const std::string& pattern) {
    try {
      compilePattern(pattern);
      return true;
    } catch (const ebw::AwsError&) {
      return false;
    }
  };
  EXPECT_FALSE(accepted(R"({"a":[)" + big + "," + small + "]}"));
  EXPECT_TRUE(accepted(R"({"a":[)" + big + R"(],"b":[)" + small + "]}"));
  EXPECT_FALSE(accepted(R"({"$or":[{"a":[)" + big + R"(]},{"a":[)" + small + "]}]}"));
  EXPECT_FALSE(
      accepted(R"({"$or":[{"a":["x"],"b":[)" + big + R"(]},{"a":["x"],"b":[)" + small + "]}]}"));
  EXPECT_TRUE(
      accepted(R"({"$or":[{"a":["x"],"b":[)" + big + R"(]},{"a":["y"],"b":[)" + small + "]}]}"));
  // An anything-but wildcard list is one pattern: its values share the weight of one.
  EXPECT_TRUE(accepted(R"({"a":[{"anything-but":{"wildcard":["*:*:*:*:*","*:*"]}}]})"));
  EXPECT_FALSE(accepted(R"({"a":[{"anything-but":{"wildcard":"*:*:*:*:*:event-bus/*"}}]})"));
  // Identical wildcards are one pattern.
  EXPECT_TRUE(accepted(R"({"a":[)" + big + "," + big + "]}"));
  // Behind exists:false (a key sorted first) the automaton is not measured, as in event-ruler.
  EXPECT_TRUE(accepted(R"({"a":[{"exists":false}],"b":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})"));
  EXPECT_FALSE(accepted(R"({"a":[{"exists":true}],"b":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})"));
}

TEST(WildcardComplexity, WorkIsBounded) {
  // A long literal after a star, with few repeats inside: about one set of states per byte read.
  std::string literal;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 4000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    literal += "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[x % 62];
  }
  auto start = std::chrono::steady_clock::now();
  EXPECT_LE(quoted("*" + literal + "*"), 10);
  // Many values in one field stop counting as soon as the limit is passed.
  std::vector<std::pair<int, std::vector<int>>> many;
  for (int i = 0; i < 300; ++i)
    many.emplace_back(i, wildcardTokens("*" + std::to_string(i) + "*x"));
  EXPECT_GT(wildcardComplexity(many, 10), 10);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // Past the guard on explored sets, an automaton counts as too complex.
  EXPECT_EQ(wildcardComplexity({{0, wildcardTokens("*" + literal)}}, 10, 100), 11);
}

}  // namespace
