// libFuzzer target: the event scanner and rule index. A fixed rule set is built once from every
// valid pattern of ../shared/conformance/patterns.jsonl (plus a few built-in ones); the input is
// the event's bytes.
// Findings: sanitizer reports, any exception other than AwsError ValidationException, and these
// disagreements: the many-rule Matcher vs a one-rule Matcher per pattern (rule-index interference),
// match() vs matchIds(), match() vs testEventPattern() for events with a valid envelope, and
// explainMismatch() (the explanation of match/explain.h) disagreeing with the verdict: non-empty
// for a rule that matches, empty for one that does not.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/aws_error.h"
#include "common/json.h"
#include "match/matcher.h"

#ifndef EBW_SHARED_DIR
#define EBW_SHARED_DIR "../shared"
#endif

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "EBW_FUZZ_FAIL: %s: %s\n", what, detail.c_str());
  std::abort();
}

struct Rules {
  std::vector<std::string> names;
  std::vector<std::string> patterns;
  std::vector<std::unique_ptr<ebw::Matcher>> single;  // one Matcher per rule
  ebw::Matcher all;
};

const char* kBuiltin[] = {
    R"({"source":["s"]})",
    R"({"detail":{"a":[{"numeric":[">",0,"<=",5]}]}})",
    R"({"detail":{"b":[{"prefix":"x"},{"suffix":"z"},{"wildcard":"*x*"}]}})",
    R"({"detail":{"c":[{"anything-but":[1,2]}]}})",
    R"({"detail":{"d":{"e":[null]}}})",
    R"({"detail":{"ip":[{"cidr":"10.0.0.0/8"}]}})",
    R"({"$or":[{"detail":{"a":[1]}},{"detail":{"b":["x"]}}]})",
    R"({"detail":{"missing":[{"exists":false}]}})",
    R"({"detail":{"b":[{"equals-ignore-case":"X"}]}})",
};

Rules* buildRules() {
  auto* r = new Rules;
  std::vector<std::string> texts(std::begin(kBuiltin), std::end(kBuiltin));
  std::ifstream in(EBW_SHARED_DIR "/conformance/patterns.jsonl");
  if (!in) std::fprintf(stderr, "fuzz_event_match: %s not found, built-in rules only\n",
                        EBW_SHARED_DIR "/conformance/patterns.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    ebw::Json rec = ebw::Json::parse(line, nullptr, false);
    if (!rec.is_object()) continue;
    if (rec.contains("pattern_json") && rec["pattern_json"].is_string()) {
      texts.push_back(rec["pattern_json"].get<std::string>());
    } else if (rec.contains("pattern")) {
      texts.push_back(rec["pattern"].dump());
    }
  }
  for (const std::string& t : texts) {
    std::string name = "p" + std::to_string(r->names.size());
    try {
      auto one = std::make_unique<ebw::Matcher>();
      one->addRule(name, t);
      r->all.addRule(name, t);
      r->names.push_back(name);
      r->patterns.push_back(t);
      r->single.push_back(std::move(one));
    } catch (const ebw::AwsError&) {
      // an invalid pattern of the corpus: not part of the rule set
    }
  }
  std::fprintf(stderr, "fuzz_event_match: %zu rules\n", r->names.size());
  return r;
}

const Rules& rules() {
  static const Rules* r = buildRules();
  return *r;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Rules& R = rules();
  std::string_view event(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> matched;
  try {
    matched = R.all.match(event);
  } catch (const ebw::AwsError& e) {
    if (e.code() != "ValidationException") fail("match error code", e.code() + ": " + e.message());
    return 0;
  } catch (const std::exception& e) {
    fail("match threw a non-AwsError", e.what());
  }
  try {
    std::vector<uint32_t> ids = R.all.matchIds(event);
    if (ids.size() != matched.size()) fail("matchIds and match differ in size", std::string(event));

    std::unordered_set<std::string> matchedSet(matched.begin(), matched.end());
    if (matchedSet.size() != matched.size()) fail("match returned a rule twice", std::string(event));
    // Every matched rule, plus a few chosen by the input's hash, against its one-rule Matcher.
    std::vector<size_t> check;
    for (size_t i = 0; i < R.names.size(); ++i) {
      if (matchedSet.count(R.names[i])) check.push_back(i);
    }
    uint64_t h = fnv1a(event);
    for (int k = 0; k < 6 && !R.names.empty(); ++k) {
      check.push_back(h % R.names.size());
      h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    for (size_t i : check) {
      bool inAll = matchedSet.count(R.names[i]) > 0;
      bool alone = !R.single[i]->match(event).empty();
      if (inAll != alone) {
        fail("many-rule and one-rule Matcher disagree",
             "rule " + R.names[i] + " " + R.patterns[i] + (inAll ? " matched" : " did not match") +
                 " in the rule set but " + (alone ? "matched" : "did not match") + " alone");
      }
      std::string why = R.all.explainMismatch(R.names[i], event);
      if (inAll && !why.empty()) fail("explainMismatch non-empty for a matching rule", why);
      if (!inAll && why.empty()) {
        fail("explainMismatch empty for a rule that does not match", R.patterns[i]);
      }
    }
    // testEventPattern for one hashed rule, when the event's envelope is valid.
    if (!R.names.empty()) {
      size_t i = fnv1a(event) % R.names.size();
      bool viaTest;
      try {
        viaTest = ebw::testEventPattern(R.patterns[i], event);
      } catch (const ebw::AwsError& e) {
        if (e.code() != "ValidationException") fail("testEventPattern error code", e.code());
        return 0;
      }
      bool inAll = matchedSet.count(R.names[i]) > 0;
      if (viaTest != inAll) {
        fail("testEventPattern and Matcher disagree",
             "rule " + R.patterns[i] + ": testEventPattern " + (viaTest ? "true" : "false"));
      }
    }
  } catch (const ebw::AwsError& e) {
    fail("a second look at an event match() accepted threw", e.code() + ": " + e.message());
  } catch (const std::exception& e) {
    fail("threw a non-AwsError", e.what());
  }
  return 0;
}
