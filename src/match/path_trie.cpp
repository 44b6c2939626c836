#include "match/path_trie.h"

namespace ebw::match {

uint32_t PathTrie::add(std::string_view path) {
  uint32_t node = root();
  for (unsigned char c : path) {
    uint32_t next = step(node, c);
    if (next == kNoNode) {
      next = static_cast<uint32_t>(nodes_.size());
      nodes_[node].children.emplace_back(c, next);
      nodes_.emplace_back();
      compiled_ = false;
    }
    node = next;
  }
  if (nodes_[node].path == kNoPath) nodes_[node].path = pathCount_++;
  return nodes_[node].path;
}

void PathTrie::compile() {
  if (compiled_) return;
  compiled_ = true;
  runBytes_.clear();
  for (Node& nd : nodes_) {
    nd.runStart = static_cast<uint32_t>(runBytes_.size());
    nd.runLength = 0;
    if (nd.children.size() != 1) continue;
    // Follow single children while they are consecutive nodes (always so within one add()).
    uint32_t expected = nd.children[0].second;
    const Node* at = &nd;
    while (at->children.size() == 1 && at->children[0].second == expected) {
      runBytes_ += static_cast<char>(at->children[0].first);
      ++nd.runLength;
      at = &nodes_[expected];
      ++expected;
      if (at->path != kNoPath) break;  // a path ends here: the run stops at its node
    }
  }
}

uint32_t PathTrie::find(std::string_view path) const {
  uint32_t node = root();
  for (unsigned char c : path) {
    node = step(node, c);
    if (node == kNoNode) return kNoPath;
  }
  return nodes_[node].path;
}

}  // namespace ebw::match
