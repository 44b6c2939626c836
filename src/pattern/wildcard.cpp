#include "pattern/wildcard.h"

#include <algorithm>
#include <set>
#include <vector>

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

// Positions 0..n over the pattern's tokens; token i is a star or a literal byte. A set of positions
// (an NFA state set) is a sorted vector without duplicates: small (the search stops above
// kMaxLiveStates), so comparing and copying one is cheap.
using PositionSet = std::vector<int>;

struct Nfa {
  std::vector<int> tokens;  // kStar for a star, else the byte
  static constexpr int kStar = -1;
  // Stands for every byte that is not a literal at any position of the set being stepped.
  static constexpr int kOtherByte = -2;

  int size() const { return static_cast<int>(tokens.size()); }
  bool isStar(int i) const { return i < size() && tokens[i] == kStar; }

  // Adds what a star lets through without consuming a byte (star at i: i+1), then sorts.
  void close(PositionSet& s) const {
    const std::size_t direct = s.size();
    for (std::size_t k = 0; k < direct; ++k) {
      for (int i = s[k]; isStar(i); ++i) s.push_back(i + 1);
    }
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }

  // The closed set after reading byte c from `s` (kOtherByte: every such byte leads to the same
  // set, the stars, which stay put).
  PositionSet step(const PositionSet& s, int c) const {
    PositionSet t;
    for (int i : s) {
      if (i >= size()) continue;
      if (tokens[i] == kStar) {
        t.push_back(i);
      } else if (tokens[i] == c) {
        t.push_back(i + 1);
      }
    }
    if (!t.empty()) close(t);
    return t;
  }
};

// Subset construction over the reachable NFA state sets. The answer depends only on which sets are
// reachable (one with more than kMaxLiveStates positions, or more than kMaxExploredSets of them),
// not on the order of exploration. From a set, only the bytes that are literals at one of its
// positions, plus one stand-in for every other byte, lead to different sets, so each set costs at
// most kMaxLiveStates + 1 steps whatever the pattern's alphabet.
bool tooComplex(const Wildcard& w) {
  Nfa nfa;
  for (std::size_t p = 0; p < w.pieces.size(); ++p) {
    if (p > 0 || w.leadingStar) nfa.tokens.push_back(Nfa::kStar);
    for (unsigned char c : w.pieces[p]) nfa.tokens.push_back(c);
  }
  if (w.trailingStar && !w.pieces.empty()) nfa.tokens.push_back(Nfa::kStar);

  PositionSet start{0};
  nfa.close(start);
  std::set<PositionSet> seen{start};
  std::vector<PositionSet> queue{std::move(start)};
  PositionSet bytes;
  while (!queue.empty()) {
    PositionSet s = std::move(queue.back());
    queue.pop_back();
    if (s.size() > kMaxLiveStates) return true;
    bytes.assign({Nfa::kOtherByte});
    for (int i : s) {
      if (i < nfa.size() && nfa.tokens[i] != Nfa::kStar) bytes.push_back(nfa.tokens[i]);
    }
    std::sort(bytes.begin(), bytes.end());
    bytes.erase(std::unique(bytes.begin(), bytes.end()), bytes.end());
    for (int c : bytes) {
      PositionSet t = nfa.step(s, c);
      if (t.empty()) continue;
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
