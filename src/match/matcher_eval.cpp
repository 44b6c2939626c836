// Matching an event against every rule of a matcher in one scan: leaves found at named paths are
// looked up in the rule index (the keys of keyed sub-rules, and the items of eager ones), and only
// sub-rules that a leaf hit (or that need none) are checked, their lazy fields against the leaves
// at those fields' paths. A sub-rule whose hits come from array elements must find one
// leaf per field such that all of them sit in the same element of every array they share, as
// AWS's engine requires (fields from different elements of one array never combine).
//
// Nothing here throws (see matcher_impl.h).
#include <algorithm>

#include "common/limits.h"
#include "match/array_consistency.h"
#include "match/matcher.h"
#include "match/matcher_impl.h"
#include "match/value_match.h"

namespace ebw {

using match::Leaf;
using match::LeafValue;
using match::ValueType;

namespace {
constexpr uint32_t kNoLeaf = UINT32_MAX;
}  // namespace

void MatcherImpl::beginEvent() {
  if (++epoch_ == 0) {  // wrapped: forget every stamp
    for (auto* v : {&slotEpoch_, &checkedEpoch_, &subEpoch_, &pathEpoch_, &ruleEpoch_}) {
      std::fill(v->begin(), v->end(), 0);
    }
    epoch_ = 1;
  }
  slotEpoch_.resize(index.slots().size(), 0);
  checkedEpoch_.resize(index.slots().size(), 0);
  subEpoch_.resize(index.subRules().size(), 0);
  subHits_.resize(index.subRules().size(), 0);
  pathEpoch_.resize(index.paths().pathCount(), 0);
  pathFirst_.resize(index.paths().pathCount(), kNoLeaf);
  ruleEpoch_.resize(index.rules().size(), 0);
  leafNext_.resize(scan_.leaves.size());
  touched_.clear();
  hits_.clear();
  // Array elements matter only when some leaf sits in an array.
  arraysInvolved_ = !scan_.positions.empty();
}

void MatcherImpl::hit(uint32_t slot, uint32_t leaf) {
  hits_.push_back(Hit{slot, leaf});
  if (slotEpoch_[slot] == epoch_) return;
  slotEpoch_[slot] = epoch_;
  const match::Slot& s = index.slots()[slot];
  if (s.lazy) return;  // checked for a sub-rule already under consideration
  uint32_t sub = s.subRule;
  if (subEpoch_[sub] != epoch_) {
    subEpoch_[sub] = epoch_;
    subHits_[sub] = 0;
    touched_.push_back(sub);
  }
  if (!s.absentOk) ++subHits_[sub];
}

void MatcherImpl::evaluateLeaf(uint32_t leafIndex) {
  const Leaf& leaf = scan_.leaves[leafIndex];
  leafNext_[leafIndex] = pathEpoch_[leaf.path] == epoch_ ? pathFirst_[leaf.path] : kNoLeaf;
  pathFirst_[leaf.path] = leafIndex;
  pathEpoch_[leaf.path] = epoch_;
  const match::PathIndex& pi = index.pathIndexes()[leaf.path];
  if (pi.entries == 0) return;
  LeafValue value(leaf.type, scan_.text(leaf));
  auto hitAll = [&](const std::vector<uint32_t>& slots) {
    for (uint32_t slot : slots) hit(slot, leafIndex);
  };
  auto lookup = [&](const match::StringMap<match::SlotList>& map, std::string_view text) {
    if (const match::SlotList* slots = map.find(text)) hitAll(*slots);
  };
  auto affixes = [&](const match::AffixIndex<uint32_t>& index, std::string_view text, bool prefix) {
    for (const auto& [length, map] : index.byLength) {
      if (length > text.size()) break;
      lookup(map, prefix ? text.substr(0, length) : text.substr(text.size() - length));
    }
  };
  switch (leaf.type) {
    case ValueType::String: {
      const std::string_view text = value.text();
      if (!pi.exactStrings.empty()) lookup(pi.exactStrings, text);
      if (!pi.prefixes.empty()) affixes(pi.prefixes, text, true);
      if (!pi.suffixes.empty()) affixes(pi.suffixes, text, false);
      if (!pi.foldedEquals.empty() || !pi.foldedPrefixes.empty() || !pi.foldedSuffixes.empty()) {
        const std::string_view folded = value.folded();
        if (!pi.foldedEquals.empty()) lookup(pi.foldedEquals, folded);
        if (!pi.foldedPrefixes.empty()) affixes(pi.foldedPrefixes, folded, true);
        if (!pi.foldedSuffixes.empty()) affixes(pi.foldedSuffixes, folded, false);
      }
      for (const auto& [length, map] : pi.wildcards.byLength) {
        if (length > text.size()) break;
        const auto* candidates = map.find(text.substr(0, length));
        if (!candidates) continue;
        for (const auto& [item, slot] : *candidates) {
          if (pattern::wildcardMatches(item->wildcards[0], text)) hit(slot, leafIndex);
        }
      }
      break;
    }
    case ValueType::Number: {
      if (!pi.numberTexts.empty()) lookup(pi.numberTexts, value.text());
      double v;
      if (!pi.numberValues.empty() && value.number(v)) {
        auto it = pi.numberValues.find(v);
        if (it != pi.numberValues.end()) hitAll(it->second);
      }
      if (!pi.ranges.ranges.empty() && value.number(v)) {
        pi.ranges.query(v, [&](uint32_t slot) { hit(slot, leafIndex); });
      }
      break;
    }
    case ValueType::True:
      hitAll(pi.trueSlots);
      break;
    case ValueType::False:
      hitAll(pi.falseSlots);
      break;
    case ValueType::Null:
      hitAll(pi.nullSlots);
      break;
  }
  for (const auto& [item, slot] : pi.others) {
    if (slotEpoch_[slot] == epoch_ && !arraysInvolved_) continue;  // already satisfied
    if (match::itemMatches(*item, value)) hit(slot, leafIndex);
  }
}

bool MatcherImpl::fieldSatisfied(uint32_t slot) {
  if (slotEpoch_[slot] == epoch_) return true;
  const match::Slot& s = index.slots()[slot];
  const bool present = pathEpoch_[s.path] == epoch_;
  if (s.lazy && present && checkedEpoch_[slot] != epoch_) {
    checkedEpoch_[slot] = epoch_;
    // Every matching leaf is recorded when array elements may have to agree; else the first will
    // do.
    for (uint32_t leaf = pathFirst_[s.path]; leaf != kNoLeaf; leaf = leafNext_[leaf]) {
      LeafValue value(scan_.leaves[leaf].type, scan_.text(scan_.leaves[leaf]));
      for (const pattern::Item& item : s.field->items) {
        if (match::itemMatches(item, value)) {
          hit(slot, leaf);
          break;
        }
      }
      if (slotEpoch_[slot] == epoch_ && !arraysInvolved_) break;
    }
    if (slotEpoch_[slot] == epoch_) return true;
  }
  return s.absentOk && !present;
}

bool MatcherImpl::subRuleSatisfied(uint32_t subId) {
  for (uint32_t slot : index.subRules()[subId].slots) {
    if (!fieldSatisfied(slot)) return false;
  }
  return true;
}

bool MatcherImpl::consistent(uint32_t subId) {
  const auto& slots = index.subRules()[subId].slots;
  candidateCount_ = 0;
  std::size_t inArrays = 0;
  for (uint32_t slot : slots) {
    if (slotEpoch_[slot] != epoch_) continue;  // satisfied by absence: no leaf to agree with
    if (candidates_.size() <= candidateCount_) candidates_.emplace_back();
    std::vector<uint32_t>& list = candidates_[candidateCount_++];
    list.clear();  // keeps its capacity across events
    bool arrays = false;
    for (const Hit& h : hits_) {
      if (h.slot != slot) continue;
      list.push_back(h.leaf);
      const Leaf& leaf = scan_.leaves[h.leaf];
      arrays = arrays || leaf.arraysBegin != leaf.arraysEnd;
    }
    if (arrays) ++inArrays;
  }
  // Array elements can only disagree between two fields that both come from arrays.
  if (inArrays < 2) return true;
  std::vector<uint32_t> chosen;
  return match::chooseConsistent(scan_, candidates_, candidateCount_, chosen);
}

bool MatcherImpl::evaluate(std::string_view event, std::vector<uint32_t>& matched) {
  matched.clear();
  index.prepare();
  if (!match::scanEvent(event, index.paths(), kMaxJsonDepth, scan_)) return false;
  beginEvent();
  for (uint32_t i = 0; i < scan_.leaves.size(); ++i) evaluateLeaf(i);
  auto consider = [&](uint32_t subId) {
    const match::SubRuleEntry& sub = index.subRules()[subId];
    if (!sub.live || ruleEpoch_[sub.rule] == epoch_) return;
    if (sub.keySlot == match::kNoSlot) {
      uint32_t hitsHere = subEpoch_[subId] == epoch_ ? subHits_[subId] : 0;
      if (hitsHere < sub.requiredHits) return;
    }
    if (!subRuleSatisfied(subId)) return;
    if (arraysInvolved_ && !consistent(subId)) return;
    ruleEpoch_[sub.rule] = epoch_;
    matched.push_back(sub.rule);
  };
  for (uint32_t subId : touched_) consider(subId);
  for (uint32_t subId : index.absenceOnly()) consider(subId);
  const auto& rules = index.rules();
  std::sort(matched.begin(), matched.end(),
            [&](uint32_t a, uint32_t b) { return rules[a].sequence < rules[b].sequence; });
  return true;
}

bool Matcher::matchIdsInto(std::string_view eventJson, std::vector<uint32_t>& ids) const {
  if (impl_->evaluate(eventJson, ids)) return true;
  ids.clear();
  return false;
}

}  // namespace ebw
