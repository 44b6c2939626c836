#include "pattern/wildcard_complexity.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "common/utf8.h"
#include "pattern/case_fold.h"

namespace ebw::pattern {

namespace {

// ---- one field automaton, built the way event-ruler's ByteMachine builds it ----
//
// States are numbered in the order they are made, and every transition leads to a state made
// later or back to its own state (a star's loop), which the evaluation relies on. A "single" is
// what a transition leads to: a state, a match of a pattern, or both at once (a composite).
class FieldAutomaton {
 public:
  FieldAutomaton() { newState(false); }

  void add(int pattern, const std::vector<int>& t);
  int evaluate(int cap, std::size_t maxStateSets) const;

 private:
  struct State {
    std::vector<std::pair<int, int>> bytes;  // (byte, single)
    std::vector<int> all;                    // singles reached on every byte (a star)
    bool indeterminate;                      // reached through a star: never shared blindly
    int self;                                // the single that is this state alone
  };
  struct Single {
    int state;    // -1 for a match alone
    int pattern;  // -1 for a state alone
  };

  int newState(bool indeterminate) {
    states_.push_back(State{{}, {}, indeterminate, static_cast<int>(singles_.size())});
    singles_.push_back(Single{static_cast<int>(states_.size()) - 1, -1});
    return static_cast<int>(states_.size()) - 1;
  }
  int newSingle(int state, int pattern) {
    singles_.push_back(Single{state, pattern});
    return static_cast<int>(singles_.size()) - 1;
  }
  std::vector<int> transitions(int state, int token) const {
    const State& s = states_[state];
    if (token == kStarToken) return s.all;
    std::vector<int> out;
    for (const auto& [b, single] : s.bytes)
      if (b == token) out.push_back(single);
    return out;
  }
  bool canReuse(int state, int next, const std::vector<int>& t, std::size_t i) const;

  std::vector<State> states_;
  std::vector<Single> singles_;
};

// Whether adding `t` may go on through the existing state `next` (ByteMachine's
// canReuseNextByteState): a state reached without a star can be shared, except where a final star
// makes it a match; one reached through a star only when no other path converges on it, which
// ByteMachine rules out for a state that precedes a star and for a letter with case variants.
bool FieldAutomaton::canReuse(int state, int next, const std::vector<int>& t, std::size_t i) const {
  if (next < 0 || next == state) return false;
  const std::size_t n = t.size();
  if (!states_[next].indeterminate) return !(i == n - 2 && t[i + 1] == kStarToken);
  if (t[i] == kStarToken) return true;
  const int b = t[i];
  if (b >= 0x80 && b < 0xC0) return true;  // inside a multi-byte character
  for (int single : states_[state].all)
    if (single != states_[state].self) return false;
  if (b >= 0xF0) return true;  // ByteMachine reads at most three bytes of a character here
  std::string bytes;
  const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
  for (std::size_t k = 0; k < len && i + k < n && t[i + k] >= 0; ++k)
    bytes += static_cast<char>(t[i + k]);
  char32_t cp = 0;
  if (utf8::decode(bytes, 0, cp) != len) return true;
  return !hasCaseVariants(cp);
}

// ByteMachine.addMatchValue, addEndOfMatch and insertMatch for one value of a pattern.
void FieldAutomaton::add(int pattern, const std::vector<int>& t) {
  const std::size_t n = t.size();
  if (n < 2) return;  // values are quoted: at least two tokens
  int state = 0, prev = -1;
  std::size_t i = 0;
  // Go through existing states as far as they can be shared.
  for (; i + 1 < n; ++i) {
    int reused = -1;
    for (int single : transitions(state, t[i])) {
      const int next = singles_[single].state;
      if (canReuse(state, next, t, i)) {
        reused = next;
        break;
      }
    }
    if (reused < 0) break;
    prev = state;
    state = reused;
  }
  // New states for the rest. A star's state loops on every byte; the character after a star is
  // also reachable straight from the state before it (the star matching nothing); before a final
  // star the state is a match too.
  for (; i + 1 < n; ++i) {
    const int next = newState(states_[state].indeterminate || t[i] == kStarToken);
    if (t[i] == kStarToken) {
      states_[next].all.push_back(states_[next].self);
      states_[state].all.push_back(states_[next].self);
    } else {
      int single = states_[next].self;
      if (t[n - 1] == kStarToken && i == n - 2) {
        single = newSingle(next, pattern);
        states_[next].indeterminate = true;
      }
      states_[state].bytes.emplace_back(t[i], single);
      if (prev >= 0 && t[i - 1] == kStarToken) states_[prev].bytes.emplace_back(t[i], single);
    }
    prev = state;
    state = next;
  }
  // The last token.
  if (t[n - 1] == kStarToken) {
    // A second composite, so that the state counts once when entered and once when looping.
    for (const auto& [b, single] : states_[prev].bytes) {
      if (b == t[n - 2] && singles_[single].state == state && singles_[single].pattern >= 0) {
        states_[state].all.push_back(newSingle(state, singles_[single].pattern));
        break;
      }
    }
    states_[state].indeterminate = true;
    return;
  }
  for (const auto& [b, single] : states_[state].bytes)
    if (b == t[n - 1] && singles_[single].state < 0 && singles_[single].pattern == pattern) return;
  const int match = newSingle(-1, pattern);
  states_[state].bytes.emplace_back(t[n - 1], match);
  if (prev >= 0 && n >= 2 && t[n - 2] == kStarToken)
    states_[prev].bytes.emplace_back(t[n - 1], match);
}

// MachineComplexityEvaluator.evaluate: over every set of singles one input byte can lead to, the
// sum for each single of the wildcard patterns it can reach, plus those of the star it stands
// before (an input matching `foo` also matches `foo*`).
int FieldAutomaton::evaluate(int cap, std::size_t maxStateSets) const {
  // The patterns each single can reach, states in reverse order of making.
  std::vector<std::vector<int>> reach(singles_.size());
  std::vector<std::vector<int>> fromState(states_.size());
  for (int s = static_cast<int>(states_.size()) - 1; s >= 0; --s) {
    std::set<int> r;
    const auto visit = [&](int single) {
      const Single& x = singles_[single];
      if (x.pattern >= 0) r.insert(x.pattern);
      if (x.state >= 0 && x.state != s)
        r.insert(fromState[x.state].begin(), fromState[x.state].end());
    };
    for (const auto& [b, single] : states_[s].bytes) visit(single);
    for (int single : states_[s].all) visit(single);
    fromState[s].assign(r.begin(), r.end());
  }
  for (std::size_t i = 0; i < singles_.size(); ++i) {
    const Single& x = singles_[i];
    std::set<int> r;
    if (x.pattern >= 0) r.insert(x.pattern);
    if (x.state >= 0) r.insert(fromState[x.state].begin(), fromState[x.state].end());
    reach[i].assign(r.begin(), r.end());
  }

  int best = 0;
  std::set<std::vector<int>> seen{{0}};
  std::vector<std::vector<int>> queue{{0}};
  std::vector<int> bytes, t, next;
  while (!queue.empty()) {
    const std::vector<int> current = std::move(queue.back());
    queue.pop_back();
    // Only the bytes some state here has a transition on lead to different sets; one stand-in
    // (-2) covers all other bytes.
    bytes.assign(1, -2);
    for (int s : current)
      for (const auto& [b, single] : states_[s].bytes) bytes.push_back(b);
    std::sort(bytes.begin(), bytes.end());
    bytes.erase(std::unique(bytes.begin(), bytes.end()), bytes.end());
    for (int b : bytes) {
      t.clear();
      for (int s : current) {
        t.insert(t.end(), states_[s].all.begin(), states_[s].all.end());
        for (const auto& [c, single] : states_[s].bytes)
          if (c == b) t.push_back(single);
      }
      if (t.empty()) continue;
      std::sort(t.begin(), t.end());
      t.erase(std::unique(t.begin(), t.end()), t.end());
      int size = 0;
      next.clear();
      for (int single : t) {
        size += static_cast<int>(reach[single].size());
        const int s = singles_[single].state;
        if (s < 0) continue;
        next.push_back(s);
        for (int star : states_[s].all)
          if (!std::binary_search(t.begin(), t.end(), star))
            size += static_cast<int>(reach[star].size());
      }
      if (size > cap) return size;
      best = std::max(best, size);
      if (next.empty()) continue;
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      if (seen.insert(next).second) {
        if (seen.size() > maxStateSets) return cap + 1;
        queue.push_back(next);
      }
    }
  }
  return best;
}

// ---- the rule's automata, grouped as event-ruler's GenericMachine groups them ----

// A value pattern as AWS's engine tells patterns apart; a wildcard carries its values.
struct EnginePattern {
  EnginePattern(std::string identity, bool absent = false, std::vector<std::string> wildcards = {})
      : identity(std::move(identity)), absent(absent), wildcards(std::move(wildcards)) {}
  std::string identity;
  bool absent;  // exists:false, kept outside the field's automaton
  std::vector<std::string> wildcards;
};

std::string numberIdentity(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string joined(std::vector<std::string> texts) {
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  std::string out;
  for (const std::string& t : texts) out += t + '\0';
  return out;
}

std::string ipIdentity(const IpRange& r) {
  return std::string(r.v6 ? "6" : "4") + std::string(r.low.begin(), r.low.end()) +
         std::string(r.high.begin(), r.high.end());
}

// The patterns event-ruler makes of one item, in the order it adds them (a number is matched both
// by value and by spelling).
std::vector<EnginePattern> enginePatterns(const Item& item) {
  switch (item.kind) {
    case ItemKind::ExactString:
      return {{"s:" + item.text}};
    case ItemKind::ExactNumber:
      if (item.numberComparable) return {{"n=" + numberIdentity(item.number)}, {"x:" + item.text}};
      return {{"x:" + item.text}};
    case ItemKind::ExactLiteral:
      return {{"x:" + item.text}};
    case ItemKind::Prefix:
      return {{"p:" + item.text}};
    case ItemKind::PrefixIgnoreCase:
      return {{"pi:" + item.text}};
    case ItemKind::Suffix:
      return {{"sf:" + item.text}};
    case ItemKind::SuffixIgnoreCase:
      return {{"si:" + item.text}};
    case ItemKind::EqualsIgnoreCase:
      return {{"ei:" + item.text}};
    case ItemKind::Wildcard:
      return {{"w:" + item.text, false, {item.text}}};
    case ItemKind::Numeric: {
      const NumericRange& r = item.range;
      return {{"r:" + std::string(r.hasLow ? (r.lowOpen ? "(" : "[") : "-") +
               numberIdentity(r.low) + "," + numberIdentity(r.high) +
               (r.hasHigh ? (r.highOpen ? ")" : "]") : "-")}};
    }
    case ItemKind::IpRange:
      return {{"ip:" + ipIdentity(item.ip)}};
    case ItemKind::Exists:
      return {{"exists"}};
    case ItemKind::Absent:
      return {{"absent", true}};
    case ItemKind::AnythingButStrings:
      return {{"abs:" + joined(item.texts)}};
    case ItemKind::AnythingButNumbers: {
      std::vector<std::string> numbers;
      for (double v : item.numbers) numbers.push_back(numberIdentity(v));
      return {{"abn:" + joined(numbers)}};
    }
    case ItemKind::AnythingButPrefix:
      return {{"abp:" + joined(item.texts)}};
    case ItemKind::AnythingButSuffix:
      return {{"abf:" + joined(item.texts)}};
    case ItemKind::AnythingButIgnoreCase:
      return {{"abi:" + joined(item.texts)}};
    case ItemKind::AnythingButWildcard: {
      std::vector<std::string> values = item.texts;
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      return {{"abw:" + joined(values), false, values}};
    }
  }
  return {};
}

// One field's automaton at one name state: which name state each pattern leads to, and the
// wildcard values it holds.
struct FieldMachine {
  std::map<std::string, int> nextOf;
  std::vector<int> valueNext;  // name states reached through its value patterns
  std::vector<std::pair<int, std::vector<int>>> wildcards;
  int patterns = 0;
};

}  // namespace

std::vector<int> wildcardTokens(std::string_view text) {
  std::vector<int> t{'"'};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*') {
      t.push_back(kStarToken);
    } else {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;  // \* and \\ stand for the character
      t.push_back(static_cast<unsigned char>(text[i]));
    }
  }
  t.push_back('"');
  return t;
}

int wildcardComplexity(const std::vector<std::pair<int, std::vector<int>>>& values, int cap,
                       std::size_t maxStateSets) {
  FieldAutomaton automaton;
  for (const auto& [pattern, tokens] : values) automaton.add(pattern, tokens);
  return automaton.evaluate(cap, maxStateSets);
}

// GenericMachine.addStep: each sub-rule walks its fields in order from the start state; a field's
// patterns lead to name states, a pattern already known to the field's automaton to the one it led
// to before, a new pattern to the name state of the pattern before it in the same list (or a new
// one). Name states reached only through exists:false are not evaluated (NameState's evaluation
// follows value patterns only).
bool ruleTooComplex(const CompiledPattern& rule) {
  const auto isWildcard = [](const Item& i) {
    return i.kind == ItemKind::Wildcard || i.kind == ItemKind::AnythingButWildcard;
  };
  bool anyWildcard = false;
  for (const SubRule& sub : rule.subRules)
    for (const FieldCondition& field : sub.fields)
      anyWildcard = anyWildcard || std::any_of(field.items.begin(), field.items.end(), isWildcard);
  if (!anyWildcard) return false;  // nothing to measure: no automaton to build
  std::vector<std::map<std::string, int>> nameStates(1);  // field path -> machine
  std::vector<FieldMachine> machines;
  for (const SubRule& sub : rule.subRules) {
    std::vector<int> current{0};
    for (const FieldCondition& field : sub.fields) {
      std::vector<int> reached;
      for (int node : current) {
        auto [it, created] =
            nameStates[node].emplace(field.path, static_cast<int>(machines.size()));
        if (created) machines.emplace_back();
        const int m = it->second;
        int last = -1;
        for (const Item& item : field.items) {
          for (EnginePattern& p : enginePatterns(item)) {
            FieldMachine& machine = machines[m];
            auto known = machine.nextOf.find(p.identity);
            if (known != machine.nextOf.end()) {
              last = known->second;
            } else {
              if (last < 0) {
                last = static_cast<int>(nameStates.size());
                nameStates.emplace_back();
              }
              machine.nextOf.emplace(p.identity, last);
              const int number = machine.patterns++;
              for (const std::string& w : p.wildcards)
                machine.wildcards.emplace_back(number, wildcardTokens(w));
            }
            if (!p.absent) machines[m].valueNext.push_back(last);
            reached.push_back(last);
          }
        }
      }
      std::sort(reached.begin(), reached.end());
      reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
      current = std::move(reached);
    }
  }
  std::vector<bool> visited(nameStates.size(), false);
  std::vector<int> pending{0};
  while (!pending.empty()) {
    const int node = pending.back();
    pending.pop_back();
    if (visited[node]) continue;
    visited[node] = true;
    for (const auto& [path, m] : nameStates[node]) {
      const FieldMachine& machine = machines[m];
      if (!machine.wildcards.empty() &&
          wildcardComplexity(machine.wildcards, kMaxWildcardComplexity) > kMaxWildcardComplexity) {
        return true;
      }
      pending.insert(pending.end(), machine.valueNext.begin(), machine.valueNext.end());
    }
  }
  return false;
}

}  // namespace ebw::pattern
