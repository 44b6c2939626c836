// The state behind a Matcher: the rule index, and the per-event scratch of one evaluation (epochs
// instead of clearing, the event's values by path, the states the event reaches, the
// array-consistency search). Its evaluation code (matcher_eval.cpp) never throws, so that the
// WebAssembly build can compile it without exception landing pads (with Emscripten's JavaScript
// exceptions, each one is a call out to JavaScript).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/event_scanner.h"
#include "match/rule_index.h"
#include "match/value_match.h"

namespace ebw {

class MatcherImpl {
 public:
  match::RuleIndex index;
  std::unordered_map<std::string, uint32_t> byName;

  // Scans and evaluates; fills `matched` with rule ids, in the order the rules were added. False
  // for an invalid event.
  bool evaluate(std::string_view event, std::vector<uint32_t>& matched);

 private:
  void beginEvent();
  // Marks a state reached (once per event) and queues it.
  void reach(uint32_t state) {
    if (stateEpoch_[state] == epoch_) return;
    stateEpoch_[state] = epoch_;
    work_.push_back(state);
  }
  void reachAll(const match::EdgeList* edges);
  // Takes the edges leaving `state`: each group's lookups with every value at its path.
  void visit(uint32_t state, std::vector<uint32_t>& matched);
  void lookup(uint32_t group, uint32_t leaf);
  void affixes(uint32_t group, const match::AffixLengths& lengths, match::LookupKind kind,
               std::string_view text, bool prefix);
  void wildcards(uint32_t group, const match::AffixLengths& leads, std::string_view text);
  // A sub-rule whose conditions all hold: reports its rule, unless array elements disagree.
  void accept(uint32_t subId, std::vector<uint32_t>& matched);
  bool consistent(const match::SubRuleEntry& sub);

  match::EventScan scan_;
  uint32_t epoch_ = 0;
  uint64_t sizedFor_ = UINT64_MAX;  // the index version the stamps below are sized for
  // Per-event stamps (valid when equal to epoch_), by state, rule, path.
  std::vector<uint32_t> stateEpoch_, ruleEpoch_, pathEpoch_, pathArrayEpoch_;
  // The values at each path: pathFirst_[path] (when pathEpoch_[path] is current), then
  // leafNext_[leaf] until kNoLeaf. pathArrayEpoch_[path]: one of them sits in an array.
  std::vector<uint32_t> pathFirst_, leafNext_;
  std::vector<match::LeafValue> leafValues_;  // by leaf, with their parsed and folded forms
  std::vector<uint32_t> work_;                // the states reached, in the order reached
  bool arraysInvolved_ = false;
  // Scratch for the consistency search: candidate leaves per field of one sub-rule.
  std::vector<std::vector<uint32_t>> candidates_;
  std::vector<uint32_t> chosen_;
};

}  // namespace ebw
