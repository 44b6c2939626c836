// The compiled rules of one matcher, indexed by field path and value so that matching an event
// costs work per leaf value, not per rule: exact values (the common case) are hash lookups, other
// operators are evaluated once per item at the leaf's path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "match/path_trie.h"
#include "pattern/pattern.h"

namespace ebw::match {

// One field condition of one sub-rule.
struct Slot {
  uint32_t subRule;
  uint32_t path;
  bool absentOk;  // {"exists": false} among its items: satisfied when no leaf has this path
  const pattern::FieldCondition* field;
};

struct SubRuleEntry {
  uint32_t rule;
  std::vector<uint32_t> slots;
  uint32_t requiredHits;  // slots that only a matching leaf can satisfy
  bool live;
};

struct RuleEntry {
  std::string name;
  uint64_t sequence;  // order of addition: results are reported in it
  std::unique_ptr<pattern::CompiledPattern> pattern;
  std::vector<uint32_t> subRules;
  bool live;
};

// Everything indexed under one path.
struct PathIndex {
  std::unordered_map<std::string, std::vector<uint32_t>> exactStrings;  // value -> slots
  std::unordered_map<std::string, std::vector<uint32_t>> numberTexts;   // literal -> slots
  std::unordered_map<double, std::vector<uint32_t>> numberValues;       // value -> slots
  std::vector<uint32_t> trueSlots, falseSlots, nullSlots;
  std::vector<std::pair<const pattern::Item*, uint32_t>> others;  // evaluated one by one
  std::size_t entries = 0;
};

class RuleIndex {
 public:
  // Adds a compiled rule; returns its id. `name` must not be present.
  uint32_t add(const std::string& name, std::unique_ptr<pattern::CompiledPattern> pattern);
  void remove(uint32_t ruleId);

  const PathTrie& paths() const { return paths_; }
  const std::vector<PathIndex>& pathIndexes() const { return byPath_; }
  const std::vector<Slot>& slots() const { return slots_; }
  const std::vector<SubRuleEntry>& subRules() const { return subRules_; }
  const std::vector<RuleEntry>& rules() const { return rules_; }
  // Sub-rules that can match with no matching leaf at all (every field allows absence).
  const std::vector<uint32_t>& absenceOnly() const { return absenceOnly_; }

 private:
  void indexItem(PathIndex& index, const pattern::Item& item, uint32_t slot);
  void unindexSlot(uint32_t slot);

  PathTrie paths_;
  std::vector<PathIndex> byPath_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> freeSlots_;
  std::vector<SubRuleEntry> subRules_;
  std::vector<uint32_t> freeSubRules_;
  std::vector<RuleEntry> rules_;
  std::vector<uint32_t> freeRules_;
  std::vector<uint32_t> absenceOnly_;
  uint64_t nextSequence_ = 0;
};

}  // namespace ebw::match
