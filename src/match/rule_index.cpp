#include "match/rule_index.h"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <type_traits>

namespace ebw::match {

using pattern::FieldCondition;
using pattern::Item;
using pattern::ItemKind;

// Items are referred to by pointer (ranges, others) while the edges vector grows: moving an Edge
// must keep its condition's item buffer where it is.
static_assert(std::is_nothrow_move_constructible_v<Edge>, "Edge must move without copying");

namespace {

void eraseOne(EdgeList& v, uint32_t x) {
  auto it = std::find(v.begin(), v.end(), x);
  if (it != v.end()) v.erase(it);
}

void eraseEdge(std::vector<ItemEdge>& v, uint32_t edge) {
  v.erase(std::remove_if(v.begin(), v.end(), [&](const ItemEdge& e) { return e.second == edge; }),
          v.end());
}

template <typename T>
uint32_t allocate(std::vector<T>& pool, std::vector<uint32_t>& freeList) {
  if (!freeList.empty()) {
    uint32_t id = freeList.back();
    freeList.pop_back();
    return id;
  }
  pool.emplace_back();
  return static_cast<uint32_t>(pool.size() - 1);
}

// A wildcard's literal start ("" when it starts with a star).
std::string_view wildcardLead(const Item& item) {
  const pattern::Wildcard& w = item.wildcards[0];
  return w.leadingStar || w.pieces.empty() ? std::string_view() : std::string_view(w.pieces[0]);
}

// ---- canonical form of a condition (the edge key) ----

void putBytes(std::string& out, const void* p, std::size_t n) {
  out.append(static_cast<const char*>(p), n);
}

void putNumber(std::string& out, uint64_t n) {
  putBytes(out, &n, sizeof n);
}

void putText(std::string& out, std::string_view s) {
  putNumber(out, s.size());
  out.append(s);
}

void putDouble(std::string& out, double d) {
  putBytes(out, &d, sizeof d);
}

// Every field of an Item, so that two items with the same form mean the same thing (a field added
// to pattern::Item must be added here, or conditions that differ only in it would be shared).
std::string itemForm(const Item& item) {
  std::string out;
  out += static_cast<char>(item.kind);
  putText(out, item.text);
  putNumber(out, item.texts.size());
  for (const std::string& t : item.texts) putText(out, t);
  putNumber(out, item.numbers.size());
  for (double n : item.numbers) putDouble(out, n);
  putDouble(out, item.number);
  out += static_cast<char>(item.numberComparable);
  const pattern::NumericRange& r = item.range;
  out += static_cast<char>(r.hasLow | r.lowOpen << 1 | r.hasHigh << 2 | r.highOpen << 3);
  putDouble(out, r.low);
  putDouble(out, r.high);
  out += static_cast<char>(item.ip.v6);
  putBytes(out, item.ip.low.data(), item.ip.low.size());
  putBytes(out, item.ip.high.data(), item.ip.high.size());
  putNumber(out, item.wildcards.size());
  for (const pattern::Wildcard& w : item.wildcards) {
    out += static_cast<char>(w.leadingStar | w.trailingStar << 1);
    putNumber(out, w.pieces.size());
    for (const std::string& piece : w.pieces) putText(out, piece);
  }
  return out;
}

// The items' forms, sorted (the order of a field's items does not change what it matches).
std::string conditionKey(const FieldCondition& field) {
  std::vector<std::string> forms;
  forms.reserve(field.items.size());
  for (const Item& item : field.items) forms.push_back(itemForm(item));
  std::sort(forms.begin(), forms.end());
  std::string key;
  for (const std::string& f : forms) putText(key, f);
  return key;
}

// Where a condition goes in its sub-rule's order (lower first): the kinds that select the fewest
// events, and the cheapest to look up, first.
int conditionRank(const FieldCondition& field) {
  int rank = 0;
  for (const Item& item : field.items) {
    int r;
    switch (item.kind) {
      case ItemKind::ExactString:
      case ItemKind::ExactNumber:
      case ItemKind::ExactLiteral:
        r = 0;
        break;
      case ItemKind::EqualsIgnoreCase:
        r = 1;
        break;
      case ItemKind::Prefix:
      case ItemKind::Suffix:
      case ItemKind::PrefixIgnoreCase:
      case ItemKind::SuffixIgnoreCase:
        r = item.text.empty() ? 4 : 2;  // an empty prefix holds for every string
        break;
      case ItemKind::Wildcard:
        r = wildcardLead(item).empty() ? 4 : 2;
        break;
      case ItemKind::Numeric:
        r = 3;
        break;
      case ItemKind::Exists:
        r = 5;
        break;
      case ItemKind::Absent:
        r = 6;
        break;
      default:  // anything-but, cidr
        r = 4;
    }
    rank = std::max(rank, r);
  }
  return rank;
}

}  // namespace

// ---- affix lengths, ranges ----

void AffixLengths::add(uint32_t length) {
  auto it = std::lower_bound(counts.begin(), counts.end(), length,
                             [](const auto& e, uint32_t l) { return e.first < l; });
  if (it == counts.end() || it->first != length) it = counts.insert(it, {length, 0});
  ++it->second;
}

void AffixLengths::remove(uint32_t length) {
  auto it = std::lower_bound(counts.begin(), counts.end(), length,
                             [](const auto& e, uint32_t l) { return e.first < l; });
  if (it == counts.end() || it->first != length) return;
  if (--it->second == 0) counts.erase(it);
}

void RangeIndex::build() {
  dirty = false;
  linear = false;
  bounds.clear();
  regionFrom.clear();
  regionEdges.clear();
  if (ranges.empty()) return;
  for (const auto& [item, edge] : ranges) {
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
  for (const auto& [item, edge] : ranges) {
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
  regionEdges.resize(regionFrom[regions]);
  std::vector<uint32_t> fill(regionFrom.begin(), regionFrom.end() - 1);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    for (std::size_t r = spans[i].first; r <= spans[i].second && spans[i].first <= spans[i].second;
         ++r) {
      regionEdges[fill[r]++] = ranges[i].second;
    }
  }
}

// ---- the index ----

RuleIndex::RuleIndex() {
  states_.emplace_back();  // the root
}

std::vector<uint32_t>& RuleIndex::valueEdges(LookupKind kind, uint32_t group,
                                             std::string_view value) {
  std::string key(head(kind, group).data(), kKeyHead);
  key.append(value);
  return values_.atHashed(valueHash(kind, group, value), key);
}

void RuleIndex::removeValueEdge(LookupKind kind, uint32_t group, std::string_view value,
                                uint32_t edge) {
  const uint64_t h = valueHash(kind, group, value);
  std::string key(head(kind, group).data(), kKeyHead);
  key.append(value);
  EdgeList* list = const_cast<EdgeList*>(
      values_.findHashed(h, [&](std::string_view stored) { return stored == key; }));
  if (!list) return;
  eraseOne(*list, edge);
  if (list->empty()) values_.eraseHashed(h, key);
}

std::string_view RuleIndex::numberBytes(double v, char (&buffer)[8]) {
  if (v == 0) v = 0;  // -0 equals 0
  std::memcpy(buffer, &v, 8);
  return std::string_view(buffer, 8);
}

uint32_t RuleIndex::newState() {
  return allocate(states_, freeStates_);
}

uint32_t RuleIndex::groupFor(uint32_t state, uint32_t path) {
  const uint64_t key = uint64_t{state} << 32 | path;
  auto it = groupByStatePath_.find(key);
  if (it != groupByStatePath_.end()) return it->second;
  const uint32_t g = allocate(groups_, freeGroups_);
  groups_[g].state = state;
  groups_[g].path = path;
  groupByStatePath_.emplace(key, g);
  states_[state].groups.push_back(g);
  return g;
}

uint32_t RuleIndex::edgeFor(uint32_t group, const FieldCondition& field, std::string key) {
  std::string lookup;
  lookup.append(reinterpret_cast<const char*>(&group), sizeof group);
  lookup += key;
  if (const uint32_t* found = edgeByKey_.find(lookup)) return *found;
  const uint32_t e = allocate(edges_, freeEdges_);
  const uint32_t target = newState();  // may grow states_, never edges_
  Edge& edge = edges_[e];
  edge.group = group;
  edge.target = target;
  edge.refs = 0;
  edge.key = std::move(key);
  edge.condition = field;
  edgeByKey_[lookup] = e;
  ++groups_[group].edges;
  for (const Item& item : edges_[e].condition.items) indexItem(e, item);
  return e;
}

void RuleIndex::indexItem(uint32_t e, const Item& item) {
  const uint32_t g = edges_[e].group;
  Group& group = groups_[g];
  auto value = [&](LookupKind kind, std::string_view v) { valueEdges(kind, g, v).push_back(e); };
  switch (item.kind) {
    case ItemKind::ExactString:
      value(LookupKind::Exact, item.text);
      group.kinds |= kHasExact;
      return;
    case ItemKind::ExactNumber:
      value(LookupKind::NumberText, item.text);
      group.kinds |= kHasNumberText;
      if (item.numberComparable) {
        char bytes[8];
        value(LookupKind::NumberValue, numberBytes(item.number, bytes));
        group.kinds |= kHasNumberValue;
      }
      return;
    case ItemKind::ExactLiteral: {
      GroupExtras& x = group.more();
      (item.text == "true"    ? x.trueEdges
       : item.text == "false" ? x.falseEdges
                              : x.nullEdges)
          .push_back(e);
      group.kinds |= kHasLiterals;
      return;
    }
    case ItemKind::EqualsIgnoreCase:
      value(LookupKind::Folded, item.text);
      group.kinds |= kHasFolded;
      return;
    case ItemKind::Prefix:
    case ItemKind::Suffix:
    case ItemKind::PrefixIgnoreCase:
    case ItemKind::SuffixIgnoreCase: {
      GroupExtras& x = group.more();
      const auto [kind, lengths] =
          item.kind == ItemKind::Prefix   ? std::make_pair(LookupKind::Prefix, &x.prefixes)
          : item.kind == ItemKind::Suffix ? std::make_pair(LookupKind::Suffix, &x.suffixes)
          : item.kind == ItemKind::PrefixIgnoreCase
              ? std::make_pair(LookupKind::FoldedPrefix, &x.foldedPrefixes)
              : std::make_pair(LookupKind::FoldedSuffix, &x.foldedSuffixes);
      value(kind, item.text);
      lengths->add(static_cast<uint32_t>(item.text.size()));
      group.kinds |= kHasAffixes;
      return;
    }
    case ItemKind::Wildcard: {
      const std::string_view lead = wildcardLead(item);
      if (!lead.empty()) {
        value(LookupKind::WildcardLead, lead);
        group.more().wildcardLeads.add(static_cast<uint32_t>(lead.size()));
        group.kinds |= kHasAffixes;
        return;
      }
      break;  // starts with a star: evaluated against every value
    }
    case ItemKind::Numeric: {
      GroupExtras& x = group.more();
      x.ranges.ranges.emplace_back(&item, e);
      if (!x.ranges.dirty) {
        x.ranges.dirty = true;
        dirtyRanges_.push_back(g);
      }
      group.kinds |= kHasRanges;
      return;
    }
    case ItemKind::Exists:
      group.more().anyEdges.push_back(e);
      group.kinds |= kHasAny;
      return;
    case ItemKind::Absent:
      group.more().absentEdges.push_back(e);
      group.kinds |= kHasAbsent;
      return;
    default:
      break;
  }
  group.more().others.emplace_back(&item, e);
  group.kinds |= kHasOthers;
}

void RuleIndex::unindexItem(uint32_t e, const Item& item) {
  const uint32_t g = edges_[e].group;
  Group& group = groups_[g];
  auto value = [&](LookupKind kind, std::string_view v) { removeValueEdge(kind, g, v, e); };
  GroupExtras* x = group.extras.get();
  switch (item.kind) {
    case ItemKind::ExactString:
      value(LookupKind::Exact, item.text);
      return;
    case ItemKind::ExactNumber:
      value(LookupKind::NumberText, item.text);
      if (item.numberComparable) {
        char bytes[8];
        value(LookupKind::NumberValue, numberBytes(item.number, bytes));
      }
      return;
    case ItemKind::ExactLiteral:
      if (x) {
        eraseOne(item.text == "true"    ? x->trueEdges
                 : item.text == "false" ? x->falseEdges
                                        : x->nullEdges,
                 e);
      }
      return;
    case ItemKind::EqualsIgnoreCase:
      value(LookupKind::Folded, item.text);
      return;
    case ItemKind::Prefix:
      value(LookupKind::Prefix, item.text);
      if (x) x->prefixes.remove(static_cast<uint32_t>(item.text.size()));
      return;
    case ItemKind::Suffix:
      value(LookupKind::Suffix, item.text);
      if (x) x->suffixes.remove(static_cast<uint32_t>(item.text.size()));
      return;
    case ItemKind::PrefixIgnoreCase:
      value(LookupKind::FoldedPrefix, item.text);
      if (x) x->foldedPrefixes.remove(static_cast<uint32_t>(item.text.size()));
      return;
    case ItemKind::SuffixIgnoreCase:
      value(LookupKind::FoldedSuffix, item.text);
      if (x) x->foldedSuffixes.remove(static_cast<uint32_t>(item.text.size()));
      return;
    case ItemKind::Wildcard: {
      const std::string_view lead = wildcardLead(item);
      if (!lead.empty()) {
        value(LookupKind::WildcardLead, lead);
        if (x) x->wildcardLeads.remove(static_cast<uint32_t>(lead.size()));
        return;
      }
      break;
    }
    case ItemKind::Numeric:
      if (x) {
        eraseEdge(x->ranges.ranges, e);
        if (!x->ranges.dirty) {
          x->ranges.dirty = true;
          dirtyRanges_.push_back(g);
        }
      }
      return;
    case ItemKind::Exists:
      if (x) eraseOne(x->anyEdges, e);
      return;
    case ItemKind::Absent:
      if (x) eraseOne(x->absentEdges, e);
      return;
    default:
      break;
  }
  if (x) eraseEdge(x->others, e);
}

void RuleIndex::releaseEdge(uint32_t e) {
  Edge& edge = edges_[e];
  for (const Item& item : edge.condition.items) unindexItem(e, item);
  std::string lookup;
  lookup.append(reinterpret_cast<const char*>(&edge.group), sizeof edge.group);
  lookup += edge.key;
  edgeByKey_.erase(lookup);
  // Its target state is empty: every sub-rule through it is gone, and the edges beyond it went
  // first.
  states_[edge.target] = State();
  freeStates_.push_back(edge.target);
  const uint32_t g = edge.group;
  edges_[e] = Edge();
  freeEdges_.push_back(e);
  Group& group = groups_[g];
  if (--group.edges > 0) return;
  auto& siblings = states_[group.state].groups;
  siblings.erase(std::find(siblings.begin(), siblings.end(), g));
  groupByStatePath_.erase(uint64_t{group.state} << 32 | group.path);
  groups_[g] = Group();
  freeGroups_.push_back(g);
}

uint32_t RuleIndex::add(const std::string& name,
                        std::unique_ptr<pattern::CompiledPattern> pattern) {
  ++version_;
  const pattern::CompiledPattern& compiled = *pattern;
  const uint32_t ruleId = allocate(rules_, freeRules_);
  RuleEntry& rule = rules_[ruleId];
  rule.name = name;
  rule.sequence = nextSequence_++;
  rule.pattern = std::move(pattern);
  rule.subRules.clear();
  rule.live = true;
  if (sequences_.size() <= ruleId) sequences_.resize(ruleId + 1);
  sequences_[ruleId] = rule.sequence;
  for (const pattern::SubRule& sub : compiled.subRules) {
    // The conditions in their canonical order.
    struct Ordered {
      int rank;
      uint32_t path;
      std::string key;
      const FieldCondition* field;
    };
    std::vector<Ordered> order;
    for (const FieldCondition& field : sub.fields) {
      order.push_back({conditionRank(field), paths_.add(field.path), conditionKey(field), &field});
    }
    std::sort(order.begin(), order.end(), [&](const Ordered& a, const Ordered& b) {
      return std::tie(a.rank, a.field->path, a.key) < std::tie(b.rank, b.field->path, b.key);
    });
    const uint32_t subId = allocate(subRules_, freeSubRules_);
    std::vector<uint32_t> path;
    uint32_t state = root();
    for (Ordered& o : order) {
      const uint32_t e = edgeFor(groupFor(state, o.path), *o.field, std::move(o.key));
      ++edges_[e].refs;
      path.push_back(e);
      state = edges_[e].target;
    }
    states_[state].subRules.push_back(subId);
    SubRuleEntry& entry = subRules_[subId];
    entry.rule = ruleId;
    entry.edges = std::move(path);
    entry.terminal = state;
    entry.live = true;
    rules_[ruleId].subRules.push_back(subId);
  }
  return ruleId;
}

void RuleIndex::remove(uint32_t ruleId) {
  ++version_;
  RuleEntry& rule = rules_[ruleId];
  for (uint32_t subId : rule.subRules) {
    SubRuleEntry& sub = subRules_[subId];
    eraseOne(states_[sub.terminal].subRules, subId);
    // Deepest first: an edge's target state is released only once nothing leaves it.
    for (auto it = sub.edges.rbegin(); it != sub.edges.rend(); ++it) {
      if (--edges_[*it].refs == 0) releaseEdge(*it);
    }
    sub = SubRuleEntry();
    freeSubRules_.push_back(subId);
  }
  rule = RuleEntry();
  freeRules_.push_back(ruleId);
}

void RuleIndex::prepare() {
  paths_.compile();
  for (uint32_t g : dirtyRanges_) {
    if (groups_[g].extras && groups_[g].extras->ranges.dirty) groups_[g].extras->ranges.build();
  }
  dirtyRanges_.clear();
}

}  // namespace ebw::match
