// Unicode data for the pattern code, generated into unicode_tables.cpp by
// tools/gen_unicode_tables.mjs (see there for what each table holds and where it comes from).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ebw::pattern::unicode {

// Code points first, first + stride, ..., last fold to themselves plus `delta`.
struct FoldRun {
  uint32_t first, last;
  int32_t delta;
  uint8_t stride;
};
extern const FoldRun kFoldRuns[];
extern const std::size_t kFoldRunCount;

// UTF-16 units first..last are Java identifier parts (kind 1) or identifier starts (kind 2, which
// are parts too).
struct IdentifierRange {
  uint16_t first, last;
  uint8_t kind;
};
extern const IdentifierRange kJavaIdentifierRanges[];
extern const std::size_t kJavaIdentifierRangeCount;

}  // namespace ebw::pattern::unicode
