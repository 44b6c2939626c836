// How AWS limits wildcards: aws/event-ruler's MachineComplexityEvaluator, as its documentation and
// code describe it. Each field of a rule is matched by a byte automaton holding the field's
// patterns (a wildcard `a*b` becomes the states after `"a`, a self-looping state for the star, and
// a transition on `b` from both); the complexity of that automaton is the largest number of
// wildcard rule prefixes that one input can match at the same time, that is, the most states an
// input can keep alive at once, each weighted by the wildcard patterns it can still reach. A rule's
// complexity is the largest over the automata of its fields (the fields of $or branches share an
// automaton where AWS's engine shares one).
//
// AWS does not publish its threshold. It rejected `*:*:*:*:*:event-bus/*` (complexity 11) and
// accepted `/Users/*/dir/dir/dir/dir/dir/doc.txt` (7), so the threshold lies between 7 and 10; we
// take the highest, 10, so that we never refuse a rule AWS was seen to accept on this evidence:
// `*ab*ab*ar*` (7) and `a*b*c*d*e*f` (6) pass, as they pass event-ruler at any of those values.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "pattern/pattern.h"

namespace ebw::pattern {

constexpr const char* kWildcardTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";
constexpr int kMaxWildcardComplexity = 10;

// True when some field automaton of the compiled rule is more complex than AWS allows.
bool ruleTooComplex(const CompiledPattern& rule);

// ---- exposed for tests ----

// A wildcard value as event-ruler's automaton reads it: the UTF-8 bytes of the value in quotes,
// with kStarToken for each unescaped star.
constexpr int kStarToken = -1;
std::vector<int> wildcardTokens(std::string_view text);

// The complexity of one field automaton holding `values`: (pattern number, tokens) pairs, where
// values of one pattern (an anything-but wildcard list) share its number. Stops counting above
// `cap`; an automaton whose evaluation would visit more than `maxStateSets` sets of states counts
// as above `cap` (a guard on the work a hostile rule can cause).
int wildcardComplexity(const std::vector<std::pair<int, std::vector<int>>>& values, int cap,
                       std::size_t maxStateSets = 1u << 16);

}  // namespace ebw::pattern
