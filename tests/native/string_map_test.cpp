// StringMap (the matcher index's hash map) against std::unordered_map under random inserts and
// erases, with small key alphabets so that probe runs collide, wrap and shift on erase.
#include "match/string_map.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace {

using ebw::match::StringMap;

TEST(StringMap, AgreesWithUnorderedMap) {
  std::mt19937 rng(99);
  for (int round = 0; round < 20; ++round) {
    StringMap<int> map;
    std::unordered_map<std::string, int> want;
    const int keySpace = 10 + round * 40;
    for (int op = 0; op < 20000; ++op) {
      std::string key = std::to_string(rng() % keySpace);
      if (rng() % 3 == 0) key += std::string(rng() % 20, 'k');  // longer than eight bytes
      if (rng() % 3 == 0) {
        map.erase(key);
        want.erase(key);
      } else {
        const int v = static_cast<int>(rng());
        map[key] = v;
        want[key] = v;
      }
      if (op % 97 == 0) {
        ASSERT_EQ(map.size(), want.size());
        for (const auto& [k, v] : want) {
          const int* got = map.find(k);
          ASSERT_NE(got, nullptr) << k;
          ASSERT_EQ(*got, v) << k;
        }
        std::size_t seen = 0;
        map.forEach([&](std::string_view k, int v) {
          ++seen;
          auto it = want.find(std::string(k));
          ASSERT_NE(it, want.end());
          EXPECT_EQ(it->second, v);
        });
        EXPECT_EQ(seen, want.size());
      }
      EXPECT_EQ(map.find("absent-key") == nullptr, want.count("absent-key") == 0);
    }
  }
}

TEST(StringMap, EmptyAndEdgeKeys) {
  StringMap<int> map;
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.find(""), nullptr);
  map[""] = 1;
  map[std::string("\0a", 2)] = 2;
  map["12345678"] = 3;
  EXPECT_EQ(*map.find(""), 1);
  EXPECT_EQ(*map.find(std::string("\0a", 2)), 2);
  EXPECT_EQ(map.find(std::string("\0", 1)), nullptr);
  EXPECT_EQ(*map.find("12345678"), 3);
  map.erase("");
  EXPECT_EQ(map.find(""), nullptr);
  EXPECT_EQ(map.size(), 2u);
}

}  // namespace
