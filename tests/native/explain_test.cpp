// Explanations (src/match/explain.*): their verdict is the matcher's on every pattern and event of
// the conformance corpora (and on every pattern against every other record's event), and their
// reasons name the field, the value and the condition for each operator family, $or branches and
// array elements.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "common/aws_error.h"
#include "common/json.h"
#include "match/explain.h"
#include "match/matcher.h"
#include "pattern/pattern.h"

namespace {

using ebw::AwsError;
using ebw::Json;
using ebw::match::Explanation;
using ebw::match::explainPattern;

struct Record {
  std::string pattern;
  std::string event;
};

std::vector<Record> corpus(const std::string& file) {
  std::vector<Record> out;
  std::ifstream in(std::string(EBW_SHARED_DIR) + "/conformance/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json r = Json::parse(line);
    auto text = [&](const char* textKey, const char* valueKey) {
      if (r.contains(textKey) && r[textKey].is_string()) return r[textKey].get<std::string>();
      const Json& v = r[valueKey];
      return v.is_string() ? v.get<std::string>() : v.dump();
    };
    out.push_back({text("pattern_json", "pattern"), text("event_json", "event")});
  }
  return out;
}

// explainPattern() must refuse what the matcher refused, with the same error.
void expectSameRefusal(const std::string& pattern, const std::string& event, const AwsError& e) {
  try {
    explainPattern(pattern, event);
    ADD_FAILURE() << "explained what the matcher refused: " << e.code() << "\npattern " << pattern
                  << "\nevent " << event;
  } catch (const AwsError& again) {
    EXPECT_EQ(again.code(), e.code());
    EXPECT_EQ(again.message(), e.message());
  }
}

// The explanation's verdict and errors against Matcher::match(), and its internal consistency.
// Returns false when the pattern is invalid.
bool crossCheck(const std::string& pattern, const std::string& event, int& matches, int& misses) {
  ebw::Matcher m;
  try {
    m.addRule("r", pattern);
  } catch (const AwsError& e) {
    expectSameRefusal(pattern, event, e);
    return false;
  }
  bool matched;
  try {
    matched = !m.match(event).empty();
  } catch (const AwsError& e) {
    expectSameRefusal(pattern, event, e);
    return true;
  }
  const Explanation why = explainPattern(pattern, event);
  EXPECT_EQ(why.matched, matched) << "pattern " << pattern << "\nevent " << event;
  (matched ? matches : misses)++;
  EXPECT_FALSE(why.alternatives.empty());
  if (why.alternatives.empty()) return true;
  const auto& shown = why.alternatives[why.alternative];
  EXPECT_EQ(shown.matched, matched);
  if (matched) {
    EXPECT_EQ(why.reason, "");
    for (const auto& f : shown.fields) {
      EXPECT_TRUE(f.matched) << f.path << " in " << pattern;
      EXPECT_TRUE(f.byAbsence || (f.chosen >= 0 && f.values[f.chosen].matched)) << f.path;
    }
  } else {
    EXPECT_FALSE(why.failedField.empty()) << pattern << "\n" << event;
    EXPECT_EQ(why.reason.rfind(why.failedField + ": ", 0), 0u) << why.reason;
    for (const auto& alt : why.alternatives) EXPECT_FALSE(alt.matched);
  }
  // Matches the matcher's own one-line form.
  EXPECT_EQ(m.explainMismatch("r", event).empty(), matched);
  return true;
}

TEST(Explain, AgreesWithTheMatcherOnTheCorpora) {
  int matches = 0, misses = 0;
  for (const char* file : {"patterns.jsonl", "patterns_moto.jsonl"}) {
    for (const Record& r : corpus(file)) crossCheck(r.pattern, r.event, matches, misses);
  }
  EXPECT_GT(matches, 150);
  EXPECT_GT(misses, 100);
}

// Every valid pattern of the AWS corpus against every event of it: mostly misses, through every
// operator and every kind of array.
TEST(Explain, AgreesWithTheMatcherOnEveryPatternAgainstEveryEvent) {
  const std::vector<Record> records = corpus("patterns.jsonl");
  std::vector<std::string> patterns;
  int ignored = 0;
  for (const Record& r : records) {
    if (crossCheck(r.pattern, "{}", ignored, ignored)) patterns.push_back(r.pattern);
  }
  int matches = 0, misses = 0;
  for (const std::string& p : patterns) {
    for (const Record& r : records) crossCheck(p, r.event, matches, misses);
  }
  std::cout << "explain vs match: " << patterns.size() << " patterns x " << records.size()
            << " events: " << matches << " matches, " << misses << " misses agree\n";
  EXPECT_GT(matches, 300);
  EXPECT_GT(misses, 10000);
}

// The reason for NO MATCH, for one pattern and event.
std::string reason(const std::string& pattern, const std::string& event) {
  Explanation e = explainPattern(pattern, event);
  EXPECT_FALSE(e.matched) << pattern << " " << event;
  return e.reason;
}

TEST(Explain, ReasonsForEachOperatorFamily) {
  EXPECT_EQ(reason(R"({"detail":{"state":["running"]}})", R"({"detail":{"state":"stopped"}})"),
            R"(detail.state: "stopped" is not "running")");
  EXPECT_EQ(reason(R"({"detail":{"state":[{"anything-but":"running"}]}})",
                   R"({"detail":{"state":"running"}})"),
            R"(detail.state: "running" is excluded by anything-but "running")");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":["x","y"]}]})", R"({"a":"y"})"),
            R"(a: "y" is excluded by anything-but ["x", "y"])");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":[1,2]}]})", R"({"a":2.0})"),
            R"(a: 2.0 is excluded by anything-but [1, 2])");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":{"prefix":"i-"}}]})", R"({"a":"i-1"})"),
            R"(a: "i-1" is excluded by anything-but prefix "i-")");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":{"suffix":".png"}}]})", R"({"a":"x.png"})"),
            R"(a: "x.png" is excluded by anything-but suffix ".png")");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":{"equals-ignore-case":["X"]}}]})", R"({"a":"x"})"),
            R"(a: "x" is excluded by anything-but equals-ignore-case "x")");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":{"wildcard":"*.png"}}]})", R"({"a":"x.png"})"),
            R"(a: "x.png" is excluded by anything-but wildcard "*.png")");
  EXPECT_EQ(reason(R"({"a":[{"prefix":"i-"}]})", R"({"a":"x-1"})"),
            R"(a: "x-1" does not start with "i-")");
  EXPECT_EQ(reason(R"({"a":[{"prefix":{"equals-ignore-case":"I-"}}]})", R"({"a":"x-1"})"),
            R"(a: "x-1" does not start with "i-", ignoring case)");
  EXPECT_EQ(reason(R"({"a":[{"suffix":".png"}]})", R"({"a":"x.jpg"})"),
            R"(a: "x.jpg" does not end with ".png")");
  EXPECT_EQ(reason(R"({"a":[{"equals-ignore-case":"ABC"}]})", R"({"a":"abd"})"),
            R"(a: "abd" is not "abc", ignoring case)");
  EXPECT_EQ(reason(R"({"a":[{"wildcard":"*.png"}]})", R"({"a":"x.jpg"})"),
            R"(a: "x.jpg" does not match the wildcard "*.png")");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">",0,"<=",5]}]})", R"({"a":7})"),
            R"(a: 7 is not in the range > 0, <= 5)");
  EXPECT_EQ(reason(R"({"a":[{"numeric":["=",5]}]})", R"({"a":5.5})"),
            R"(a: 5.5 is not equal to 5)");
  EXPECT_EQ(reason(R"({"a":[{"numeric":["<",1.5]}]})", R"({"a":"1"})"),
            R"(a: "1" is a string, and numeric matches only numbers)");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.1.1"})"),
            R"(a: "10.0.1.1" is not in 10.0.0.0/24)");
  EXPECT_EQ(reason(R"({"a":["10.0.0.1"]})", R"({"a":"10.0.0.2"})"),
            R"(a: "10.0.0.2" is not the address "10.0.0.1")");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"host"})"),
            R"(a: "host" is not an IP address)");
  EXPECT_EQ(reason(R"({"a":[{"exists":true}]})", R"({"b":1})"),
            R"(a: not in the event (the pattern requires [{"exists": true}]))");
  EXPECT_EQ(reason(R"({"a":[{"exists":false}]})", R"({"a":null})"),
            R"(a: null is present, and {"exists": false} requires no value here)");
  EXPECT_EQ(reason(R"({"a":[true]})", R"({"a":"true"})"), R"(a: "true" is not true)");
  EXPECT_EQ(reason(R"({"a":[5]})", R"({"a":"5"})"), R"(a: "5" is not the number 5)");
  EXPECT_EQ(reason(R"({"a":[{"prefix":"x"}]})", R"({"a":5})"),
            R"(a: 5 is a number, and {"prefix": "x"} matches only strings)");
  // Several values of the condition, several values in the event.
  EXPECT_EQ(reason(R"({"a":["x",{"prefix":"y"}]})", R"({"a":"z"})"),
            R"(a: "z" matches none of ["x", {"prefix": "y"}]: is not "x"; does not start with "y")");
  EXPECT_EQ(reason(R"({"a":["x"]})", R"({"a":["p","q"]})"),
            R"(a: none of its 2 values matches ["x"]: "p" (element [0]) is not "x"; "q" (element [1]) is not "x")");
}

TEST(Explain, MatchedFieldsSayWhichValueAndElement) {
  Explanation e = explainPattern(R"({"source":["aws.ec2"],"resources":[{"suffix":"b"}]})",
                                 R"({"source":"aws.ec2","resources":["a","b","c"]})");
  ASSERT_TRUE(e.matched);
  const auto& fields = e.alternatives[0].fields;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].path, "resources");
  EXPECT_EQ(fields[0].valueCount, 3u);
  ASSERT_EQ(fields[0].chosen, 1);
  EXPECT_EQ(fields[0].values[1].indices, std::vector<uint32_t>{1});
  EXPECT_FALSE(fields[0].values[0].matched);
  EXPECT_TRUE(fields[0].values[1].matched);
  EXPECT_EQ(fields[0].reason, R"(resources: "b" (element [1]) matches {"suffix": "b"})");
  EXPECT_EQ(fields[1].reason, R"(source: "aws.ec2" matches "aws.ec2")");

  Explanation absent = explainPattern(R"({"a":[{"exists":false}]})", R"({"b":1})");
  ASSERT_TRUE(absent.matched);
  EXPECT_TRUE(absent.alternatives[0].fields[0].byAbsence);
  EXPECT_EQ(absent.alternatives[0].fields[0].reason,
            R"(a: not in the event, as {"exists": false} requires)");
}

TEST(Explain, ArrayElementsMustAgree) {
  const std::string event =
      R"({"items":[{"name":"a","qty":1},{"name":"b","qty":2}]})";
  // name "b" and qty 2 sit in element 1: both chosen there.
  Explanation ok = explainPattern(R"({"items":{"name":["b"],"qty":[2]}})", event);
  ASSERT_TRUE(ok.matched);
  for (const auto& f : ok.alternatives[0].fields) {
    ASSERT_GE(f.chosen, 0);
    EXPECT_EQ(f.values[f.chosen].indices, std::vector<uint32_t>{1}) << f.path;
  }
  // name "a" (element 0) and qty 2 (element 1): each matches alone, never together.
  Explanation no = explainPattern(R"({"items":{"name":["a"],"qty":[2]}})", event);
  ASSERT_FALSE(no.matched);
  EXPECT_TRUE(no.alternatives[0].arrayConflict);
  EXPECT_EQ(no.failedField, "items.qty");
  EXPECT_EQ(no.reason,
            "items.qty: its matching values are in other elements of the same array than those of "
            "items.name (the fields of a pattern must match within one array element)");
  EXPECT_TRUE(no.alternatives[0].fields[0].matched);   // items.name
  EXPECT_FALSE(no.alternatives[0].fields[1].matched);  // items.qty
  EXPECT_EQ(no.alternatives[0].satisfied, 2u);
}

TEST(Explain, OrBranchesEachHaveTheirOutcome) {
  const std::string p =
      R"({"source":["s"],"$or":[{"detail":{"a":[1]}},{"detail":{"$or":[{"b":["x"]},{"c":[{"exists":true}]}]}}]})";
  Explanation e = explainPattern(p, R"({"source":"s","detail":{"a":2,"c":0}})");
  ASSERT_TRUE(e.matched);
  ASSERT_EQ(e.ors.size(), 2u);
  EXPECT_EQ(e.ors[0].path, "");
  EXPECT_EQ(e.ors[0].branches, 2u);
  EXPECT_EQ(e.ors[1].path, "detail");
  ASSERT_EQ(e.alternatives.size(), 3u);
  // Alternatives in branch order: $or 0 branch 0; $or 0 branch 1 with $or 1 branch 0 and 1.
  EXPECT_FALSE(e.alternatives[0].matched);
  EXPECT_EQ(e.alternatives[0].orChoices.size(), 1u);
  EXPECT_EQ(e.alternatives[0].reason, "detail.a: 2 is not 1");
  EXPECT_FALSE(e.alternatives[1].matched);
  EXPECT_EQ(e.alternatives[1].reason, R"(detail.b: not in the event (the pattern requires ["x"]))");
  ASSERT_EQ(e.alternatives[2].orChoices.size(), 2u);
  EXPECT_EQ(e.alternatives[2].orChoices[0].orIndex, 0u);
  EXPECT_EQ(e.alternatives[2].orChoices[0].branch, 1u);
  EXPECT_EQ(e.alternatives[2].orChoices[1].orIndex, 1u);
  EXPECT_EQ(e.alternatives[2].orChoices[1].branch, 1u);
  EXPECT_TRUE(e.alternatives[2].matched);
  EXPECT_EQ(e.alternative, 2u);

  // None matches: the reason is that of the closest alternative (most fields satisfied).
  Explanation no = explainPattern(R"({"$or":[{"a":[1],"b":[2],"c":[3]},{"d":[4]}]})",
                                  R"({"a":1,"b":2,"c":0})");
  ASSERT_FALSE(no.matched);
  EXPECT_EQ(no.alternative, 0u);
  EXPECT_EQ(no.reason, "c: 0 is not 3");
}

TEST(Explain, LongValuesAndManyValuesAreShortened) {
  std::string big(500, 'x');
  Explanation e = explainPattern(R"({"a":["y"]})", R"({"a":")" + big + R"("})");
  EXPECT_LT(e.reason.size(), 200u);
  EXPECT_NE(e.reason.find("…\" is not \"y\""), std::string::npos) << e.reason;

  std::string many = R"({"a":[)";
  for (int i = 0; i < 200; ++i) many += (i ? "," : "") + std::to_string(i);
  many += "]}";
  Explanation m = explainPattern(R"({"a":[150]})", many);
  ASSERT_TRUE(m.matched);
  const auto& f = m.alternatives[0].fields[0];
  EXPECT_EQ(f.valueCount, 200u);
  EXPECT_EQ(f.values.size(), ebw::match::kMaxExplainedValues + 1);
  ASSERT_GE(f.chosen, 0);
  EXPECT_EQ(f.values[f.chosen].text, "150");
  EXPECT_EQ(f.values[f.chosen].indices, std::vector<uint32_t>{150});
  Explanation none = explainPattern(R"({"a":[999]})", many);
  EXPECT_NE(none.reason.find("none of its 200 values"), std::string::npos) << none.reason;
  EXPECT_NE(none.reason.find("and 197 more"), std::string::npos) << none.reason;
}

TEST(Explain, ErrorsAreTheMatchersErrors) {
  try {
    explainPattern(R"({"a":[{"prefixx":"x"}]})", "{}");
    ADD_FAILURE() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "InvalidEventPatternException");
  }
  for (const char* bad : {"[1]", "{", "", "{\"a\":1} x"}) {
    try {
      explainPattern(R"({"a":[1]})", bad);
      ADD_FAILURE() << "no error for " << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "ValidationException");
      EXPECT_EQ(e.message(), "Parameter Event is not valid.");
    }
  }
}

TEST(Explain, JsonForm) {
  Json j = ebw::match::explanationToJson(
      explainPattern(R"({"$or":[{"a":["x"]},{"b":[{"numeric":[">",1]}]}]})", R"({"a":["y","x"]})"));
  EXPECT_EQ(j["matched"], true);
  EXPECT_EQ(j["alternative"], 0);
  EXPECT_EQ(j["ors"], Json::parse(R"([{"path":"","branches":2}])"));
  const Json& f = j["alternatives"][0]["fields"][0];
  EXPECT_EQ(f["path"], "a");
  EXPECT_EQ(f["condition"], R"(["x"])");
  EXPECT_EQ(f["chosen"], 1);
  EXPECT_EQ(f["values"][1], Json::parse(R"({"text":"\"x\"","type":"string","indices":[1],"matched":true})"));
  EXPECT_EQ(j["alternatives"][1]["orChoices"], Json::parse(R"([{"or":0,"branch":1}])"));
  EXPECT_EQ(j["alternatives"][1]["reason"],
            R"(b: not in the event (the pattern requires [{"numeric": [">", 1]}]))");
}

}  // namespace
