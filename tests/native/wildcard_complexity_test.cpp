// The wildcard complexity check (pattern/wildcard.cpp) against a direct subset construction over
// the whole alphabet: the check steps each NFA state set only on the bytes that are literals at
// one of its positions plus one stand-in for all others, and must still refuse exactly the same
// wildcards. Random wildcards over a small alphabet reach acceptance and the live-state limit; a
// long literal after a star reaches the 4096-set limit.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "pattern/wildcard.h"

namespace {

using ebw::pattern::parseWildcard;
using ebw::pattern::Wildcard;

const std::string kTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";

// Which limit the reference hit.
enum class Refusal { kNone, kLiveStates, kStateSets };

// The reference: every byte of the pattern and one "other" byte, std::set state sets, the same
// limits (10 live states, 4096 state sets).
Refusal referenceRefusal(const Wildcard& w) {
  std::vector<int> tokens;  // -1 for a star
  std::set<int> alphabet{256};
  for (std::size_t p = 0; p < w.pieces.size(); ++p) {
    if (p > 0 || w.leadingStar) tokens.push_back(-1);
    for (unsigned char c : w.pieces[p]) {
      tokens.push_back(c);
      alphabet.insert(c);
    }
  }
  if (w.trailingStar && !w.pieces.empty()) tokens.push_back(-1);
  const int n = static_cast<int>(tokens.size());
  auto closure = [&](std::set<int> s) {
    std::vector<int> stack(s.begin(), s.end());
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      if (i < n && tokens[i] == -1 && s.insert(i + 1).second) stack.push_back(i + 1);
    }
    return s;
  };
  std::set<std::set<int>> seen;
  std::vector<std::set<int>> queue{closure({0})};
  seen.insert(queue.back());
  while (!queue.empty()) {
    std::set<int> s = std::move(queue.back());
    queue.pop_back();
    if (s.size() > 10) return Refusal::kLiveStates;
    for (int c : alphabet) {
      std::set<int> t;
      for (int i : s) {
        if (i >= n) continue;
        if (tokens[i] == -1) {
          t.insert(i);
        } else if (tokens[i] == c) {
          t.insert(i + 1);
        }
      }
      if (t.empty()) continue;
      t = closure(std::move(t));
      if (seen.insert(t).second) {
        if (seen.size() > 4096) return Refusal::kStateSets;
        queue.push_back(std::move(t));
      }
    }
  }
  return Refusal::kNone;
}

bool referenceTooComplex(const Wildcard& w) {
  return referenceRefusal(w) != Refusal::kNone;
}

// Deterministic pseudo-random numbers (xorshift), so a failure reproduces.
struct Rng {
  uint64_t state;
  uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// A wildcard text without escapes or consecutive stars, from `alphabet` and stars.
std::string randomWildcard(Rng& rng, const std::string& alphabet, std::size_t maxLength) {
  std::string text;
  std::size_t length = rng.below(maxLength + 1);
  for (std::size_t i = 0; i < length; ++i) {
    if (rng.below(4) == 0 && (text.empty() || text.back() != '*')) {
      text += '*';
    } else {
      text += alphabet[rng.below(alphabet.size())];
    }
  }
  return text;
}

TEST(WildcardComplexity, AgreesWithFullAlphabetSubsetConstruction) {
  Rng rng{0x9E3779B97F4A7C15ull};
  int accepted = 0, tooManyLive = 0;
  const std::string alphabets[] = {"ab", "a:b", "ab:/x", "abcdefghij"};
  for (int round = 0; round < 4000; ++round) {
    const std::string& alphabet = alphabets[round % 4];
    std::string text = randomWildcard(rng, alphabet, round < 2000 ? 24 : 60);
    Wildcard w;
    std::string reason;
    bool ok = parseWildcard(text, w, reason);
    ASSERT_TRUE(ok || reason == kTooComplex) << text << ": " << reason;
    // parseWildcard fills `w` before its complexity check, so the reference sees the same pieces.
    Refusal expected = referenceRefusal(w);
    ASSERT_EQ(!ok, expected != Refusal::kNone) << text;
    if (expected == Refusal::kNone) ++accepted;
    if (expected == Refusal::kLiveStates) ++tooManyLive;
  }
  // Both answers are exercised (the set limit: StateSetLimitAtTheSameLength).
  EXPECT_GT(accepted, 100);
  EXPECT_GT(tooManyLive, 100);
}

TEST(WildcardComplexity, LongPatternsStayDecidable) {
  // Long literals after stars, many distinct bytes (the old full-alphabet search stepped every
  // state set on each of them), and many state sets.
  std::string manyBytes = "*";
  for (int c = 0x21; c < 0x7f; ++c) {
    if (c != '*' && c != '\\') manyBytes += static_cast<char>(c);
  }
  manyBytes += "*";
  std::string nonAscii = "*" + std::string(300, '\xc3') + "*";
  const std::string cases[] = {manyBytes, nonAscii, "*a*b*c*d*e*f*g*h*i*j*k*", "*ab*ab*ab*ab*"};
  for (const std::string& text : cases) {
    Wildcard w;
    std::string reason;
    bool ok = parseWildcard(text, w, reason);
    EXPECT_EQ(!ok, referenceTooComplex(w)) << text;
  }
}

TEST(WildcardComplexity, StateSetLimitAtTheSameLength) {
  // A star and a long literal with few self-overlaps: every prefix of the literal read so far is
  // its own state set (plus a few from overlaps), while at most a handful of states are live. Near
  // 4096 bytes the reference crosses its 4096-set limit; the check must cross it at the same
  // length.
  Rng rng{12345};
  std::string literal;
  for (int i = 0; i < 4200; ++i)
    literal += static_cast<char>(0x80 + rng.below(64));  // no star or backslash
  int crossings = 0;
  bool wasRefused = false;
  for (std::size_t length = 4090; length <= 4102; ++length) {
    std::string text = "*" + literal.substr(0, length);
    Wildcard w;
    std::string reason;
    bool ok = parseWildcard(text, w, reason);
    Refusal expected = referenceRefusal(w);
    EXPECT_EQ(!ok, expected != Refusal::kNone) << "literal length " << length;
    EXPECT_NE(expected, Refusal::kLiveStates) << "literal length " << length;
    if (!ok && !wasRefused) ++crossings;
    wasRefused = !ok;
  }
  EXPECT_EQ(crossings, 1);
  EXPECT_TRUE(wasRefused);
}

}  // namespace
