// The case-fold table (generated from Unicode's CaseFolding.txt by tools/gen_unicode_tables.mjs)
// against the file itself: every simple case pair (status C and S) folds to one representative,
// folding is idempotent (a letter always equals itself), length-changing folds are not applied,
// and bytes that are not UTF-8 pass unchanged. tests/js/case-folding.test.ts checks every pair
// through TestEventPattern and the Matcher.
#include "pattern/case_fold.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/utf8.h"

namespace {

using ebw::pattern::foldCodePoint;
using ebw::pattern::folded;
using ebw::pattern::hasCaseVariants;

// (code, mapping, status) of CaseFolding.txt; fails the test when the file is missing.
std::vector<std::tuple<char32_t, std::vector<char32_t>, char>> caseFolding() {
  const char* dir = std::getenv("EBW_UNICODE_DIR");
  const std::string path = std::string(dir ? dir : "/usr/share/unicode") + "/CaseFolding.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path << " is missing: install Debian's unicode-data (scripts/setup.sh)";
  std::vector<std::tuple<char32_t, std::vector<char32_t>, char>> rows;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::stringstream fields(line);
    std::string code, status, mapping;
    if (!std::getline(fields, code, ';') || !std::getline(fields, status, ';') ||
        !std::getline(fields, mapping, ';')) {
      continue;
    }
    std::vector<char32_t> to;
    std::stringstream cps(mapping);
    for (std::string cp; cps >> cp;)
      to.push_back(static_cast<char32_t>(std::stoul(cp, nullptr, 16)));
    rows.emplace_back(static_cast<char32_t>(std::stoul(code, nullptr, 16)), to,
                      status.find_first_not_of(' ') == std::string::npos
                          ? ' '
                          : status[status.find_first_not_of(' ')]);
  }
  return rows;
}

std::string utf8(char32_t cp) {
  std::string s;
  ebw::utf8::append(s, cp);
  return s;
}

TEST(CaseFold, EverySimplePairOfCaseFoldingTxt) {
  int pairs = 0;
  for (const auto& [code, to, status] : caseFolding()) {
    if (status != 'C' && status != 'S') continue;
    ASSERT_EQ(to.size(), 1u);
    ++pairs;
    EXPECT_EQ(foldCodePoint(code), foldCodePoint(to[0])) << std::hex << code;
    EXPECT_EQ(folded(utf8(code)), folded(utf8(to[0]))) << std::hex << code;
    EXPECT_TRUE(hasCaseVariants(code)) << std::hex << code;
    EXPECT_TRUE(hasCaseVariants(to[0])) << std::hex << to[0];
  }
  EXPECT_GT(pairs, 1400);  // Unicode 15: 1454
}

TEST(CaseFold, LettersEqualThemselvesAndFoldingIsStable) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const char32_t f = foldCodePoint(cp);
    ASSERT_EQ(foldCodePoint(f), f) << std::hex << cp;
  }
  // Titlecase ǅ equals ǆ and Ǆ; a Deseret capital its small letter.
  EXPECT_EQ(folded("ǅ"), folded("ǆ"));
  EXPECT_EQ(folded("ǅ"), folded("Ǆ"));
  EXPECT_EQ(folded("𐐀"), folded("𐐨"));
  // The examples: Georgian, Armenian, Cherokee, fullwidth, Latin Extended-B, tonos, final
  // sigma, micro sign, capital sharp s, dotless i, long s.
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{{"ა", "Ა"},
                                                                             {"ա", "Ա"},
                                                                             {"Ꭰ", "ꭰ"},
                                                                             {"ａ", "Ａ"},
                                                                             {"Ǆ", "ǆ"},
                                                                             {"ί", "Ί"},
                                                                             {"ς", "Σ"},
                                                                             {"µ", "Μ"},
                                                                             {"ẞ", "ß"},
                                                                             {"ı", "I"},
                                                                             {"ſ", "S"}}) {
    EXPECT_EQ(folded(a), folded(b)) << a << " " << b;
  }
}

TEST(CaseFold, LengthChangingFoldsAreNotApplied) {
  EXPECT_NE(folded("ß"), folded("SS"));
  EXPECT_NE(folded("ß"), folded("ss"));
  EXPECT_NE(folded("ﬃ"), folded("FFI"));
  EXPECT_NE(folded("İ"), folded("i\xCC\x87"));
  EXPECT_NE(folded("İ"), folded("i"));
  EXPECT_NE(folded("İ"), folded("ı"));
  EXPECT_EQ(folded("İ"), "İ");
}

TEST(CaseFold, BytesThatAreNotUtf8PassUnchanged) {
  const std::string bad =
      "A\xFF\xC3"
      "B\xED\xA0\x80Z";  // a stray byte, a cut sequence, a surrogate
  EXPECT_EQ(folded(bad),
            "a\xFF\xC3"
            "b\xED\xA0\x80z");
  EXPECT_EQ(folded("MiXeD ASCII 123"), "mixed ascii 123");
}

}  // namespace
