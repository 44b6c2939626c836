// libFuzzer target: EventPattern compilation. The input is the pattern's JSON text.
// Findings: sanitizer reports, any exception other than AwsError InvalidEventPatternException,
// disagreement between compilePattern() and Matcher::addRule() on whether the pattern is valid or
// between Matcher::match() and testEventPattern() on a fixed event (both on one input in 8), and
// explainMismatch() (match/explain.h) disagreeing with the verdict on that event.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/aws_error.h"
#include "match/matcher.h"
#include "pattern/pattern.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "EBW_FUZZ_FAIL: %s: %s\n", what, detail.c_str());
  std::abort();
}

const char* kEvent =
    R"({"version":"0","id":"1","detail-type":"t","source":"s","account":"123456789012",)"
    R"("time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":["arn:aws:x"],)"
    R"("detail":{"a":1,"b":"x","c":[1,2.5,"y"],"d":{"e":null,"f":true},"ip":"10.0.0.1"}})";

}  // namespace

// Matcher::addRule compiles with compilePattern and testEventPattern builds a one-rule Matcher, so
// the cross-checks below repeat the costly part (the compilation, wildcard complexity above all)
// to compare code paths that are one today. They run on one input in 8, chosen by the input's
// hash so that a reproducer takes the same path; every input is compiled once, through addRule.
static bool crossCheck(std::string_view text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h % 8 == 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool cross = crossCheck(text);
  bool compiled = false;
  if (cross) {
    try {
      ebw::pattern::CompiledPattern p = ebw::pattern::compilePattern(text);
      compiled = true;
    } catch (const ebw::AwsError& e) {
      if (e.code() != "InvalidEventPatternException") fail("compilePattern error code", e.code());
    } catch (const std::exception& e) {
      fail("compilePattern threw a non-AwsError", e.what());
    }
  }

  ebw::Matcher m;
  try {
    m.addRule("r", text);
    if (cross && !compiled) fail("addRule accepted a pattern compilePattern rejected", std::string(text));
  } catch (const ebw::AwsError& e) {
    if (e.code() != "InvalidEventPatternException") fail("addRule error code", e.code());
    if (cross && compiled) fail("addRule rejected a pattern compilePattern accepted", e.message());
    return 0;
  } catch (const std::exception& e) {
    fail("addRule threw a non-AwsError", e.what());
  }

  // A valid pattern must also match (or not) a fixed event without failing, the same way both ways.
  try {
    bool viaMatcher = !m.match(kEvent).empty();
    if (cross) {
      bool viaTest = ebw::testEventPattern(text, kEvent);
      if (viaMatcher != viaTest) fail("Matcher::match and testEventPattern disagree", std::string(text));
    }
    std::string why = m.explainMismatch("r", kEvent);
    if (viaMatcher && !why.empty()) fail("explainMismatch non-empty for a match", why);
    if (!viaMatcher && why.empty()) fail("explainMismatch empty for a mismatch", std::string(text));
  } catch (const ebw::AwsError& e) {
    fail("matching a fixed event threw", e.code() + ": " + e.message());
  } catch (const std::exception& e) {
    fail("matching a fixed event threw a non-AwsError", e.what());
  }
  return 0;
}
