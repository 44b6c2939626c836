// One pass over an event's JSON bytes: validates the whole text, and records the leaf values
// (strings, numbers, true, false, null) found at paths that some rule names, with the array
// elements each leaf sits in. A value under a key no rule names is validated by a loop of its own
// (no recursion, no path tracking, eight bytes at a time through strings and digit runs) and not
// recorded; nothing is allocated per event once the buffers have grown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/path_trie.h"

namespace ebw::match {

enum class ValueType : uint8_t { String, Number, True, False, Null };

struct Leaf {
  uint32_t path;
  ValueType type;
  bool unescaped;        // text lives in EventScan::unescaped (the raw string had escapes)
  uint32_t textBegin;    // offset into the event (or into `unescaped`)
  uint32_t textLength;   // string content without quotes; number/literal spelling
  uint32_t arraysBegin;  // this leaf's array positions: EventScan::positions[begin, end)
  uint32_t arraysEnd;
};

// Which element of which array (arrays numbered in the order the scan meets them).
struct ArrayPosition {
  uint32_t array;
  uint32_t index;
};

struct EventScan {
  std::vector<Leaf> leaves;
  std::vector<ArrayPosition> positions;
  std::string unescaped;
  std::string_view event;
  // Scratch kept across events so that scanning allocates nothing once these have grown.
  std::vector<ArrayPosition> arrays;     // the array elements the scan is inside (named paths)
  std::vector<uint64_t> containerKinds;  // skipped containers, a bit each: object or array
  std::string key;                       // an escaped key, unescaped

  std::string_view text(const Leaf& leaf) const {
    return leaf.unescaped ? std::string_view(unescaped).substr(leaf.textBegin, leaf.textLength)
                          : event.substr(leaf.textBegin, leaf.textLength);
  }
};

// Scans `event`, which must be a JSON object nested at most `maxDepth` deep. Returns false when it
// is not (malformed JSON, another top-level type, trailing text, too deep).
bool scanEvent(std::string_view event, const PathTrie& paths, int maxDepth, EventScan& out);

}  // namespace ebw::match
