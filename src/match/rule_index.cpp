#include "match/rule_index.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace ebw::match {

using pattern::Item;
using pattern::ItemKind;

namespace {

void eraseValue(std::vector<uint32_t>& v, uint32_t x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

void eraseValue(std::vector<ItemSlot>& v, uint32_t slot) {
  v.erase(std::remove_if(v.begin(), v.end(), [&](const ItemSlot& e) { return e.second == slot; }),
          v.end());
}

template <typename Map, typename Key>
void eraseFromMap(Map& map, const Key& key, uint32_t slot) {
  auto it = map.find(key);
  if (it == map.end()) return;
  eraseValue(it->second, slot);
  if (it->second.empty()) map.erase(it);
}

template <typename V>
void eraseFromMap(StringMap<V>& map, const std::string& key, uint32_t slot) {
  V* bucket = map.find(key);
  if (!bucket) return;
  eraseValue(*bucket, slot);
  if (bucket->empty()) map.erase(key);
}

template <typename V>
std::size_t bucketSize(const StringMap<V>& map, const std::string& key) {
  const V* bucket = map.find(key);
  return bucket ? bucket->size() : 0;
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

// A wildcard's literal start ("" when it starts with a star).
const std::string& wildcardLead(const Item& item) {
  static const std::string none;
  const pattern::Wildcard& w = item.wildcards[0];
  return w.leadingStar || w.pieces.empty() ? none : w.pieces[0];
}

// How selective a key item of this kind tends to be (lower is better); -1: not indexable.
int keyRank(const Item& item) {
  switch (item.kind) {
    case ItemKind::ExactString:
    case ItemKind::ExactNumber:
    case ItemKind::ExactLiteral:
      return 0;
    case ItemKind::EqualsIgnoreCase:
      return 1;
    case ItemKind::Prefix:
    case ItemKind::Suffix:
    case ItemKind::PrefixIgnoreCase:
    case ItemKind::SuffixIgnoreCase:
      return item.text.empty() ? 4 : 2;  // an empty prefix matches every string
    case ItemKind::Wildcard:
      return wildcardLead(item).empty() ? -1 : 2;
    case ItemKind::Numeric:
      return 3;
    default:
      return -1;
  }
}

}  // namespace

template <typename Entry>
std::vector<Entry>& AffixIndex<Entry>::bucket(const std::string& affix) {
  const uint32_t length = static_cast<uint32_t>(affix.size());
  auto it = std::lower_bound(byLength.begin(), byLength.end(), length,
                             [](const auto& e, uint32_t l) { return e.first < l; });
  if (it == byLength.end() || it->first != length) it = byLength.insert(it, {length, {}});
  return it->second[affix];
}

template <typename Entry>
const std::vector<Entry>* AffixIndex<Entry>::find(const std::string& affix) const {
  for (const auto& [length, map] : byLength) {
    if (length == affix.size()) return map.find(affix);
  }
  return nullptr;
}

template <typename Entry>
void AffixIndex<Entry>::erase(const std::string& affix, uint32_t slot) {
  for (auto it = byLength.begin(); it != byLength.end(); ++it) {
    if (it->first != affix.size()) continue;
    eraseFromMap(it->second, affix, slot);
    if (it->second.empty()) byLength.erase(it);
    return;
  }
}

template struct AffixIndex<uint32_t>;
template struct AffixIndex<ItemSlot>;

void RangeIndex::build() {
  dirty = false;
  linear = false;
  bounds.clear();
  regionFrom.clear();
  regionSlots.clear();
  if (ranges.empty()) return;
  for (const auto& [item, slot] : ranges) {
    if (item->range.hasLow) bounds.push_back(item->range.low);
    if (item->range.hasHigh) bounds.push_back(item->range.high);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  auto indexOf = [&](double b) {
    return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), b) -
                                    bounds.begin());
  };
  const std::size_t regions = 2 * bounds.size() + 1;
  // Each range covers a contiguous run of regions [first, last] (bounds are region edges).
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  spans.reserve(ranges.size());
  std::size_t total = 0;
  for (const auto& [item, slot] : ranges) {
    const pattern::NumericRange& r = item->range;
    std::size_t first = 0, last = regions - 1;
    if (r.hasLow) first = 2 * indexOf(r.low) + (r.lowOpen ? 2 : 1);
    if (r.hasHigh) last = 2 * indexOf(r.high) + (r.highOpen ? 0 : 1);
    spans.emplace_back(first, last);
    if (first <= last) total += last - first + 1;
  }
  // Many wide, overlapping ranges: one by one is cheaper than the regions' memory.
  if (total > 64 * ranges.size() + 4096) {
    linear = true;
    return;
  }
  std::vector<uint32_t> counts(regions + 1, 0);
  for (const auto& [first, last] : spans) {
    for (std::size_t r = first; r <= last && first <= last; ++r) ++counts[r + 1];
  }
  regionFrom.assign(regions + 1, 0);
  for (std::size_t r = 0; r < regions; ++r) regionFrom[r + 1] = regionFrom[r] + counts[r + 1];
  regionSlots.resize(regionFrom[regions]);
  std::vector<uint32_t> fill(regionFrom.begin(), regionFrom.end() - 1);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    for (std::size_t r = spans[i].first; r <= spans[i].second && spans[i].first <= spans[i].second;
         ++r) {
      regionSlots[fill[r]++] = ranges[i].second;
    }
  }
}

uint32_t RuleIndex::chooseKey(const pattern::SubRule& sub,
                              const std::vector<uint32_t>& paths) const {
  uint32_t best = kNoSlot;
  std::tuple<int, std::size_t, std::size_t> bestCost;
  for (std::size_t f = 0; f < sub.fields.size(); ++f) {
    const pattern::FieldCondition& field = sub.fields[f];
    const PathIndex* index = paths[f] < byPath_.size() ? &byPath_[paths[f]] : nullptr;
    int rank = 0;
    std::size_t bucket = 0, shortest = std::numeric_limits<std::size_t>::max();
    for (const Item& item : field.items) {
      const int r = keyRank(item);
      if (r < 0) {
        rank = -1;
        break;
      }
      rank = std::max(rank, r);
      shortest = std::min(shortest, item.text.size());
      if (!index) continue;
      switch (item.kind) {
        case ItemKind::ExactString:
          bucket += bucketSize(index->exactStrings, item.text);
          break;
        case ItemKind::ExactNumber:
          bucket += bucketSize(index->numberTexts, item.text);
          break;
        case ItemKind::ExactLiteral:
          bucket += item.text == "true"    ? index->trueSlots.size()
                    : item.text == "false" ? index->falseSlots.size()
                                           : index->nullSlots.size();
          break;
        case ItemKind::EqualsIgnoreCase:
          bucket += bucketSize(index->foldedEquals, item.text);
          break;
        case ItemKind::Numeric:
          bucket += index->ranges.ranges.size();
          break;
        default: {  // affixes and wildcards
          const auto* affixes = item.kind == ItemKind::Prefix             ? &index->prefixes
                                : item.kind == ItemKind::Suffix           ? &index->suffixes
                                : item.kind == ItemKind::PrefixIgnoreCase ? &index->foldedPrefixes
                                : item.kind == ItemKind::SuffixIgnoreCase ? &index->foldedSuffixes
                                                                          : nullptr;
          if (affixes) {
            const auto* b = affixes->find(item.text);
            bucket += b ? b->size() : 0;
          } else {
            const auto* b = index->wildcards.find(wildcardLead(item));
            bucket += b ? b->size() : 0;
          }
        }
      }
    }
    if (rank < 0 || field.items.empty()) continue;
    // Absent-ok fields are satisfied without a leaf: never a key.
    if (std::any_of(field.items.begin(), field.items.end(),
                    [](const Item& i) { return i.kind == ItemKind::Absent; })) {
      continue;
    }
    std::tuple<int, std::size_t, std::size_t> cost{
        rank, bucket, std::numeric_limits<std::size_t>::max() - shortest};
    if (best == kNoSlot || cost < bestCost) {
      best = static_cast<uint32_t>(f);
      bestCost = cost;
    }
  }
  return best;
}

void RuleIndex::indexKeyItem(PathIndex& index, const Item& item, uint32_t slot) {
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
    case ItemKind::EqualsIgnoreCase:
      index.foldedEquals[item.text].push_back(slot);
      return;
    case ItemKind::Prefix:
      index.prefixes.bucket(item.text).push_back(slot);
      return;
    case ItemKind::Suffix:
      index.suffixes.bucket(item.text).push_back(slot);
      return;
    case ItemKind::PrefixIgnoreCase:
      index.foldedPrefixes.bucket(item.text).push_back(slot);
      return;
    case ItemKind::SuffixIgnoreCase:
      index.foldedSuffixes.bucket(item.text).push_back(slot);
      return;
    case ItemKind::Wildcard:
      index.wildcards.bucket(wildcardLead(item)).emplace_back(&item, slot);
      return;
    case ItemKind::Numeric:
      index.ranges.ranges.emplace_back(&item, slot);
      return;
    default:
      --index.entries;  // not a key kind (chooseKey never picks one)
  }
}

uint32_t RuleIndex::add(const std::string& name,
                        std::unique_ptr<pattern::CompiledPattern> pattern) {
  const pattern::CompiledPattern& compiled = *pattern;
  uint32_t ruleId =
      allocate(rules_, freeRules_, RuleEntry{name, nextSequence_++, std::move(pattern), {}, true});
  for (const pattern::SubRule& sub : compiled.subRules) {
    uint32_t subId = allocate(subRules_, freeSubRules_, SubRuleEntry{ruleId, {}, 0, kNoSlot, true});
    std::vector<uint32_t> fieldPaths;
    for (const pattern::FieldCondition& field : sub.fields) {
      uint32_t path = paths_.add(field.path);
      if (byPath_.size() <= path) byPath_.resize(path + 1);
      fieldPaths.push_back(path);
    }
    const uint32_t keyField = chooseKey(sub, fieldPaths);
    uint32_t required = 0;
    std::vector<uint32_t> slotIds;
    for (std::size_t f = 0; f < sub.fields.size(); ++f) {
      const pattern::FieldCondition& field = sub.fields[f];
      const uint32_t path = fieldPaths[f];
      bool absentOk = std::any_of(field.items.begin(), field.items.end(),
                                  [](const auto& item) { return item.kind == ItemKind::Absent; });
      const bool key = f == keyField;
      const bool lazy = keyField != kNoSlot && !key;
      uint32_t slot = allocate(slots_, freeSlots_, Slot{subId, path, absentOk, key, lazy, &field});
      PathIndex& index = byPath_[path];
      if (key) {
        bool ranges = false;
        for (const Item& item : field.items) {
          indexKeyItem(index, item, slot);
          ranges = ranges || item.kind == ItemKind::Numeric;
        }
        if (ranges && !index.ranges.dirty) {
          index.ranges.dirty = true;
          dirtyRanges_.push_back(path);
        }
      } else if (!lazy) {
        for (const Item& item : field.items) {
          if (item.kind == ItemKind::Absent) continue;  // satisfied by absence, never looked up
          index.others.emplace_back(&item, slot);
          ++index.entries;
        }
      }
      if (!absentOk) ++required;
      slotIds.push_back(slot);
    }
    SubRuleEntry& entry = subRules_[subId];
    entry.slots = std::move(slotIds);
    entry.requiredHits = required;
    entry.keySlot = keyField == kNoSlot ? kNoSlot : entry.slots[keyField];
    if (keyField == kNoSlot && required == 0) absenceOnly_.push_back(subId);
    rules_[ruleId].subRules.push_back(subId);
  }
  return ruleId;
}

void RuleIndex::unindexSlot(uint32_t slot) {
  const Slot& s = slots_[slot];
  if (s.lazy) return;
  PathIndex& index = byPath_[s.path];
  for (const Item& item : s.field->items) {
    if (item.kind == ItemKind::Absent) continue;
    --index.entries;
    if (!s.key) {
      eraseValue(index.others, slot);
      continue;
    }
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
      case ItemKind::EqualsIgnoreCase:
        eraseFromMap(index.foldedEquals, item.text, slot);
        break;
      case ItemKind::Prefix:
        index.prefixes.erase(item.text, slot);
        break;
      case ItemKind::Suffix:
        index.suffixes.erase(item.text, slot);
        break;
      case ItemKind::PrefixIgnoreCase:
        index.foldedPrefixes.erase(item.text, slot);
        break;
      case ItemKind::SuffixIgnoreCase:
        index.foldedSuffixes.erase(item.text, slot);
        break;
      case ItemKind::Wildcard:
        index.wildcards.erase(wildcardLead(item), slot);
        break;
      case ItemKind::Numeric:
        eraseValue(index.ranges.ranges, slot);
        if (!index.ranges.dirty) {
          index.ranges.dirty = true;
          dirtyRanges_.push_back(s.path);
        }
        break;
      default:
        ++index.entries;  // never indexed
    }
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

void RuleIndex::prepare() {
  paths_.compile();
  for (uint32_t path : dirtyRanges_) byPath_[path].ranges.build();
  dirtyRanges_.clear();
}

}  // namespace ebw::match
