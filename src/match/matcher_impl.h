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
  // Whether the sub-rule's fields can be satisfied within the same array elements
  // (array_consistency.h).
  bool consistent(uint32_t subId);

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
