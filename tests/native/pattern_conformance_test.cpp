// Every record of the AWS-recorded pattern corpus through the C++ core (the JS runner repeats this
// through the public TypeScript API). An error is compared whole where the record holds AWS's whole
// text (message_raw, location suffix included), else on its first line. Prints
// "patterns.jsonl: P/N passed".
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string>

#include "common/aws_error.h"
#include "common/json.h"
#include "match/matcher.h"

namespace {

struct Outcome {
  std::string verdict;  // match | no-match | invalid
  std::string code;
  std::string message;
};

Outcome run(const std::string& pattern, const std::string& event) {
  try {
    return {ebw::testEventPattern(pattern, event) ? "match" : "no-match", "", ""};
  } catch (const ebw::AwsError& e) {
    return {"invalid", e.code(), e.message()};
  }
}

std::string textOf(const ebw::Json& record, const char* textKey, const char* valueKey) {
  if (record.contains(textKey) && record[textKey].is_string()) return record[textKey];
  const ebw::Json& v = record[valueKey];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

int runCorpus(const std::string& file, bool mustPass) {
  std::ifstream in(std::string(EBW_SHARED_DIR) + "/conformance/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  int passed = 0, total = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ebw::Json r = ebw::Json::parse(line);
    ++total;
    Outcome got = run(textOf(r, "pattern_json", "pattern"), textOf(r, "event_json", "event"));
    std::string expect = r["expect"];
    bool ok = got.verdict == expect;
    if (ok && expect == "invalid") {
      const bool whole = r.contains("message_raw") && r["message_raw"].is_string();
      const std::string message =
          whole ? got.message : got.message.substr(0, got.message.find('\n'));
      ok = got.code == r.value("error_code", "") &&
           message == (whole ? r["message_raw"].get<std::string>() : r.value("message", ""));
    }
    if (ok) {
      ++passed;
    } else if (mustPass) {
      ADD_FAILURE() << file << " " << r["id"] << ": expected " << expect << " "
                    << r.value("message_raw", r.value("message", "")) << "; got " << got.verdict
                    << " " << got.code << " " << got.message;
    } else {
      std::cout << "  " << file << " disagreement " << r["id"] << ": expected " << expect
                << "; got " << got.verdict << " " << got.message << "\n";
    }
  }
  std::cout << file << ": " << passed << "/" << total << " passed\n";
  return passed;
}

TEST(PatternConformance, AwsRecordsAllPass) {
  runCorpus("patterns.jsonl", true);
}

TEST(PatternConformance, MotoRecordsReported) {
  runCorpus("patterns_moto.jsonl", false);
}

}  // namespace
