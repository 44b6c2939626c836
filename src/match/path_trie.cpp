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
    }
    node = next;
  }
  if (nodes_[node].path == kNoPath) nodes_[node].path = pathCount_++;
  return nodes_[node].path;
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
