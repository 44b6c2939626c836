// Every example of issue 15 (error texts whole, wildcard complexity, case folding, the answers kept
// against AWS's engine) through the TestEventPattern operation, as the SDK sends it: the table is
// tests/fixtures/issue15-examples.json, which tests/js/issue15-examples.test.ts runs through the
// TypeScript API too. Each case's `note` says where its answer comes from.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "api/dispatcher.h"
#include "common/json.h"

namespace {

using ebw::Json;

Json loadExamples() {
  // EBW_SHARED_DIR is "<source dir>/../shared" (CMakeLists.txt).
  std::string path = EBW_SHARED_DIR;
  path = path.substr(0, path.rfind("/../")) + "/tests/fixtures/issue15-examples.json";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  return Json::parse(in);
}

TEST(Issue15Examples, EveryExampleThroughTestEventPattern) {
  const Json doc = loadExamples();
  ebw::api::Dispatcher d;
  int checked = 0;
  for (const Json& c : doc["cases"]) {
    Json event = doc["envelope"];
    event["detail"] = c.contains("detail") ? c["detail"] : Json::object();
    const std::string pattern = c["pattern"];
    const auto r =
        d.call("TestEventPattern", Json{{"EventPattern", pattern}, {"Event", event.dump()}}.dump());
    const Json body = Json::parse(r.body);
    const std::string expect = c["expect"];
    SCOPED_TRACE(pattern + (c.contains("note") ? "  (" + c["note"].get<std::string>() + ")" : ""));
    if (expect == "invalid") {
      EXPECT_EQ(r.httpStatus, 400);
      EXPECT_EQ(body.value("__type", ""), "InvalidEventPatternException");
      EXPECT_EQ(body.value("message", ""), c["message"].get<std::string>());
    } else {
      EXPECT_EQ(r.httpStatus, 200) << r.body;
      EXPECT_EQ(body.value("Result", false), expect == "match");
    }
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

}  // namespace
