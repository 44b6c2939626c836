#include "pattern/wildcard.h"

#include <algorithm>
#include <set>

namespace ebw::pattern {

namespace {

constexpr const char* kTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";

// AWS's engine rejects a wildcard when too many of its prefixes can match one input at the same
// time (the most NFA states an input can keep alive). The threshold is not published; AWS rejected
// `*:*:*:*:*:event-bus/*` (13 live states by this count) and accepted
// `/Users/*/dir/dir/dir/dir/dir/doc.txt` (8). We reject above 10 (an approximation, documented in
// the README). Exploration is capped so that evaluating a hostile pattern stays cheap.
constexpr std::size_t kMaxLiveStates = 10;
constexpr std::size_t kMaxExploredSets = 4096;

// Positions 0..n over the pattern's tokens; token i is a star or a literal byte.
struct Nfa {
  std::vector<int> tokens;  // -1 for a star, else the byte
  std::set<int> closure(std::set<int> s) const {
    std::vector<int> stack(s.begin(), s.end());
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      if (i < static_cast<int>(tokens.size()) && tokens[i] == -1 && s.insert(i + 1).second) {
        stack.push_back(i + 1);
      }
    }
    return s;
  }
};

bool tooComplex(const Wildcard& w) {
  Nfa nfa;
  std::set<int> alphabet{256};  // 256 stands for "any other byte"
  for (std::size_t p = 0; p < w.pieces.size(); ++p) {
    if (p > 0 || w.leadingStar) nfa.tokens.push_back(-1);
    for (unsigned char c : w.pieces[p]) {
      nfa.tokens.push_back(c);
      alphabet.insert(c);
    }
  }
  if (w.trailingStar && !w.pieces.empty()) nfa.tokens.push_back(-1);
  const int n = static_cast<int>(nfa.tokens.size());
  std::set<std::set<int>> seen;
  std::vector<std::set<int>> queue{nfa.closure({0})};
  seen.insert(queue.back());
  while (!queue.empty()) {
    std::set<int> s = std::move(queue.back());
    queue.pop_back();
    if (s.size() > kMaxLiveStates) return true;
    for (int c : alphabet) {
      std::set<int> t;
      for (int i : s) {
        if (i >= n) continue;
        if (nfa.tokens[i] == -1) {
          t.insert(i);
        } else if (nfa.tokens[i] == c) {
          t.insert(i + 1);
        }
      }
      if (t.empty()) continue;
      t = nfa.closure(std::move(t));
      if (seen.insert(t).second) {
        if (seen.size() > kMaxExploredSets) return true;
        queue.push_back(std::move(t));
      }
    }
  }
  return false;
}

}  // namespace

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
  if (tooComplex(out)) {
    reason = kTooComplex;
    return false;
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
