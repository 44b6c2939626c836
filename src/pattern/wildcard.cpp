#include "pattern/wildcard.h"

namespace ebw::pattern {

bool parseWildcard(std::string_view text, Wildcard& out, std::string& reason) {
  out = Wildcard{};
  std::string piece;
  bool lastWasStar = false;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // Positions are reported as AWS does: 0-based in the value with a quote prepended.
    if (c == '\\') {
      if (i + 1 < text.size() && (text[i + 1] == '*' || text[i + 1] == '\\')) {
        piece += text[++i];
        lastWasStar = false;
        any = true;
        continue;
      }
      reason = "Invalid escape character at pos " + std::to_string(i + 1);
      return false;
    }
    if (c == '*') {
      if (lastWasStar) {
        reason = "Consecutive wildcard characters at pos " + std::to_string(i);
        return false;
      }
      if (!any) {
        out.leadingStar = true;
      } else {
        out.pieces.push_back(piece);
      }
      piece.clear();
      lastWasStar = true;
      any = true;
      continue;
    }
    piece += c;
    lastWasStar = false;
    any = true;
  }
  if (lastWasStar) {
    out.trailingStar = true;
    if (out.leadingStar && out.pieces.empty()) out.pieces.push_back("");  // "*" alone
  } else {
    out.pieces.push_back(piece);
  }
  return true;
}

bool wildcardMatches(const Wildcard& w, std::string_view value) {
  const auto& p = w.pieces;
  if (p.empty()) return value.empty();
  std::size_t first = 0, last = p.size();
  std::size_t begin = 0, end = value.size();
  if (!w.leadingStar) {
    if (value.substr(0, p[0].size()) != p[0]) return false;
    begin = p[0].size();
    first = 1;
    if (p.size() == 1 && !w.trailingStar) return value.size() == p[0].size();
  }
  if (!w.trailingStar && last > first) {
    const std::string& tail = p[last - 1];
    if (end - begin < tail.size() || value.substr(end - tail.size()) != tail) return false;
    end -= tail.size();
    --last;
  }
  // The middle pieces, each surrounded by stars: leftmost placement is always safe.
  for (std::size_t i = first; i < last; ++i) {
    if (p[i].empty()) continue;
    std::size_t at = value.substr(0, end).find(p[i], begin);
    if (at == std::string_view::npos) return false;
    begin = at + p[i].size();
  }
  return begin <= end;
}

}  // namespace ebw::pattern
