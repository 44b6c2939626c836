// The compiled rules of one matcher as one automaton over field values, so that matching an event
// costs work per value the event holds and per rule that matches, not per rule.
//
// Each sub-rule (an AND of field conditions) is a path through a trie: from a state, an edge is one
// field condition (a path and its OR of match items), and it leads to the state where the
// sub-rule's next condition starts. Sub-rules whose first conditions are the same share those
// edges, so a condition that many rules name is evaluated once per event, and a rule whose first
// condition does not hold costs nothing after the one lookup that did not find it. Within a
// sub-rule the conditions are ordered most selective kind first (exact values, then
// equals-ignore-case, affixes and wildcards, numeric ranges, then anything-but, exists and cidr,
// and {"exists": false} last), then by path; this is also the canonical order that lets identical
// conditions share.
//
// The edges of one state on one path form a group. A group's items are indexed by value in the
// index-wide maps (exact strings, number texts and values, folded values, affixes by length,
// wildcards by the literal that starts them; the key is the group plus the value), in its numeric
// range index, or, for the items no lookup can find (anything-but, cidr, wildcards that start with
// a star), in a list evaluated against each value.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "match/path_trie.h"
#include "match/string_map.h"
#include "pattern/pattern.h"

namespace ebw::match {

constexpr uint32_t kNone = UINT32_MAX;

using EdgeList = std::vector<uint32_t>;
using ItemEdge = std::pair<const pattern::Item*, uint32_t>;

// What the index-wide value map is keyed by, besides the group and the value.
enum class LookupKind : uint8_t {
  Exact,         // a string's text
  NumberText,    // a number's literal text
  NumberValue,   // a number's value (the 8 bytes of the double; -0 as 0)
  Folded,        // equals-ignore-case: the folded string
  Prefix,        // the first n bytes
  Suffix,        // the last n bytes
  FoldedPrefix,  // the first n bytes of the folded string
  FoldedSuffix,  // the last n bytes of the folded string
  WildcardLead,  // the literal a wildcard starts with (matched in full on a hit)
};

// Numeric ranges of one group. Queried through the elementary regions between their bounds (each
// region lists the ranges that contain it), built on first use after a change; when the regions
// would hold too many entries (many wide overlapping ranges) the ranges are evaluated one by one.
struct RangeIndex {
  std::vector<ItemEdge> ranges;
  bool dirty = false;
  bool linear = false;
  std::vector<double> bounds;        // sorted, distinct
  std::vector<uint32_t> regionFrom;  // region r's edges: regionEdges[regionFrom[r], [r + 1])
  std::vector<uint32_t> regionEdges;

  void build();
  // Calls f(edge) for every range containing v.
  template <typename F>
  void query(double v, F&& f) const;
};

// How many items of a group have affixes (or wildcard leads) of each length, in increasing
// length: the lengths a value's affixes are looked up at.
struct AffixLengths {
  std::vector<std::pair<uint32_t, uint32_t>> counts;  // (length, items)

  void add(uint32_t length);
  void remove(uint32_t length);
  bool empty() const { return counts.empty(); }
};

// The parts of a group most groups never need.
struct GroupExtras {
  AffixLengths prefixes, suffixes, foldedPrefixes, foldedSuffixes, wildcardLeads;
  EdgeList trueEdges, falseEdges, nullEdges;
  EdgeList anyEdges;             // {"exists": true}: taken when the path has any value
  EdgeList absentEdges;          // {"exists": false} among the items: taken when it has none
  std::vector<ItemEdge> others;  // evaluated against every value (anything-but, cidr, ...)
  RangeIndex ranges;
};

// Which lookups a group needs (bits; may stay set after the last such item is removed).
enum GroupKind : uint32_t {
  kHasExact = 1u << 0,
  kHasNumberText = 1u << 1,
  kHasNumberValue = 1u << 2,
  kHasFolded = 1u << 3,
  kHasAffixes = 1u << 4,  // prefixes, suffixes (folded too), wildcard leads: see extras
  kHasLiterals = 1u << 5,
  kHasAny = 1u << 6,
  kHasAbsent = 1u << 7,
  kHasRanges = 1u << 8,
  kHasOthers = 1u << 9,
};

struct Group {
  uint32_t state = kNone;
  uint32_t path = kNone;
  uint32_t edges = 0;  // live edges leaving through it
  uint32_t kinds = 0;
  std::unique_ptr<GroupExtras> extras;

  GroupExtras& more() {
    if (!extras) extras = std::make_unique<GroupExtras>();
    return *extras;
  }
};

// One field condition between two states.
struct Edge {
  uint32_t group = kNone;   // the group it leaves through
  uint32_t target = kNone;  // the state it leads to
  uint32_t refs = 0;        // sub-rules through it; 0: free
  std::string key;          // canonical form of the condition's items, unique within the group
  // Its own copy: it outlives the rule that added it while other rules share it.
  pattern::FieldCondition condition;
};

struct State {
  std::vector<uint32_t> groups;    // the groups leaving it, one per path
  std::vector<uint32_t> subRules;  // the sub-rules that end here
};

struct SubRuleEntry {
  uint32_t rule = kNone;
  std::vector<uint32_t> edges;  // its path through the trie, from the root
  uint32_t terminal = kNone;    // the state it ends in
  bool live = false;
};

struct RuleEntry {
  std::string name;
  uint64_t sequence = 0;  // order of addition: results are reported in it
  std::unique_ptr<pattern::CompiledPattern> pattern;
  std::vector<uint32_t> subRules;
  bool live = false;
};

class RuleIndex {
 public:
  RuleIndex();

  // Adds a compiled rule; returns its id. `name` must not be present.
  uint32_t add(const std::string& name, std::unique_ptr<pattern::CompiledPattern> pattern);
  void remove(uint32_t ruleId);
  // Builds what add/remove left for later (path runs, range regions). Call before matching.
  void prepare();
  // Changes with every add and remove: per-event scratch sized for the index stays valid while it
  // does not.
  uint64_t version() const { return version_; }

  static constexpr uint32_t root() { return 0; }
  const PathTrie& paths() const { return paths_; }
  const std::vector<State>& states() const { return states_; }
  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<SubRuleEntry>& subRules() const { return subRules_; }
  const std::vector<RuleEntry>& rules() const { return rules_; }
  // The rules' sequence numbers by id, compact for sorting results.
  const std::vector<uint64_t>& sequences() const { return sequences_; }

  // The edges of `group` whose items of `kind` hold `value` (nullptr: none).
  const EdgeList* find(LookupKind kind, uint32_t group, std::string_view value) const {
    return values_.findHashed(valueHash(kind, group, value), [&](std::string_view stored) {
      return stored.size() == kKeyHead + value.size() &&
             std::memcmp(stored.data(), head(kind, group).data(), kKeyHead) == 0 &&
             std::memcmp(stored.data() + kKeyHead, value.data(), value.size()) == 0;
    });
  }
  // The value bytes of a number for LookupKind::NumberValue.
  static std::string_view numberBytes(double v, char (&buffer)[8]);

 private:
  // The value map's stored key: kind and group (kKeyHead bytes), then the value; hashed in parts.
  static constexpr std::size_t kKeyHead = 1 + sizeof(uint32_t);
  static std::array<char, kKeyHead> head(LookupKind kind, uint32_t group) {
    std::array<char, kKeyHead> h;
    h[0] = static_cast<char>(kind);
    std::memcpy(h.data() + 1, &group, sizeof group);
    return h;
  }
  static uint64_t valueHash(LookupKind kind, uint32_t group, std::string_view value) {
    const uint64_t h = hashBytes(value) ^ ((uint64_t{group} << 8 | static_cast<uint8_t>(kind)) *
                                           0x9E3779B97F4A7C15ULL);
    return h ^ (h >> 31);
  }
  std::vector<uint32_t>& valueEdges(LookupKind kind, uint32_t group, std::string_view value);
  void removeValueEdge(LookupKind kind, uint32_t group, std::string_view value, uint32_t edge);

  uint32_t groupFor(uint32_t state, uint32_t path);
  uint32_t edgeFor(uint32_t group, const pattern::FieldCondition& field, std::string key);
  void indexItem(uint32_t edge, const pattern::Item& item);
  void unindexItem(uint32_t edge, const pattern::Item& item);
  void releaseEdge(uint32_t edge);
  uint32_t newState();

  PathTrie paths_;
  std::vector<State> states_;
  std::vector<uint32_t> freeStates_;
  std::vector<Group> groups_;
  std::vector<uint32_t> freeGroups_;
  std::unordered_map<uint64_t, uint32_t> groupByStatePath_;
  std::vector<Edge> edges_;
  std::vector<uint32_t> freeEdges_;
  StringMap<uint32_t> edgeByKey_;      // group + condition key -> edge
  StringMap<EdgeList> values_;         // kind + group + value -> edges
  std::vector<uint32_t> dirtyRanges_;  // groups whose RangeIndex needs building
  std::vector<SubRuleEntry> subRules_;
  std::vector<uint32_t> freeSubRules_;
  std::vector<RuleEntry> rules_;
  std::vector<uint32_t> freeRules_;
  std::vector<uint64_t> sequences_;
  uint64_t nextSequence_ = 0;
  uint64_t version_ = 0;
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
    for (const auto& [item, edge] : ranges) {
      if (inNumericRange(item->range, v)) f(edge);
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
  for (uint32_t k = regionFrom[region]; k < regionFrom[region + 1]; ++k) f(regionEdges[k]);
}

}  // namespace ebw::match
