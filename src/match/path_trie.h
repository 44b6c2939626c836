// The field paths that rules name, as a byte trie over "key.key.key". The event scanner walks it
// while reading keys, so a key that no rule names is recognised after its first unknown byte and
// its whole value is skipped without being recorded. Dotted keys need no special case: the event
// key "a.b" and the nested keys "a", "b" walk the same bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ebw::match {

constexpr uint32_t kNoNode = UINT32_MAX;
constexpr uint32_t kNoPath = UINT32_MAX;

class PathTrie {
 public:
  PathTrie() { nodes_.emplace_back(); }

  // Returns the id of `path`, adding it if new. Ids are dense and stable.
  uint32_t add(std::string_view path);
  // Id of `path`, or kNoPath.
  uint32_t find(std::string_view path) const;
  uint32_t pathCount() const { return pathCount_; }

  static constexpr uint32_t root() { return 0; }
  uint32_t step(uint32_t node, unsigned char byte) const {
    for (const auto& [b, child] : nodes_[node].children) {
      if (b == byte) return child;
    }
    return kNoNode;
  }
  uint32_t pathAt(uint32_t node) const { return nodes_[node].path; }

  // Builds the runs walk() uses (until then, and after any add(), walk() steps byte by byte).
  void compile();
  // step() over every byte of `bytes`, a run of single-child nodes at a time (one memcmp for
  // "MAPBLKLOT" instead of nine steps). kNoNode as soon as no path continues.
  uint32_t walk(uint32_t node, const char* bytes, std::size_t n) const {
    std::size_t i = 0;
    while (i < n && node != kNoNode) {
      const Node& nd = nodes_[node];
      if (nd.runLength == 0 || !compiled_) {
        node = step(node, static_cast<unsigned char>(bytes[i++]));
        continue;
      }
      // The run's nodes were created one after another: the one k bytes in is firstChild + k - 1.
      const std::size_t m = std::min<std::size_t>(nd.runLength, n - i);
      if (std::memcmp(runBytes_.data() + nd.runStart, bytes + i, m) != 0) return kNoNode;
      node = nd.children[0].second + static_cast<uint32_t>(m) - 1;
      i += m;
    }
    return node;
  }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> children;
    uint32_t path = kNoPath;
    // A chain of nodes with one child each and no path, from this node's single child on: its
    // bytes are runBytes_[runStart, runStart + runLength). 0: step byte by byte.
    uint32_t runStart = 0;
    uint32_t runLength = 0;
  };
  std::vector<Node> nodes_;
  std::string runBytes_;
  bool compiled_ = false;
  uint32_t pathCount_ = 0;
};

}  // namespace ebw::match
