#include "match/rule_index.h"

#include <algorithm>

namespace ebw::match {

using pattern::ItemKind;

namespace {

void eraseValue(std::vector<uint32_t>& v, uint32_t x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

template <typename Map, typename Key>
void eraseFromMap(Map& map, const Key& key, uint32_t slot) {
  auto it = map.find(key);
  if (it == map.end()) return;
  eraseValue(it->second, slot);
  if (it->second.empty()) map.erase(it);
}

template <typename T>
uint32_t allocate(std::vector<T>& pool, std::vector<uint32_t>& freeList, T value) {
  if (!freeList.empty()) {
    uint32_t id = freeList.back();
    freeList.pop_back();
    pool[id] = std::move(value);
    return id;
  }
  pool.push_back(std::move(value));
  return static_cast<uint32_t>(pool.size() - 1);
}

}  // namespace

void RuleIndex::indexItem(PathIndex& index, const pattern::Item& item, uint32_t slot) {
  ++index.entries;
  switch (item.kind) {
    case ItemKind::ExactString:
      index.exactStrings[item.text].push_back(slot);
      return;
    case ItemKind::ExactNumber:
      index.numberTexts[item.text].push_back(slot);
      if (item.numberComparable) index.numberValues[item.number].push_back(slot);
      return;
    case ItemKind::ExactLiteral:
      (item.text == "true"    ? index.trueSlots
       : item.text == "false" ? index.falseSlots
                              : index.nullSlots)
          .push_back(slot);
      return;
    case ItemKind::Absent:
      --index.entries;  // satisfied by absence, never looked up
      return;
    default:
      index.others.emplace_back(&item, slot);
  }
}

uint32_t RuleIndex::add(const std::string& name,
                        std::unique_ptr<pattern::CompiledPattern> pattern) {
  const pattern::CompiledPattern& compiled = *pattern;
  uint32_t ruleId =
      allocate(rules_, freeRules_, RuleEntry{name, nextSequence_++, std::move(pattern), {}, true});
  for (const pattern::SubRule& sub : compiled.subRules) {
    uint32_t subId = allocate(subRules_, freeSubRules_, SubRuleEntry{ruleId, {}, 0, true});
    uint32_t required = 0;
    std::vector<uint32_t> slotIds;
    for (const pattern::FieldCondition& field : sub.fields) {
      uint32_t path = paths_.add(field.path);
      if (byPath_.size() <= path) byPath_.resize(path + 1);
      bool absentOk = std::any_of(field.items.begin(), field.items.end(),
                                  [](const auto& item) { return item.kind == ItemKind::Absent; });
      uint32_t slot = allocate(slots_, freeSlots_, Slot{subId, path, absentOk, &field});
      for (const pattern::Item& item : field.items) indexItem(byPath_[path], item, slot);
      if (!absentOk) ++required;
      slotIds.push_back(slot);
    }
    subRules_[subId].slots = std::move(slotIds);
    subRules_[subId].requiredHits = required;
    if (required == 0) absenceOnly_.push_back(subId);
    rules_[ruleId].subRules.push_back(subId);
  }
  return ruleId;
}

void RuleIndex::unindexSlot(uint32_t slot) {
  const Slot& s = slots_[slot];
  PathIndex& index = byPath_[s.path];
  for (const pattern::Item& item : s.field->items) {
    switch (item.kind) {
      case ItemKind::ExactString:
        eraseFromMap(index.exactStrings, item.text, slot);
        break;
      case ItemKind::ExactNumber:
        eraseFromMap(index.numberTexts, item.text, slot);
        if (item.numberComparable) eraseFromMap(index.numberValues, item.number, slot);
        break;
      case ItemKind::ExactLiteral:
        eraseValue(index.trueSlots, slot);
        eraseValue(index.falseSlots, slot);
        eraseValue(index.nullSlots, slot);
        break;
      case ItemKind::Absent:
        continue;
      default:
        index.others.erase(std::remove_if(index.others.begin(), index.others.end(),
                                          [&](const auto& e) { return e.second == slot; }),
                           index.others.end());
    }
    --index.entries;
  }
}

void RuleIndex::remove(uint32_t ruleId) {
  RuleEntry& rule = rules_[ruleId];
  for (uint32_t subId : rule.subRules) {
    for (uint32_t slot : subRules_[subId].slots) {
      unindexSlot(slot);
      freeSlots_.push_back(slot);
    }
    subRules_[subId].live = false;
    subRules_[subId].slots.clear();
    eraseValue(absenceOnly_, subId);
    freeSubRules_.push_back(subId);
  }
  rule.live = false;
  rule.subRules.clear();
  rule.pattern.reset();
  rule.name.clear();
  freeRules_.push_back(ruleId);
}

}  // namespace ebw::match
