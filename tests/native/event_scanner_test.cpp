// The event scanner's verdict on a text (a valid JSON object or not) against nlohmann's parser,
// on random documents with random whitespace and random one-byte damage, and the same verdict
// whether the values are recorded (a rule names their path) or skipped (none does).
#include "match/event_scanner.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "match/path_trie.h"

namespace {

using ebw::match::EventScan;
using ebw::match::PathTrie;
using ebw::match::scanEvent;

class Generator {
 public:
  // compact: no whitespace between tokens and no escapes (JSON.stringify's form, which the
  // scanner's fast paths expect); long: more members, longer strings and numbers.
  explicit Generator(uint64_t seed, bool compact = false, bool longValues = false)
      : rng_(seed), compact_(compact), long_(longValues) {}

  int below(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  std::string space() {
    static const char* kSpaces[] = {"", "", "", "", " ", "\n", "\t", "\r\n  "};
    return compact_ ? "" : kSpaces[below(8)];
  }

  std::string scalar() {
    if (long_ && below(3) == 0) {
      // A long string (spaces and braces inside) or number.
      std::string s;
      for (int n = 1 + below(90); n > 0; --n) s += "ab {}[]:,7 "[below(11)];
      if (below(2)) return "\"" + s + "\"";
      std::string digits = std::to_string(1 + below(9));
      for (int n = below(40); n > 0; --n) digits += static_cast<char>('0' + below(10));
      return (below(2) ? "-" : "") + digits + (below(2) ? "." + digits : "") +
             (below(3) ? "" : "e-" + std::to_string(below(300)));
    }
    if (compact_) {
      static const char* kPlain[] = {"0",     "-0",    "1",           "-122.39563419140163",
                                     "1e5",   "2E-3",  "0.0",         "1.5e+300",
                                     "true",  "false", "null",        "\"\"",
                                     "\"a\"", "\"é\"", "\"0002A00\"", "\"MISSION ST\""};
      return kPlain[below(16)];
    }
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
    static const char* kKeys[] = {"a",   "b",     "x",  "coordinates", "a.b",     "",
                                  "kab", "kab.c", "xy", "k",           "k\\u0061"};
    return std::string("\"") + kKeys[below(compact_ ? 10 : 11)] + "\"";
  }

  std::string value(int depth) {
    const int r = below(10);
    if (depth >= 5 || r < 4) return scalar();
    std::string s;
    const int members = long_ ? 8 : 4;
    if (r < 7) {
      s = "{" + space();
      for (int i = below(members), first = 1; i > 0; --i, first = 0) {
        s += (first ? "" : "," + space()) + key() + space() + ":" + space() + value(depth + 1) +
             space();
      }
      return s + "}";
    }
    s = "[" + space();
    for (int i = below(members), first = 1; i > 0; --i, first = 0) {
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
  bool compact_;
  bool long_;
};

// nlohmann's verdict, with exponents outside strings made small first: it rejects numbers beyond
// a double's range, which AWS's parser (and the scanner) accept. Bytes above ASCII become 'a'
// first: the scanner takes string content as bytes (events arrive as valid UTF-8), nlohmann
// checks UTF-8.
bool reference(std::string text) {
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) text[i] = 'a';
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

// Scans `documents` generated documents (every other one damaged) with no path named and with
// `named`, and compares both verdicts with the JSON parser's; stops after ten disagreements.
// Returns how many documents the parser found valid.
int agreeWithParser(Generator& g, int documents, const PathTrie& named) {
  const PathTrie none;
  EventScan scan;
  int valid = 0, failures = 0;
  for (int i = 0; i < documents && failures < 10; ++i) {
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
  return valid;
}

TEST(EventScanner, AgreesWithAJsonParserRecordedOrSkipped) {
  PathTrie named;
  for (const char* p : {"a", "b", "x", "a.b", "a.x", "b.a", "coordinates.x", "", "a.a.a", "ka"}) {
    named.add(p);
  }
  Generator g(7);
  EXPECT_GT(agreeWithParser(g, 60000, named), 30000);  // both kinds are well represented
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

// Long compact documents (no whitespace; long strings and numbers, across the scanner's
// eight-byte steps), damaged or not, values recorded or skipped.
TEST(EventScanner, AgreesWithAJsonParserOnLongCompactDocuments) {
  PathTrie named;
  for (const char* p : {"a", "b.x", "coordinates.x", "kab"}) named.add(p);
  Generator g(23, true, true);
  agreeWithParser(g, 8000, named);
}

// Numbers and literals, valid and not, wherever an eight-byte step or a sixteen-byte half of the
// scanner's digit mask ends.
TEST(EventScanner, NumberGrammarWhereverAStepEnds) {
  const std::vector<std::string> valid = {
      "0",       "-0",
      "7",       "-7",
      "10",      "0.5",
      "-0.5",    "12.25",
      "1e5",     "1E5",
      "1e+5",    "1e-5",
      "0e0",     "1e05",
      "1.5e10",  "true",
      "null",    "false",
      "-1.0E-0", "123456789012345678901234567890.123456789012345678901234567890e-12",
      "-122.39563419140163", "37.717221290356406", "1234567890123456789012345678901",
      "0.12345678901234567890123456789", "-1234567890123456789012345678901.5"};
  const std::vector<std::string> invalid = {"-",     "+1",
                                            ".5",    "1.",
                                            "01",    "-01",
                                            "00",    "1e",
                                            "1e+",   "1E-",
                                            "1.e5",  "1..5",
                                            "1e5.5", "1-2",
                                            "1+2",   "0x1",
                                            "--1",   "tru",
                                            "nul",   "truex",
                                            "true1", "t",
                                            "e5",    "-e5",
                                            "2e+-3", "123456789012345678x",
                                            "-122.3956341914016.3", "0123456789012345678901234567890",
                                            "1.1234567890123456789012345678901x", "-.1234567890"};
  PathTrie none;
  PathTrie named;
  named.add("a");
  EventScan scan;
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string filler(pad, 'x');
    for (const auto& [list, want] :
         {std::make_pair(&valid, true), std::make_pair(&invalid, false)}) {
      for (const std::string& n : *list) {
        // At the end of the text, and with 40 bytes after it (where the scanner reads a number
        // from a 32-byte digit mask).
        const std::string tail = ",\"z\":\"" + std::string(40, 'y') + "\"}";
        for (const std::string& text :
             {"{\"" + filler + "\":[" + n + "]}", "{\"a\":\"" + filler + "\",\"b\":" + n + "}",
              "{\"a\":[\"" + filler + "\"," + n + "]}", "{\"" + filler + "\":[" + n + "]" + tail,
              "{\"b\":\"" + filler + "\",\"a\":" + n + tail}) {
          EXPECT_EQ(scanEvent(text, none, 10, scan), want) << text;
          EXPECT_EQ(scanEvent(text, named, 10, scan), want) << text;
        }
        // Recorded, the number's text is exactly its spelling.
        const std::string text = "{\"b\":\"" + filler + "\",\"a\":" + n + tail;
        if (want && scanEvent(text, named, 10, scan)) {
          ASSERT_EQ(scan.leaves.size(), 1u) << text;
          EXPECT_EQ(scan.text(scan.leaves[0]), n) << text;
        }
      }
    }
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
