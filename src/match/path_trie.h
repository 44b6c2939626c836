// The field paths that rules name, as a byte trie over "key.key.key". The event scanner walks it
// while reading keys, so a key that no rule names is recognised after its first unknown byte and
// its whole value is skipped without being recorded. Dotted keys need no special case: the event
// key "a.b" and the nested keys "a", "b" walk the same bytes.
#pragma once

#include <cstdint>
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

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> children;
    uint32_t path = kNoPath;
  };
  std::vector<Node> nodes_;
  uint32_t pathCount_ = 0;
};

}  // namespace ebw::match
