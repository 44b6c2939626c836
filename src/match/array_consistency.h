// Array consistency, as AWS's engine applies it: the fields of one rule (one $or alternative) must
// be satisfied by values that sit in the same element of every array they share; values from
// different elements of one array never combine. Used by the matcher and by the explanations
// (explain.*), so that both decide it the same way. Header-only: it is compiled into each user
// with that file's flags (the matcher's evaluation is built without exceptions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "match/event_scanner.h"

namespace ebw::match {

// Whether leaves `a` and `b` of `scan` can satisfy two fields of one rule together: false when
// they sit in different elements of the same array.
inline bool leavesCompatible(const EventScan& scan, uint32_t a, uint32_t b) {
  const Leaf& x = scan.leaves[a];
  const Leaf& y = scan.leaves[b];
  for (uint32_t i = x.arraysBegin; i < x.arraysEnd; ++i) {
    for (uint32_t j = y.arraysBegin; j < y.arraysEnd; ++j) {
      const ArrayPosition& pa = scan.positions[i];
      const ArrayPosition& pb = scan.positions[j];
      if (pa.array == pb.array && pa.index != pb.index) return false;
    }
  }
  return true;
}

namespace detail {

inline bool fitsAll(const EventScan& scan, uint32_t leaf, const std::vector<uint32_t>& chosen) {
  for (uint32_t picked : chosen) {
    if (!leavesCompatible(scan, leaf, picked)) return false;
  }
  return true;
}

}  // namespace detail

// Chooses one leaf from each of candidates[0, count) such that every two chosen leaves are
// compatible; on success `chosen` holds them in that order. Depth-first with forward checking
// (every later list must keep a candidate that agrees with the choices so far), which cuts a dead
// branch at its first choice: an event built to defeat the search (many elements per array) costs
// work linear in its size instead of the product of the candidate counts.
inline bool chooseConsistent(const EventScan& scan,
                             const std::vector<std::vector<uint32_t>>& candidates,
                             std::size_t count, std::vector<uint32_t>& chosen) {
  const std::size_t field = chosen.size();
  if (field == count) return true;
  for (uint32_t leaf : candidates[field]) {
    if (!detail::fitsAll(scan, leaf, chosen)) continue;
    chosen.push_back(leaf);
    bool ok = true;
    for (std::size_t later = field + 1; later < count && ok; ++later) {
      bool any = false;
      for (uint32_t c : candidates[later]) {
        if (detail::fitsAll(scan, c, chosen)) {
          any = true;
          break;
        }
      }
      ok = any;
    }
    if (ok && chooseConsistent(scan, candidates, count, chosen)) return true;
    chosen.pop_back();
  }
  return false;
}

}  // namespace ebw::match
