// The state behind a Matcher: the rule index, and the per-event scratch of one evaluation (leaf
// hits per field slot, epochs instead of clearing, the array-consistency search). Its evaluation
// code (matcher_eval.cpp) never throws, so that the WebAssembly build can compile it without
// exception landing pads (with Emscripten's JavaScript exceptions, each one is a call out to
// JavaScript).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/event_scanner.h"
#include "match/rule_index.h"

namespace ebw {

class MatcherImpl {
 public:
  match::RuleIndex index;
  std::unordered_map<std::string, uint32_t> byName;

  // Scans and evaluates; fills `matched` with rule ids. False for an invalid event.
  bool evaluate(std::string_view event, std::vector<uint32_t>& matched);
  // After evaluate(): the first field of the rule that failed, for explanations.
  std::string firstFailure(uint32_t ruleId);

 private:
  struct Hit {
    uint32_t slot;
    uint32_t leaf;
  };

  void beginEvent();
  void hit(uint32_t slot, uint32_t leaf);
  void evaluateLeaf(uint32_t leafIndex);
  // Whether the field condition holds for this event; a lazy slot is checked (once per event)
  // against the leaves at its path.
  bool fieldSatisfied(uint32_t slot);
  bool subRuleSatisfied(uint32_t subId);
  bool consistent(uint32_t subId);
  bool choose(std::size_t field, std::vector<uint32_t>& chosen);
  bool compatible(uint32_t leafA, uint32_t leafB) const;

  match::EventScan scan_;
  uint32_t epoch_ = 0;
  // Per-event stamps (valid when equal to epoch_), by slot, sub-rule, path, rule.
  std::vector<uint32_t> slotEpoch_, checkedEpoch_, subEpoch_, subHits_, pathEpoch_, ruleEpoch_;
  // The leaves at each path: pathFirst_[path] (when pathEpoch_[path] is current), then
  // leafNext_[leaf] until kNoLeaf.
  std::vector<uint32_t> pathFirst_, leafNext_;
  std::vector<uint32_t> touched_;
  std::vector<Hit> hits_;
  bool arraysInvolved_ = false;
  // Scratch for the consistency search: candidate leaves per field of one sub-rule.
  std::vector<std::vector<uint32_t>> candidates_;
  std::size_t candidateCount_ = 0;
};

}  // namespace ebw
