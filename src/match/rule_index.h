// The compiled rules of one matcher, indexed by field path and value so that matching an event
// costs work per leaf value, not per rule.
//
// Each sub-rule (an AND of field conditions) that has a condition the index can look up (exact
// values, prefixes, suffixes, equals-ignore-case and its prefix/suffix forms, wildcards that start
// with a literal, numeric ranges) gets one such condition as its key: only the key's items are in
// the index, and a sub-rule is considered only when a leaf hits its key. Its other conditions are
// checked then, against the leaves at their paths ("lazy" slots). The key is the condition likely
// to be the most selective: by kind (exact values first), then the smallest bucket at the time the
// rule is added. A sub-rule with no such condition (only anything-but, exists, cidr...) is "eager":
// its items are evaluated against every leaf at their paths, as the whole matcher once did.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "match/path_trie.h"
#include "match/string_map.h"
#include "pattern/pattern.h"

namespace ebw::match {

constexpr uint32_t kNoSlot = UINT32_MAX;

// One field condition of one sub-rule.
struct Slot {
  uint32_t subRule;
  uint32_t path;
  bool absentOk;  // {"exists": false} among its items: satisfied when no leaf has this path
  bool key;       // its sub-rule's key: its items are in the path's index
  bool lazy;      // a keyed sub-rule's other condition: checked when the sub-rule is considered
  const pattern::FieldCondition* field;
};

struct SubRuleEntry {
  uint32_t rule;
  std::vector<uint32_t> slots;
  uint32_t requiredHits;  // eager sub-rules: slots that only a matching leaf can satisfy
  uint32_t keySlot;       // kNoSlot for an eager sub-rule
  bool live;
};

struct RuleEntry {
  std::string name;
  uint64_t sequence;  // order of addition: results are reported in it
  std::unique_ptr<pattern::CompiledPattern> pattern;
  std::vector<uint32_t> subRules;
  bool live;
};

using SlotList = std::vector<uint32_t>;
using ItemSlot = std::pair<const pattern::Item*, uint32_t>;

// Values by their first (or last) `length` bytes, one map per distinct length.
template <typename Entry>
struct AffixIndex {
  std::vector<std::pair<uint32_t, StringMap<std::vector<Entry>>>> byLength;

  std::vector<Entry>& bucket(const std::string& affix);
  const std::vector<Entry>* find(const std::string& affix) const;
  void erase(const std::string& affix, uint32_t slot);
  bool empty() const { return byLength.empty(); }
};

// Numeric ranges of one path. Queried through the elementary regions between their bounds (each
// region lists the ranges that contain it), built on first use after a change; when the regions
// would hold too many entries (many wide overlapping ranges) the ranges are evaluated one by one.
struct RangeIndex {
  std::vector<ItemSlot> ranges;
  bool dirty = false;
  bool linear = false;
  std::vector<double> bounds;        // sorted, distinct
  std::vector<uint32_t> regionFrom;  // region r's slots: regionSlots[regionFrom[r], [r + 1])
  std::vector<uint32_t> regionSlots;

  void build();
  // Calls f(slot) for every range containing v.
  template <typename F>
  void query(double v, F&& f) const;
};

// Everything indexed under one path.
struct PathIndex {
  // Key items of keyed sub-rules.
  StringMap<SlotList> exactStrings;                   // value -> slots
  StringMap<SlotList> numberTexts;                    // literal -> slots
  std::unordered_map<double, SlotList> numberValues;  // value -> slots
  SlotList trueSlots, falseSlots, nullSlots;
  StringMap<SlotList> foldedEquals;  // equals-ignore-case, folded
  AffixIndex<uint32_t> prefixes, suffixes, foldedPrefixes, foldedSuffixes;
  AffixIndex<ItemSlot> wildcards;  // by the literal that starts them; matched in full on a hit
  RangeIndex ranges;
  // Items of eager sub-rules, evaluated one by one against each leaf.
  std::vector<ItemSlot> others;
  std::size_t entries = 0;
};

class RuleIndex {
 public:
  // Adds a compiled rule; returns its id. `name` must not be present.
  uint32_t add(const std::string& name, std::unique_ptr<pattern::CompiledPattern> pattern);
  void remove(uint32_t ruleId);
  // Builds what add/remove left for later (path runs, range regions). Call before matching.
  void prepare();

  const PathTrie& paths() const { return paths_; }
  const std::vector<PathIndex>& pathIndexes() const { return byPath_; }
  const std::vector<Slot>& slots() const { return slots_; }
  const std::vector<SubRuleEntry>& subRules() const { return subRules_; }
  const std::vector<RuleEntry>& rules() const { return rules_; }
  // Eager sub-rules that can match with no matching leaf at all (every field allows absence).
  const std::vector<uint32_t>& absenceOnly() const { return absenceOnly_; }

 private:
  uint32_t chooseKey(const pattern::SubRule& sub, const std::vector<uint32_t>& paths) const;
  void indexKeyItem(PathIndex& index, const pattern::Item& item, uint32_t slot);
  void unindexSlot(uint32_t slot);

  PathTrie paths_;
  std::vector<PathIndex> byPath_;
  std::vector<uint32_t> dirtyRanges_;  // paths whose RangeIndex needs building
  std::vector<Slot> slots_;
  std::vector<uint32_t> freeSlots_;
  std::vector<SubRuleEntry> subRules_;
  std::vector<uint32_t> freeSubRules_;
  std::vector<RuleEntry> rules_;
  std::vector<uint32_t> freeRules_;
  std::vector<uint32_t> absenceOnly_;
  uint64_t nextSequence_ = 0;
};

// Whether a numeric range contains `v` (AWS's open and closed bounds).
inline bool inNumericRange(const pattern::NumericRange& r, double v) {
  if (r.hasLow && (r.lowOpen ? !(v > r.low) : !(v >= r.low))) return false;
  if (r.hasHigh && (r.highOpen ? !(v < r.high) : !(v <= r.high))) return false;
  return true;
}

template <typename F>
void RangeIndex::query(double v, F&& f) const {
  if (linear) {
    for (const auto& [item, slot] : ranges) {
      if (inNumericRange(item->range, v)) f(slot);
    }
    return;
  }
  if (regionFrom.empty() || v != v) return;
  // Regions: 2i is the open interval just below bounds[i] (above bounds[i - 1]), 2i + 1 the point
  // bounds[i], and 2n the interval above the last bound.
  std::size_t lo = 0, hi = bounds.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (bounds[mid] < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const std::size_t region = lo < bounds.size() && bounds[lo] == v ? 2 * lo + 1 : 2 * lo;
  for (uint32_t k = regionFrom[region]; k < regionFrom[region + 1]; ++k) f(regionSlots[k]);
}

}  // namespace ebw::match
