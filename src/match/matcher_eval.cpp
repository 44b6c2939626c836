// Matching an event against every rule of a matcher in one scan: the scan records the values at
// the paths rules name, then the automaton (rule_index.h) is walked from its root: at each state
// reached, each group looks up the values at its path and the edges they satisfy lead to further
// states; a state where sub-rules end reports their rules. Each state is visited at most once per
// event, so conditions that many rules share are evaluated once.
//
// The walk decides each field on its own. A sub-rule whose values come from array elements must
// also find one value per field such that all of them sit in the same element of every array they
// share, as AWS's engine requires (fields from different elements of one array never combine):
// that is checked for the sub-rules that end in a reached state (array_consistency.h).
//
// Nothing here throws (see matcher_impl.h).
#include <algorithm>

#include "common/limits.h"
#include "match/array_consistency.h"
#include "match/matcher.h"
#include "match/matcher_impl.h"

namespace ebw {

using match::Edge;
using match::EdgeList;
using match::Group;
using match::GroupExtras;
using match::Leaf;
using match::LeafValue;
using match::LookupKind;
using match::ValueType;

namespace {
constexpr uint32_t kNoLeaf = UINT32_MAX;
}  // namespace

void MatcherImpl::beginEvent() {
  if (++epoch_ == 0) {  // wrapped: forget every stamp
    for (auto* v : {&stateEpoch_, &ruleEpoch_, &pathEpoch_, &pathArrayEpoch_}) {
      std::fill(v->begin(), v->end(), 0);
    }
    epoch_ = 1;
  }
  if (sizedFor_ != index.version()) {
    sizedFor_ = index.version();
    const uint32_t paths = index.paths().pathCount();
    stateEpoch_.resize(index.states().size(), 0);
    ruleEpoch_.resize(index.rules().size(), 0);
    pathEpoch_.resize(paths, 0);
    pathArrayEpoch_.resize(paths, 0);
    pathFirst_.resize(paths, kNoLeaf);
  }
  const std::size_t leaves = scan_.leaves.size();
  leafNext_.resize(leaves);
  if (leafValues_.size() < leaves) leafValues_.resize(leaves);
  for (uint32_t i = 0; i < leaves; ++i) {
    const Leaf& leaf = scan_.leaves[i];
    leafNext_[i] = pathEpoch_[leaf.path] == epoch_ ? pathFirst_[leaf.path] : kNoLeaf;
    pathFirst_[leaf.path] = i;
    pathEpoch_[leaf.path] = epoch_;
    if (leaf.arraysBegin != leaf.arraysEnd) pathArrayEpoch_[leaf.path] = epoch_;
    leafValues_[i].reset(leaf.type, scan_.text(leaf));
  }
  work_.clear();
  // Array elements matter only when some value sits in an array.
  arraysInvolved_ = !scan_.positions.empty();
}

void MatcherImpl::reachAll(const EdgeList* edges) {
  if (!edges) return;
  const auto& all = index.edges();
  for (uint32_t e : *edges) reach(all[e].target);
}

void MatcherImpl::affixes(uint32_t group, const match::AffixLengths& lengths, LookupKind kind,
                          std::string_view text, bool prefix) {
  for (const auto& [length, count] : lengths.counts) {
    if (length > text.size()) break;
    const std::string_view affix =
        prefix ? text.substr(0, length) : text.substr(text.size() - length);
    reachAll(index.find(kind, group, affix));
  }
}

void MatcherImpl::wildcards(uint32_t group, const match::AffixLengths& leads,
                            std::string_view text) {
  const auto& all = index.edges();
  for (const auto& [length, count] : leads.counts) {
    if (length > text.size()) break;
    const EdgeList* list = index.find(LookupKind::WildcardLead, group, text.substr(0, length));
    if (!list) continue;
    for (uint32_t e : *list) {
      const Edge& edge = all[e];
      if (stateEpoch_[edge.target] == epoch_) continue;
      for (const pattern::Item& item : edge.condition.items) {
        if (item.kind == pattern::ItemKind::Wildcard &&
            pattern::wildcardMatches(item.wildcards[0], text)) {
          reach(edge.target);
          break;
        }
      }
    }
  }
}

void MatcherImpl::lookup(uint32_t g, uint32_t leafIndex) {
  const Group& group = index.groups()[g];
  const uint32_t kinds = group.kinds;
  LeafValue& value = leafValues_[leafIndex];
  switch (value.type()) {
    case ValueType::String: {
      const std::string_view text = value.text();
      if (kinds & match::kHasExact) reachAll(index.find(LookupKind::Exact, g, text));
      if (kinds & match::kHasFolded) {
        reachAll(index.find(LookupKind::Folded, g, value.folded()));
      }
      if (kinds & match::kHasAffixes) {
        const GroupExtras& x = *group.extras;
        if (!x.prefixes.empty()) affixes(g, x.prefixes, LookupKind::Prefix, text, true);
        if (!x.suffixes.empty()) affixes(g, x.suffixes, LookupKind::Suffix, text, false);
        if (!x.foldedPrefixes.empty()) {
          affixes(g, x.foldedPrefixes, LookupKind::FoldedPrefix, value.folded(), true);
        }
        if (!x.foldedSuffixes.empty()) {
          affixes(g, x.foldedSuffixes, LookupKind::FoldedSuffix, value.folded(), false);
        }
        if (!x.wildcardLeads.empty()) wildcards(g, x.wildcardLeads, text);
      }
      break;
    }
    case ValueType::Number: {
      if (kinds & match::kHasNumberText) {
        reachAll(index.find(LookupKind::NumberText, g, value.text()));
      }
      double v;
      if ((kinds & (match::kHasNumberValue | match::kHasRanges)) && value.number(v)) {
        if (kinds & match::kHasNumberValue) {
          char bytes[8];
          reachAll(index.find(LookupKind::NumberValue, g, match::RuleIndex::numberBytes(v, bytes)));
        }
        if (kinds & match::kHasRanges) {
          const auto& all = index.edges();
          group.extras->ranges.query(v, [&](uint32_t e) { reach(all[e].target); });
        }
      }
      break;
    }
    case ValueType::True:
      if (kinds & match::kHasLiterals) reachAll(&group.extras->trueEdges);
      break;
    case ValueType::False:
      if (kinds & match::kHasLiterals) reachAll(&group.extras->falseEdges);
      break;
    case ValueType::Null:
      if (kinds & match::kHasLiterals) reachAll(&group.extras->nullEdges);
      break;
  }
  if (kinds & match::kHasOthers) {
    const auto& all = index.edges();
    for (const auto& [item, e] : group.extras->others) {
      const uint32_t target = all[e].target;
      if (stateEpoch_[target] == epoch_) continue;  // already reached
      if (match::itemMatches(*item, value)) reach(target);
    }
  }
}

void MatcherImpl::visit(uint32_t state, std::vector<uint32_t>& matched) {
  const match::State& s = index.states()[state];
  for (uint32_t subId : s.subRules) accept(subId, matched);
  for (uint32_t g : s.groups) {
    const Group& group = index.groups()[g];
    if (pathEpoch_[group.path] != epoch_) {
      // No value at the path: only {"exists": false} holds.
      if (group.kinds & match::kHasAbsent) reachAll(&group.extras->absentEdges);
      continue;
    }
    if (group.kinds & match::kHasAny) reachAll(&group.extras->anyEdges);
    for (uint32_t leaf = pathFirst_[group.path]; leaf != kNoLeaf; leaf = leafNext_[leaf]) {
      lookup(g, leaf);
    }
  }
}

bool MatcherImpl::consistent(const match::SubRuleEntry& sub) {
  const auto& edges = index.edges();
  const auto& groups = index.groups();
  // Array elements can only disagree between two fields whose values both come from arrays.
  std::size_t inArrays = 0;
  for (uint32_t e : sub.edges) inArrays += pathArrayEpoch_[groups[edges[e].group].path] == epoch_;
  if (inArrays < 2) return true;
  std::size_t count = 0;
  for (uint32_t e : sub.edges) {
    const uint32_t path = groups[edges[e].group].path;
    if (pathEpoch_[path] != epoch_) continue;  // satisfied by absence: no value to agree with
    if (candidates_.size() <= count) candidates_.emplace_back();
    std::vector<uint32_t>& list = candidates_[count++];
    list.clear();  // keeps its capacity across events
    for (uint32_t leaf = pathFirst_[path]; leaf != kNoLeaf; leaf = leafNext_[leaf]) {
      for (const pattern::Item& item : edges[e].condition.items) {
        if (match::itemMatches(item, leafValues_[leaf])) {
          list.push_back(leaf);
          break;
        }
      }
    }
  }
  chosen_.clear();
  return match::chooseConsistent(scan_, candidates_, count, chosen_);
}

void MatcherImpl::accept(uint32_t subId, std::vector<uint32_t>& matched) {
  const match::SubRuleEntry& sub = index.subRules()[subId];
  if (ruleEpoch_[sub.rule] == epoch_) return;
  if (arraysInvolved_ && !consistent(sub)) return;
  ruleEpoch_[sub.rule] = epoch_;
  matched.push_back(sub.rule);
}

bool MatcherImpl::evaluate(std::string_view event, std::vector<uint32_t>& matched) {
  matched.clear();
  index.prepare();
  if (!match::scanEvent(event, index.paths(), kMaxJsonDepth, scan_)) return false;
  beginEvent();
  reach(match::RuleIndex::root());
  for (std::size_t k = 0; k < work_.size(); ++k) visit(work_[k], matched);
  if (matched.size() > 1) {
    const auto& sequence = index.sequences();
    std::sort(matched.begin(), matched.end(),
              [&](uint32_t a, uint32_t b) { return sequence[a] < sequence[b]; });
  }
  return true;
}

bool Matcher::matchIdsInto(std::string_view eventJson, std::vector<uint32_t>& ids) const {
  if (impl_->evaluate(eventJson, ids)) return true;
  ids.clear();
  return false;
}

}  // namespace ebw
