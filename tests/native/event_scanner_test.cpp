// The event scanner's verdict on a text (a valid JSON object or not) against nlohmann's parser,
// on random documents with random whitespace and random one-byte damage, and the same verdict
// whether the values are recorded (a rule names their path) or skipped (none does).
#include "match/event_scanner.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "common/json.h"
#include "match/path_trie.h"

namespace {

using ebw::match::EventScan;
using ebw::match::PathTrie;
using ebw::match::scanEvent;

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int below(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  std::string space() {
    static const char* kSpaces[] = {"", "", "", "", " ", "\n", "\t", "\r\n  "};
    return kSpaces[below(8)];
  }

  std::string scalar() {
    static const char* kScalars[] = {"0",
                                     "-0",
                                     "1",
                                     "-122.39563419140163",
                                     "37.717221290356406",
                                     "1e5",
                                     "2E-3",
                                     "0.0",
                                     "1.5e+300",
                                     "true",
                                     "false",
                                     "null",
                                     "\"\"",
                                     "\"a\"",
                                     "\"x\\\"y\"",
                                     "\"\\u00e9\\n\"",
                                     "\"0002A00\"",
                                     "\"MISSION ST\""};
    return kScalars[below(18)];
  }

  std::string key() {
    static const char* kKeys[] = {"a",        "b",   "x",     "coordinates", "a.b", "",
                                  "k\\u0061", "kab", "kab.c", "xy",          "k"};
    return std::string("\"") + kKeys[below(11)] + "\"";
  }

  std::string value(int depth) {
    const int r = below(10);
    if (depth >= 5 || r < 4) return scalar();
    std::string s;
    if (r < 7) {
      s = "{" + space();
      for (int i = below(4), first = 1; i > 0; --i, first = 0) {
        s += (first ? "" : "," + space()) + key() + space() + ":" + space() + value(depth + 1) +
             space();
      }
      return s + "}";
    }
    s = "[" + space();
    for (int i = below(4), first = 1; i > 0; --i, first = 0) {
      s += (first ? "" : "," + space()) + value(depth + 1) + space();
    }
    return s + "]";
  }

  std::string document() {
    std::string s = space() + "{" + space();
    for (int i = below(5), first = 1; i > 0; --i, first = 0) {
      s += (first ? "" : "," + space()) + key() + space() + ":" + space() + value(1) + space();
    }
    return s + "}" + space();
  }

  // One byte replaced, inserted or removed.
  std::string damage(std::string s) {
    static const char kBytes[] = "{}[],:\"\\ -.e0123456789tfnulx\x01\x7f";
    const std::size_t at = static_cast<std::size_t>(below(static_cast<int>(s.size()) + 1));
    const char b = kBytes[below(sizeof kBytes - 1)];
    switch (below(3)) {
      case 0:
        if (at < s.size()) s[at] = b;
        break;
      case 1:
        s.insert(at, 1, b);
        break;
      default:
        if (at < s.size()) s.erase(at, 1);
    }
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

// nlohmann's verdict, with exponents outside strings made small first: it rejects numbers beyond
// a double's range, which AWS's parser (and the scanner) accept.
bool reference(std::string text) {
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') inString = true;
    if (c != 'e' && c != 'E') continue;
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    std::size_t k = j;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    if (k > j) text.replace(j, k - j, "1");
  }
  ebw::Json j = ebw::Json::parse(text, nullptr, false);
  return !j.is_discarded() && j.is_object();
}

TEST(EventScanner, AgreesWithAJsonParserRecordedOrSkipped) {
  PathTrie none;
  PathTrie named;
  for (const char* p : {"a", "b", "x", "a.b", "a.x", "b.a", "coordinates.x", "", "a.a.a", "ka"}) {
    named.add(p);
  }
  EventScan scan;
  Generator g(7);
  int valid = 0, failures = 0;
  for (int i = 0; i < 60000 && failures < 10; ++i) {
    std::string text = g.document();
    if (i % 2) text = g.damage(text);
    const bool want = reference(text);
    const bool skipped = scanEvent(text, none, 1000, scan);
    const bool recorded = scanEvent(text, named, 1000, scan);
    valid += want;
    if (i % 2 == 0 && !want) ADD_FAILURE() << "an undamaged document is invalid: " << text;
    if (skipped != want || recorded != want) {
      ADD_FAILURE() << "text: " << text << "\nparser " << want << ", skipped " << skipped
                    << ", recorded " << recorded;
      ++failures;
    }
  }
  EXPECT_GT(valid, 30000);  // both kinds are well represented
}

TEST(EventScanner, TruncationAtEveryByteIsInvalid) {
  PathTrie none;
  PathTrie named;
  named.add("a.b");
  EventScan scan;
  const std::string text =
      R"({"a":{"b":["x\"y",-1.5e3,true,null,{"c":[]}],"c":"\u00e9"},"d":[0.0,{"e":false}]})";
  ASSERT_TRUE(scanEvent(text, none, 1000, scan));
  ASSERT_TRUE(scanEvent(text, named, 1000, scan));
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(scanEvent(std::string_view(text).substr(0, n), none, 1000, scan)) << n;
    EXPECT_FALSE(scanEvent(std::string_view(text).substr(0, n), named, 1000, scan)) << n;
  }
}

}  // namespace

// PathTrie::walk (runs of single-child nodes compared at once, after compile()) records exactly
// the leaves that byte-by-byte stepping records, dotted keys and keys that stop inside a run
// included.
TEST(EventScanner, CompiledTrieRecordsTheSameLeaves) {
  PathTrie stepped;
  PathTrie compiled;
  for (const char* p : {"a", "a.b", "x", "coordinates.x", "coordinates.xy.z", "b.a", "a.a.a", "ka",
                        "kab.c", "k.b"}) {
    EXPECT_EQ(stepped.add(p), compiled.add(p));
  }
  compiled.compile();
  EventScan one;
  EventScan two;
  Generator g(11);
  std::size_t recorded = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = g.document();
    ASSERT_EQ(scanEvent(text, stepped, 1000, one), scanEvent(text, compiled, 1000, two)) << text;
    ASSERT_EQ(one.leaves.size(), two.leaves.size()) << text;
    recorded += one.leaves.size();
    for (std::size_t k = 0; k < one.leaves.size(); ++k) {
      EXPECT_EQ(one.leaves[k].path, two.leaves[k].path) << text;
      EXPECT_EQ(one.text(one.leaves[k]), two.text(two.leaves[k])) << text;
    }
  }
  EXPECT_GT(recorded, 10000u);
  // A path added after compile() is found too (walk falls back until the next compile()).
  compiled.add("coordinates.y");
  ASSERT_TRUE(scanEvent(R"({"coordinates":{"y":1}})", compiled, 1000, two));
  ASSERT_EQ(two.leaves.size(), 1u);
  compiled.compile();
  ASSERT_TRUE(scanEvent(R"({"coordinates":{"y":1,"xy":{"z":2}}})", compiled, 1000, two));
  EXPECT_EQ(two.leaves.size(), 2u);
}
