// Target input transformation: the AWS-recorded conformance corpus (shared/conformance/
// transforms.jsonl, every record), the moto extras, and unit tests for each rule.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/aws_error.h"
#include "common/json.h"
#include "transform/json_path.h"
#include "transform/json_text.h"
#include "transform/target_input.h"
#include "transform/template_scan.h"

#ifndef EBW_SHARED_DIR
#error "EBW_SHARED_DIR must name the shared folder (the build defines it)"
#endif

namespace {

using ebw::AwsError;
using ebw::Json;
using ebw::transform::renderTargetInput;
using ebw::transform::resolveDynamicParameters;
using ebw::transform::TransformContext;
using ebw::transform::validateTargetInput;

// ---------------------------------------------------------------------------------------------
// Conformance corpus
// ---------------------------------------------------------------------------------------------

std::vector<Json> readJsonl(const std::string& path) {
  std::ifstream in(path);
  std::vector<Json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    out.push_back(Json::parse(line));
  }
  return out;
}

// Wildcard match: each masked token (e.g. <ingestion-time>) in `expected` stands for any
// non-empty text.
bool textMatches(const std::string& expected, const std::string& got,
                 const std::vector<std::string>& tokens) {
  std::vector<std::string> literals{""};
  std::size_t i = 0;
  while (i < expected.size()) {
    bool matchedToken = false;
    for (const std::string& t : tokens) {
      if (!t.empty() && expected.compare(i, t.size(), t) == 0) {
        literals.emplace_back();
        i += t.size();
        matchedToken = true;
        break;
      }
    }
    if (!matchedToken) literals.back() += expected[i++];
  }
  if (literals.size() == 1) return expected == got;
  const std::string& first = literals.front();
  const std::string& last = literals.back();
  if (got.size() < first.size() + last.size()) return false;
  if (got.compare(0, first.size(), first) != 0) return false;
  if (got.compare(got.size() - last.size(), last.size(), last) != 0) return false;
  std::size_t pos = first.size();
  std::size_t limit = got.size() - last.size();
  for (std::size_t k = 1; k + 1 < literals.size(); ++k) {
    std::size_t found = got.find(literals[k], pos + 1);  // a token covers >= 1 character
    if (found == std::string::npos || found + literals[k].size() > limit) return false;
    pos = found + literals[k].size();
  }
  return limit >= pos + 1;  // the last token covers >= 1 character too
}

// JSON equality, key order included, with masked tokens inside expected strings.
bool jsonMatches(const Json& expected, const Json& got, const std::vector<std::string>& tokens) {
  if (expected.is_string() && got.is_string()) {
    return textMatches(expected.get<std::string>(), got.get<std::string>(), tokens);
  }
  if (expected.is_object() && got.is_object()) {
    if (expected.size() != got.size()) return false;
    auto e = expected.begin();
    auto g = got.begin();
    for (; e != expected.end(); ++e, ++g) {
      if (e.key() != g.key() || !jsonMatches(*e, *g, tokens)) return false;
    }
    return true;
  }
  if (expected.is_array() && got.is_array()) {
    if (expected.size() != got.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!jsonMatches(expected[i], got[i], tokens)) return false;
    }
    return true;
  }
  return expected == got;
}

// Runs one record as shared/conformance/README.md describes; "" when it passes, else why not.
std::string runRecord(const Json& r) {
  const Json& target = r.at("target");
  TransformContext ctx;
  if (r.contains("context")) {
    ctx.ruleArn = r["context"].value("rule_arn", "");
    ctx.ruleName = r["context"].value("rule_name", "");
  }
  ctx.ingestionTime = "2024-05-13T12:27:07.589Z";
  std::string eventJson =
      r.contains("event_json") ? r["event_json"].get<std::string>() : r.at("event").dump();
  std::vector<std::string> tokens;
  if (r.contains("placeholders") && r["placeholders"].is_object()) {
    for (auto it = r["placeholders"].begin(); it != r["placeholders"].end(); ++it) {
      tokens.push_back(it.key());
    }
  }
  const std::string outcome = r.at("outcome").get<std::string>();

  if (outcome == "error") {
    const Json& err = r.at("error");
    try {
      validateTargetInput(target);
    } catch (const AwsError& e) {
      std::string want = err.at("code").get<std::string>() + " " +
                         std::to_string(err.at("http_status").get<int>()) + " " +
                         err.at("message").get<std::string>();
      std::string got = e.code() + " " + std::to_string(e.httpStatus()) + " " + e.message();
      return want == got ? "" : "expected error [" + want + "], got [" + got + "]";
    }
    return "expected error [" + err.at("message").get<std::string>() + "], got no error";
  }

  try {
    validateTargetInput(target);
  } catch (const AwsError& e) {
    return "PutTargets rejected the target: " + e.code() + " " + e.message();
  }
  std::optional<std::string> got = renderTargetInput(target, eventJson, ctx);
  if (outcome == "not-delivered") {
    return got ? "expected nothing delivered, got [" + *got + "]" : "";
  }
  if (!got) return "expected a delivery, got nothing delivered";
  const Json& expect = r.at("expect");
  if (r.at("expect_kind") == "text") {
    std::string want = expect.get<std::string>();
    return textMatches(want, *got, tokens) ? ""
                                           : "expected text [" + want + "], got [" + *got + "]";
  }
  Json parsed;
  try {
    parsed = Json::parse(*got);
  } catch (const std::exception&) {
    return "expected JSON " + expect.dump() + ", got non-JSON [" + *got + "]";
  }
  return jsonMatches(expect, parsed, tokens)
             ? ""
             : "expected JSON " + expect.dump() + ", got " + parsed.dump();
}

struct CorpusResult {
  std::size_t total = 0;
  std::size_t passed = 0;
  std::vector<std::string> failures;  // "id: why"
};

CorpusResult runCorpus(const std::string& file) {
  CorpusResult res;
  for (const Json& r : readJsonl(std::string(EBW_SHARED_DIR) + "/conformance/" + file)) {
    ++res.total;
    std::string why;
    try {
      why = runRecord(r);
    } catch (const std::exception& e) {
      why = std::string("exception: ") + e.what();
    }
    if (why.empty()) {
      ++res.passed;
    } else {
      res.failures.push_back(r.value("id", "?") + ": " + why);
    }
  }
  return res;
}

TEST(TransformConformance, MaskedComparisonHelpers) {
  const std::vector<std::string> tokens = {"<t>"};
  EXPECT_TRUE(textMatches("a<t>b", "azzb", tokens));
  EXPECT_FALSE(textMatches("a<t>b", "ab", tokens));
  EXPECT_FALSE(textMatches("a<t>b", "azzc", tokens));
  EXPECT_TRUE(textMatches("<t> x <t>", "1 x 2", tokens));
  EXPECT_FALSE(textMatches("<t> x <t>", "1 y 2", tokens));
  EXPECT_TRUE(textMatches("plain", "plain", tokens));
  EXPECT_FALSE(textMatches("plain", "plainer", tokens));
  EXPECT_TRUE(jsonMatches(Json::parse(R"({"a":"<t>","b":[1]})"),
                          Json::parse(R"({"a":"x","b":[1]})"), tokens));
  EXPECT_FALSE(jsonMatches(Json::parse(R"({"a":1,"b":2})"), Json::parse(R"({"b":2,"a":1})"),
                           tokens));  // key order counts
}

TEST(TransformConformance, AwsRecordedTransforms) {
  CorpusResult res = runCorpus("transforms.jsonl");
  std::printf("transforms.jsonl: %zu/%zu passed\n", res.passed, res.total);
  for (const std::string& f : res.failures) std::printf("  FAIL %s\n", f.c_str());
  EXPECT_EQ(res.total, 43u);
  EXPECT_TRUE(res.failures.empty());
}

// Not AWS-validated. A moto record that contradicts an AWS-validated record would be listed in
// kContradictsAws and reported without failing the test; none of the three does (they exercise a
// quoted placeholder, an object placeholder and a template without InputPathsMap, all consistent
// with the AWS records).
TEST(TransformConformance, MotoTransforms) {
  const std::vector<std::string> kContradictsAws = {};
  CorpusResult res = runCorpus("transforms_moto.jsonl");
  std::printf("transforms_moto.jsonl: %zu/%zu passed\n", res.passed, res.total);
  for (const std::string& f : res.failures) {
    bool tolerated = false;
    for (const std::string& id : kContradictsAws) {
      if (f.rfind(id + ":", 0) == 0) tolerated = true;
    }
    std::printf("  %s %s\n", tolerated ? "CONTRADICTS-AWS" : "FAIL", f.c_str());
    if (!tolerated) ADD_FAILURE() << f;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for unit tests
// ---------------------------------------------------------------------------------------------

// The UG example event (eb-transform-target-input.md), plus a few extra detail fields.
const char* const kEvent =
    R"({"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",)"
    R"( "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",)"
    R"( "account": "123456789012", "time": "2015-11-11T21:29:54Z", "region": "us-east-1",)"
    R"( "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],)"
    R"( "detail": {"instance-id": "i-0123456789", "state": "RUNNING",)"
    R"( "obj": {"a": "x", "b": [1, 2]}, "list": ["HIGH", "LOW"], "flag": true, "nothing": null,)"
    R"( "float": 1.50, "exp": 1E2, "neg": -0.0, "big": 123456789012345678901234567890,)"
    R"( "quote": "say \"hi\"", "esc": "caf\u00e9 a\/b", "ctl": "a\nb"}})";

TransformContext ugContext() {
  return TransformContext{"arn:aws:events:us-east-2:123456789012:rule/example", "example",
                          "2015-11-11T21:29:55.123Z"};
}

Json transformer(const Json& map, const std::string& tmpl) {
  Json t = {{"Id", "t1"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"}};
  t["InputTransformer"] = Json::object();
  if (!map.is_null()) t["InputTransformer"]["InputPathsMap"] = map;
  t["InputTransformer"]["InputTemplate"] = tmpl;
  return t;
}

const Json kUgMap = {{"timestamp", "$.time"},     {"instance", "$.detail.instance-id"},
                     {"state", "$.detail.state"}, {"resource", "$.resources[0]"},
                     {"obj", "$.detail.obj"},     {"list", "$.detail.list"},
                     {"flag", "$.detail.flag"},   {"nothing", "$.detail.nothing"},
                     {"float", "$.detail.float"}, {"exp", "$.detail.exp"},
                     {"big", "$.detail.big"},     {"missing", "$.detail.not-there"},
                     {"quote", "$.detail.quote"}, {"esc", "$.detail.esc"},
                     {"ctl", "$.detail.ctl"}};

std::optional<std::string> render(const std::string& tmpl, const std::string& event = kEvent) {
  Json t = transformer(kUgMap, tmpl);
  validateTargetInput(t);
  return renderTargetInput(t, event, ugContext());
}

std::optional<std::string> renderPath(const std::string& path, const std::string& event = kEvent) {
  Json t = {{"Id", "t1"}, {"Arn", "arn:aws:sqs:us-east-1:123456789012:q"}, {"InputPath", path}};
  return renderTargetInput(t, event, ugContext());
}

std::string validationMessage(const Json& target) {
  try {
    validateTargetInput(target);
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(e.httpStatus(), 400);
    return e.message();
  }
  return "<no error>";
}

// ---------------------------------------------------------------------------------------------
// Selection (reference 4.1)
// ---------------------------------------------------------------------------------------------

TEST(TargetInput, NoInputDeliversTheEventTextAsGiven) {
  Json t = {{"Id", "t1"}};
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()), std::string(kEvent));
  // Even an event this module cannot parse is passed through untouched.
  EXPECT_EQ(renderTargetInput(t, "{not json", ugContext()), std::string("{not json"));
}

TEST(TargetInput, ConstantInputIsDeliveredVerbatim) {
  Json t = {{"Id", "t1"}, {"Input", "{ \"a\" :  1.0 }"}};
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()), std::string("{ \"a\" :  1.0 }"));
  Json scalar = {{"Id", "t1"}, {"Input", "\"just a string\""}};
  EXPECT_NO_THROW(validateTargetInput(scalar));
  EXPECT_EQ(renderTargetInput(scalar, kEvent, ugContext()), std::string("\"just a string\""));
}

TEST(TargetInput, NullMembersCountAsAbsent) {
  Json t = {{"Id", "t1"}, {"Input", nullptr}, {"InputPath", "$.detail.state"}};
  EXPECT_NO_THROW(validateTargetInput(t));
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()), std::string("\"RUNNING\""));
}

// ---------------------------------------------------------------------------------------------
// InputPath and the JSONPath subset (reference 4.2)
// ---------------------------------------------------------------------------------------------

TEST(InputPath, StringLeafKeepsItsQuotes) {
  EXPECT_EQ(renderPath("$.detail.state"), std::string("\"RUNNING\""));
  EXPECT_EQ(renderPath("$.detail-type"), std::string("\"EC2 Instance State-change Notification\""));
}

TEST(InputPath, ObjectsAreCompactAndNumbersKeepTheirSpelling) {
  EXPECT_EQ(renderPath("$.detail.obj"), std::string(R"({"a":"x","b":[1,2]})"));
  EXPECT_EQ(renderPath("$.detail.float"), std::string("1.50"));
  EXPECT_EQ(renderPath("$.detail.exp"), std::string("1E2"));
  EXPECT_EQ(renderPath("$.detail.big"), std::string("123456789012345678901234567890"));
  EXPECT_EQ(renderPath("$.detail.flag"), std::string("true"));
  EXPECT_EQ(renderPath("$.detail.nothing"), std::string("null"));
}

TEST(InputPath, StringsAreReEscapedAsJacksonWritesThem) {
  EXPECT_EQ(renderPath("$.detail.esc"), std::string("\"caf\xC3\xA9 a/b\""));
  EXPECT_EQ(renderPath("$.detail.quote"), std::string(R"("say \"hi\"")"));
  EXPECT_EQ(renderPath("$.detail.ctl"), std::string(R"("a\nb")"));
  EXPECT_EQ(renderPath("$.x", R"({"x":"\u0001\u001f"})"), std::string(R"("\u0001\u001F")"));
  EXPECT_EQ(renderPath("$.x", R"({"x":"\ud83d\ude00"})"), std::string("\"\xF0\x9F\x98\x80\""));
}

TEST(InputPath, RootIndexBracketsAndWildcards) {
  std::optional<std::string> whole = renderPath("$");
  ASSERT_TRUE(whole);
  EXPECT_EQ(Json::parse(*whole), Json::parse(kEvent));
  EXPECT_EQ(whole->find(", "), std::string::npos);  // compact
  EXPECT_EQ(whole->find("\": "), std::string::npos);
  EXPECT_EQ(renderPath("$.resources[0]"),
            std::string("\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\""));
  EXPECT_EQ(renderPath("$.detail.list[1]"), std::string("\"LOW\""));
  EXPECT_EQ(renderPath("$.detail.list[-1]"), std::string("\"LOW\""));
  EXPECT_EQ(renderPath("$['detail'][\"state\"]"), std::string("\"RUNNING\""));
  EXPECT_EQ(renderPath("$.detail.list[*]"), std::string(R"(["HIGH","LOW"])"));
  EXPECT_EQ(renderPath("$.detail.obj.*"), std::string(R"(["x",[1,2]])"));
  EXPECT_EQ(renderPath("$.detail.none[*]"), std::string("[]"));
}

TEST(InputPath, DuplicateKeysResolveToTheLastValue) {
  EXPECT_EQ(renderPath("$.a", R"({"a":1,"a":2})"), std::string("2"));
}

TEST(InputPath, MissingOrUnsupportedPathsDeliverNothing) {
  EXPECT_EQ(renderPath("$.detail.nope"), std::nullopt);
  EXPECT_EQ(renderPath("$.detail.list[5]"), std::nullopt);
  EXPECT_EQ(renderPath("$.detail.list[-3]"), std::nullopt);
  EXPECT_EQ(renderPath("$.detail.state.deeper"), std::nullopt);
  EXPECT_EQ(renderPath("$.detail.obj[0]"), std::nullopt);
  for (const char* bad : {"", "detail", "$.", "$..state", "$.detail.", "$[", "$[x]", "$[1",
                          "$[?(@.a)]", "$[0:1]", "$['a'", "$[99999999999999999999]"}) {
    EXPECT_EQ(renderPath(bad), std::nullopt) << bad;
  }
}

TEST(JsonPath, Parse) {
  using ebw::transform::parseJsonPath;
  using ebw::transform::PathSegment;
  auto p = parseJsonPath("$.detail-type.a_b/c[3]['x.y'][*]");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->segments.size(), 5u);
  EXPECT_EQ(p->segments[0].name, "detail-type");
  EXPECT_EQ(p->segments[1].name, "a_b/c");
  EXPECT_EQ(p->segments[2].type, PathSegment::Type::Index);
  EXPECT_EQ(p->segments[2].index, 3);
  EXPECT_EQ(p->segments[3].name, "x.y");
  EXPECT_EQ(p->segments[4].type, PathSegment::Type::Wildcard);
  EXPECT_TRUE(p->indefinite);
  EXPECT_TRUE(parseJsonPath("$"));
  EXPECT_FALSE(parseJsonPath("$."));
}

// ---------------------------------------------------------------------------------------------
// InputTemplate substitution (reference 4.4)
// ---------------------------------------------------------------------------------------------

TEST(InputTemplate, UserGuideExamples) {
  EXPECT_EQ(render(R"("instance <instance> is in <state>")"),
            std::string(R"("instance i-0123456789 is in RUNNING")"));
  EXPECT_EQ(render(R"("instance \"<instance>\" is in <state>")"),
            std::string(R"("instance \"i-0123456789\" is in RUNNING")"));
  EXPECT_EQ(render("{\n  \"instance\" : <instance>,\n  \"state\": <state>\n}"),
            std::string(R"({"instance":"i-0123456789","state":"RUNNING"})"));
  EXPECT_EQ(render(R"({"instance" : <instance>, "state": "<state>",)"
                   R"( "instanceStatus": "instance \"<instance>\" is in <state>"})"),
            std::string(R"({"instance":"i-0123456789","state":"RUNNING",)"
                        R"("instanceStatus":"instance \"i-0123456789\" is in RUNNING"})"));
  EXPECT_EQ(
      render(R"({"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"})"),
      std::string(R"({"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"})"));
  EXPECT_EQ(render(R"("<aws.events.rule-name> triggered")"), std::string(R"("example triggered")"));
  EXPECT_EQ(render(R"({"r": <resource>})"),
            std::string(R"({"r":"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"})"));
}

TEST(InputTemplate, StringValues) {
  EXPECT_EQ(render(R"({"k": <state>})"), std::string(R"({"k":"RUNNING"})"));
  EXPECT_EQ(render(R"({"k": "users/<state>"})"), std::string(R"({"k":"users/RUNNING"})"));
  EXPECT_EQ(render(R"({"k": "<state>"})"), std::string(R"({"k":"RUNNING"})"));
  EXPECT_EQ(render(R"("s <state>")"), std::string(R"("s RUNNING")"));
}

TEST(InputTemplate, ObjectAndArrayValues) {
  EXPECT_EQ(render(R"({"k": <obj>, "l": <list>})"),
            std::string(R"({"k":{"a":"x","b":[1,2]},"l":["HIGH","LOW"]})"));
  // Inside a quoted string the JSON's own quotes break the template: nothing is delivered.
  EXPECT_EQ(render(R"({"k": "v/<obj>"})"), std::nullopt);
  EXPECT_EQ(render(R"({"k": "<list>"})"), std::nullopt);
  // String templates print them without quotes.
  EXPECT_EQ(render(R"("<obj> and <list>")"), std::string(R"("{a:x,b:[1,2]} and [HIGH,LOW]")"));
}

TEST(InputTemplate, BooleanNumberAndNullValues) {
  EXPECT_EQ(render(R"({"a": <flag>, "b": "<flag>"})"), std::string(R"({"a":true,"b":"true"})"));
  EXPECT_EQ(render(R"("is <flag>!")"), std::string(R"("is true!")"));
  EXPECT_EQ(render(R"({"a": <float>, "b": <exp>, "c": "<float>", "d": <big>})"),
            std::string(R"({"a":1.50,"b":1E2,"c":"1.50","d":123456789012345678901234567890})"));
  EXPECT_EQ(render(R"("n=<float>")"), std::string(R"("n=1.50")"));
  EXPECT_EQ(render(R"({"a": <nothing>, "b": "<nothing>"})"),
            std::string(R"({"a":null,"b":"null"})"));
}

TEST(InputTemplate, MissingPathsBecomeEmpty) {
  EXPECT_EQ(render(R"({"a": <missing>, "b": "x<missing>y"})"), std::string(R"({"a":"","b":"xy"})"));
  EXPECT_EQ(render(R"("from <missing>")"), std::string(R"("from ")"));
}

TEST(InputTemplate, RepeatedPlaceholders) {
  EXPECT_EQ(render(R"({"p": "users/<instance>/second/<instance>"})"),
            std::string(R"({"p":"users/i-0123456789/second/i-0123456789"})"));
}

TEST(InputTemplate, ValuesAreNotEscapedInsideStrings) {
  // Unquoted, a string becomes a JSON string; inside "..." its raw quote breaks the JSON.
  EXPECT_EQ(render(R"({"q": <quote>})"), std::string(R"({"q":"say \"hi\""})"));
  EXPECT_EQ(render(R"({"q": "<quote>"})"), std::nullopt);
  EXPECT_EQ(render(R"({"c": "<ctl>"})"), std::nullopt);  // a raw newline in a JSON string
  EXPECT_EQ(render(R"("q=<quote>")"), std::string(R"("q=say "hi"")"));
}

TEST(InputTemplate, StringTemplatesAreDeliveredAsWritten) {
  EXPECT_EQ(render("\"<state> line1\"\n\"<instance> line2\""),
            std::string("\"RUNNING line1\"\n\"i-0123456789 line2\""));
  EXPECT_EQ(render("<instance> is in state <state>"),
            std::string("i-0123456789 is in state RUNNING"));
  EXPECT_EQ(render("\"{[/special <state>\""), std::string("\"{[/special RUNNING\""));
}

TEST(InputTemplate, JsonTemplatesMustStayValidJson) {
  EXPECT_EQ(render(R"({"a": <state>)"), std::nullopt);
  EXPECT_EQ(render(R"({"a": <state>,})"), std::nullopt);
  EXPECT_EQ(render(R"({"a": 1} trailing)"), std::nullopt);
  EXPECT_EQ(render("  {\"a\" : [ 1 , 2 ] }  "), std::string(R"({"a":[1,2]})"));
}

TEST(InputTemplate, LiteralAngleBrackets) {
  // A '<' with no '>' before the next '<' is literal text.
  Json t = transformer(Json::object({{"s", "$.detail.state"}}), R"("a < b and <s> > c")");
  EXPECT_NO_THROW(validateTargetInput(t));
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()), std::string(R"("a < b and RUNNING > c")"));
  Json spaced = transformer(Json::object({{"s", "$.detail.state"}}), R"("a <b c> d")");
  EXPECT_EQ(validationMessage(spaced),
            "InputTemplate for target t1 contains invalid placeholder b c.");
  Json ok = transformer(Json::object({{"s", "$.detail.state"}}), R"("a <<s>> c <")");
  EXPECT_NO_THROW(validateTargetInput(ok));
  EXPECT_EQ(renderTargetInput(ok, kEvent, ugContext()), std::string(R"("a <RUNNING> c <")"));
}

TEST(TemplateScan, PiecesAndQuoteContext) {
  auto pieces = ebw::transform::scanTemplate(R"({"a": <x>, "b": "p<y>\"<z>", "c": <w>})");
  std::vector<std::pair<std::string, bool>> ph;
  for (const auto& p : pieces) {
    if (p.placeholder) ph.emplace_back(std::string(p.text), p.inString);
  }
  std::vector<std::pair<std::string, bool>> want = {
      {"x", false}, {"y", true}, {"z", true}, {"w", false}};
  EXPECT_EQ(ph, want);
  EXPECT_TRUE(ebw::transform::isJsonTemplate("  \n{}"));
  EXPECT_FALSE(ebw::transform::isJsonTemplate("\"{}\""));
  EXPECT_FALSE(ebw::transform::isJsonTemplate("[1]"));
}

// ---------------------------------------------------------------------------------------------
// Predefined variables (reference 4.5)
// ---------------------------------------------------------------------------------------------

TEST(Predefined, StringVariables) {
  Json t =
      transformer(nullptr, R"({"arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>",)"
                           R"( "at": <aws.events.event.ingestion-time>})");
  EXPECT_NO_THROW(validateTargetInput(t));
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()),
            std::string(R"({"arn":"arn:aws:events:us-east-2:123456789012:rule/example",)"
                        R"("name":"example","at":"2015-11-11T21:29:55.123Z"})"));
}

TEST(Predefined, EventWithoutDetailAndFullEvent) {
  const std::string event =
      R"({"version":"0","id":"e1","detail-type":"dt","source":"s","account":"1",)"
      R"("time":"2024-01-01T00:00:00Z","region":"r","resources":["x"],"detail":{"n":1.0}})";
  Json t = transformer(nullptr, R"({"e": <aws.events.event>, "j": <aws.events.event.json>})");
  EXPECT_EQ(renderTargetInput(t, event, ugContext()),
            std::string(R"({"e":{"id":"e1","account":"1","detailType":"dt",)"
                        R"("time":"2015-11-11T21:29:55.123Z","source":"s","region":"r",)"
                        R"("resources":["x"],"version":"0"},"j":)") +
                event + "}");
  // Objects: not usable inside a quoted string of a JSON template.
  EXPECT_EQ(
      renderTargetInput(transformer(nullptr, R"({"e": "<aws.events.event>"})"), event, ugContext()),
      std::nullopt);
  TransformContext noIngestion{"arn", "name", ""};
  EXPECT_EQ(renderTargetInput(transformer(nullptr, R"("<aws.events.event.ingestion-time>")"), event,
                              noIngestion),
            std::string(R"("2024-01-01T00:00:00Z")"));
}

TEST(Predefined, CannotBeShadowedAndNeedNoMap) {
  Json t = transformer(Json::object({{"x", "$.id"}}), R"("<aws.events.rule-name>/<x>")");
  EXPECT_NO_THROW(validateTargetInput(t));
  EXPECT_EQ(renderTargetInput(t, kEvent, ugContext()),
            std::string(R"("example/7bf73129-1428-4cd3-a780-95db273d1602")"));
}

// ---------------------------------------------------------------------------------------------
// PutTargets validation (reference 1.5)
// ---------------------------------------------------------------------------------------------

TEST(Validation, OnlyOneInputKind) {
  const std::string msg =
      "Only one of Input, InputPath, or InputTransformer must be provided for target t1.";
  EXPECT_EQ(validationMessage({{"Id", "t1"}, {"Input", "{}"}, {"InputPath", "$"}}), msg);
  Json both = transformer(nullptr, "\"x\"");
  both["Input"] = "{}";
  EXPECT_EQ(validationMessage(both), msg);
  EXPECT_EQ(validationMessage({{"Input", "{}"}, {"InputPath", "$"}}),
            "Only one of Input, InputPath, or InputTransformer must be provided for target null.");
}

TEST(Validation, InvalidPlaceholder) {
  Json t = transformer(Json::object({{"a", "$.x"}}), R"({"k": <a>, "m": "<b>", "n": <c>})");
  EXPECT_EQ(validationMessage(t), "InputTemplate for target t1 contains invalid placeholder b.");
  Json noMap = transformer(nullptr, R"("<aws.events.rule-arn> <aws.events.nope>")");
  EXPECT_EQ(validationMessage(noMap),
            "InputTemplate for target t1 contains invalid placeholder aws.events.nope.");
}

TEST(Validation, InputMustBeJsonText) {
  // The AWS message seen in aws/aws-cli#6711.
  EXPECT_EQ(validationMessage({{"Id", "1"}, {"Input", "env:dev"}}),
            "JSON syntax error in input for target 1: [Source: (String)\"env:dev\"; line: 1, "
            "column: 4]");
  // The location seen in ansible-collections/community.aws#201.
  EXPECT_EQ(validationMessage({{"Id", "x"}, {"Input", "{'db_name': 1}"}}),
            "JSON syntax error in input for target x: [Source: (String)\"{'db_name': 1}\"; "
            "line: 1, column: 3]");
  EXPECT_EQ(validationMessage({{"Id", "x"}, {"Input", "{\"a\":\n  tru"}}),
            "JSON syntax error in input for target x: [Source: (String)\"{\"a\":\n  tru\"; "
            "line: 2, column: 6]");
  EXPECT_EQ(validationMessage({{"Id", "x"}, {"Input", "{\"a\":1,}"}}),
            "JSON syntax error in input for target x: [Source: (String)\"{\"a\":1,}\"; line: 1, "
            "column: 9]");
  std::string longInput = "[" + std::string(600, '1') + "x]";
  std::string msg = validationMessage({{"Id", "x"}, {"Input", longInput}});
  EXPECT_NE(msg.find("[Source: (String)\"[" + std::string(499, '1') + "\"[truncated 103 chars];"),
            std::string::npos)
      << msg;
  EXPECT_NO_THROW(validateTargetInput({{"Id", "x"}, {"Input", " 42 "}}));
  EXPECT_NO_THROW(validateTargetInput({{"Id", "x"}, {"Input", "null"}}));
}

TEST(Validation, LogGroupTargetsNeedJsonTemplates) {
  Json t = transformer(Json::object({{"a", "$.x"}}), R"("cusId = <a>")");
  t["Arn"] = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/x";
  EXPECT_EQ(validationMessage(t), "Input for target t1 is not a valid JSON text.");
  t["InputTransformer"]["InputTemplate"] = R"({"timestamp": <a>, "message": "m"})";
  EXPECT_NO_THROW(validateTargetInput(t));
}

TEST(Validation, ModelConstraints) {
  Json path = {{"Id", "t1"}, {"InputPath", "$." + std::string(255, 'a')}};
  EXPECT_EQ(validationMessage(path),
            "1 validation error detected: Value '" + path["InputPath"].get<std::string>() +
                "' at 'targets.1.member.inputPath' failed to satisfy constraint: Member must have "
                "length less than or equal to 256");

  Json noTemplate = {{"Id", "t1"}, {"InputTransformer", {{"InputPathsMap", {{"a", "$.a"}}}}}};
  EXPECT_EQ(validationMessage(noTemplate),
            "1 validation error detected: Value null at "
            "'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: "
            "Member must not be null");

  Json badKey = transformer(Json::object({{"a.b", "$.a"}}), "\"<a.b>\"");
  EXPECT_EQ(validationMessage(badKey),
            "1 validation error detected: Value '{a.b=$.a}' at "
            "'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map "
            "keys must satisfy constraint: [Member must satisfy regular expression pattern: "
            "[A-Za-z0-9\\_\\-]+]");

  Json many = Json::object();
  for (int i = 0; i < 101; ++i) many["k" + std::to_string(i)] = "$.a";
  Json big = transformer(many, "\"\"");
  big["InputTransformer"]["InputTemplate"] = "";
  std::vector<std::string> v = ebw::transform::targetInputConstraintViolations(big, 3);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NE(v[0].find("at 'targets.3.member.inputTransformer.inputPathsMap' failed to satisfy "
                      "constraint: Member must have length less than or equal to 100"),
            std::string::npos);
  EXPECT_EQ(v[1],
            "Value '' at 'targets.3.member.inputTransformer.inputTemplate' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1");
  EXPECT_EQ(validationMessage(big).rfind("2 validation errors detected: ", 0), 0u);

  Json kinesis = {{"Id", "t1"}, {"KinesisParameters", Json::object()}};
  EXPECT_EQ(validationMessage(kinesis),
            "1 validation error detected: Value null at "
            "'targets.1.member.kinesisParameters.partitionKeyPath' failed to satisfy constraint: "
            "Member must not be null");
  EXPECT_NO_THROW(validateTargetInput({{"Id", "t1"}, {"Input", std::string(8190, ' ') + "{}"}}));
  EXPECT_NE(validationMessage({{"Id", "t1"}, {"Input", std::string(8191, ' ') + "{}"}})
                .find("'targets.1.member.input' failed to satisfy constraint: Member must have "
                      "length less than or equal to 8192"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Dynamic target parameters
// ---------------------------------------------------------------------------------------------

TEST(DynamicParameters, KinesisPartitionKey) {
  Json t = {{"Id", "k"},
            {"Arn", "arn:aws:kinesis:us-east-1:123456789012:stream/s"},
            {"KinesisParameters", {{"PartitionKeyPath", "$.detail.instance-id"}}}};
  EXPECT_EQ(resolveDynamicParameters(t, kEvent), Json({{"PartitionKey", "i-0123456789"}}));
  t["KinesisParameters"]["PartitionKeyPath"] = "$.detail.obj";
  EXPECT_EQ(resolveDynamicParameters(t, kEvent)["PartitionKey"], R"({"a":"x","b":[1,2]})");
  t["KinesisParameters"]["PartitionKeyPath"] = "$.detail.float";
  EXPECT_EQ(resolveDynamicParameters(t, kEvent)["PartitionKey"], "1.50");
  t["KinesisParameters"]["PartitionKeyPath"] = "$.detail.absent";
  EXPECT_EQ(resolveDynamicParameters(t, kEvent)["PartitionKey"],
            "7bf73129-1428-4cd3-a780-95db273d1602");
  t.erase("KinesisParameters");
  EXPECT_EQ(resolveDynamicParameters(t, kEvent),
            Json({{"PartitionKey", "7bf73129-1428-4cd3-a780-95db273d1602"}}));
}

TEST(DynamicParameters, HttpParameters) {
  Json t = {
      {"Id", "h"},
      {"Arn", "arn:aws:execute-api:us-east-1:123456789012:api/stage/POST/*"},
      {"HttpParameters",
       {{"PathParameterValues", {"$.detail.state", "static", "$.nope"}},
        {"HeaderParameters", {{"X-Id", "$.id"}, {"X-Static", "v"}, {"X-Obj", "$.detail.obj"}}},
        {"QueryStringParameters", {{"flag", "$.detail.flag"}, {"raw", "$detail"}}}}}};
  Json want = {{"HttpParameters",
                {{"PathParameterValues", {"RUNNING", "static", ""}},
                 {"HeaderParameters",
                  {{"X-Id", "7bf73129-1428-4cd3-a780-95db273d1602"},
                   {"X-Static", "v"},
                   {"X-Obj", R"({"a":"x","b":[1,2]})"}}},
                 {"QueryStringParameters", {{"flag", "true"}, {"raw", "$detail"}}}}}};
  EXPECT_EQ(resolveDynamicParameters(t, kEvent), want);
}

TEST(DynamicParameters, NoneApply) {
  EXPECT_EQ(resolveDynamicParameters({{"Id", "q"}, {"Arn", "arn:aws:sqs:us-east-1:1:q"}}, kEvent),
            Json::object());
  EXPECT_EQ(resolveDynamicParameters(Json("not an object"), kEvent), Json::object());
}

TEST(DynamicParameters, InvalidUtf8IsReplaced) {
  Json t = {{"Id", "k"}, {"KinesisParameters", {{"PartitionKeyPath", "$.k"}}}};
  Json out = resolveDynamicParameters(t, "{\"k\":\"a\xFF\xC0z\"}");
  EXPECT_NO_THROW(out.dump());
  EXPECT_EQ(out["PartitionKey"], "a\xEF\xBF\xBD\xEF\xBF\xBDz");
}

// ---------------------------------------------------------------------------------------------
// Malformed and hostile input
// ---------------------------------------------------------------------------------------------

TEST(Robustness, MalformedEvents) {
  for (const char* ev : {"", "{", "{\"a\":}", "[1,2", "nul", "{\"a\":1}}", "\"unterminated",
                         "{\"a\":\"\x01\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}"}) {
    EXPECT_EQ(renderPath("$.a", ev), std::nullopt) << ev;
    EXPECT_EQ(render(R"({"s": <state>})", ev), std::nullopt) << ev;
    EXPECT_NO_THROW(resolveDynamicParameters(
        {{"Id", "k"}, {"KinesisParameters", {{"PartitionKeyPath", "$.a"}}}}, ev));
  }
}

TEST(Robustness, DeepNesting) {
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_EQ(renderPath("$[0]", deep), std::nullopt);
  std::string ok = "{\"a\":" + std::string(900, '[') + "1" + std::string(900, ']') + "}";
  std::optional<std::string> got = renderPath("$.a", ok);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->size(), 1801u);
  std::string deepTemplate = "{\"a\":" + std::string(3000, '[') + std::string(3000, ']') + "}";
  EXPECT_EQ(renderTargetInput(transformer(kUgMap, deepTemplate), kEvent, ugContext()),
            std::nullopt);
  EXPECT_NO_THROW(validationMessage({{"Id", "x"}, {"Input", std::string(8000, '[')}}));
}

// Issue 9: deep arrays and objects are rejected cleanly everywhere, templates included. A JSON
// InputTemplate nested deeper than kMaxJsonDepth used to be accepted by PutTargets and then never
// rendered (wasm-memory.test.ts found it).
TEST(Robustness, DeepJsonTemplatesAreRefusedAtPutTargets) {
  auto nested = [](int n) {
    return "{\"a\":" + std::string(n - 1, '[') + "<state>" + std::string(n - 1, ']') + "}";
  };
  EXPECT_EQ(validationMessage(transformer(kUgMap, nested(1000))), "<no error>");
  EXPECT_EQ(validationMessage(transformer(kUgMap, nested(1001))),
            "InputTemplate for target t1 is nested deeper than 1000 levels.");
  EXPECT_EQ(validationMessage(transformer(kUgMap, "{\"a\":" + std::string(3000, '{') + "}")),
            "InputTemplate for target t1 is nested deeper than 1000 levels.");
  // Brackets inside the template's strings do not count; string templates are not JSON.
  EXPECT_EQ(validationMessage(transformer(kUgMap, "{\"a\":\"" + std::string(3000, '[') + "\"}")),
            "<no error>");
  EXPECT_EQ(validationMessage(transformer(kUgMap, "\"" + std::string(3000, '[') + "\"")),
            "<no error>");
  std::optional<std::string> out = render(nested(1000));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->size(), 5u + 2 * 999 + 9 + 1);  // {"a": [x999 "RUNNING" ]x999 }
}

TEST(Robustness, HugeExpansionIsBounded) {
  std::string bigDetail = "{\"detail\":\"" + std::string(200000, 'x') + "\"}";
  std::string tmpl = "{\"a\":[";
  for (int i = 0; i < 300; ++i) tmpl += std::string(i ? "," : "") + "<aws.events.event.json>";
  tmpl += "]}";
  Json t = transformer(nullptr, tmpl);
  EXPECT_EQ(renderTargetInput(t, bigDetail, ugContext()), std::nullopt);
}

TEST(Robustness, WrongMemberTypes) {
  TransformContext ctx = ugContext();
  std::vector<Json> targets = {
      Json("x"),
      Json::array(),
      {{"Id", 5}, {"Input", 7}},
      {{"Id", "t"}, {"InputPath", 3}},
      {{"Id", "t"}, {"InputTransformer", "x"}},
      {{"Id", "t"}, {"InputTransformer", {{"InputTemplate", 5}}}},
      {{"Id", "t"}, {"InputTransformer", {{"InputTemplate", "\"<a>\""}, {"InputPathsMap", 5}}}},
      {{"Id", "t"},
       {"InputTransformer", {{"InputTemplate", "{\"a\":<a>}"}, {"InputPathsMap", {{"a", 5}}}}}},
      {{"Id", "t"}, {"KinesisParameters", 5}, {"HttpParameters", {{"PathParameterValues", 5}}}},
      {{"Id", "t"}, {"HttpParameters", {{"HeaderParameters", {{"a", 1}}}}}},
  };
  for (const Json& t : targets) {
    try {
      validateTargetInput(t);
    } catch (const AwsError&) {
    }
    EXPECT_NO_THROW(renderTargetInput(t, kEvent, ctx)) << t.dump();
    EXPECT_NO_THROW(resolveDynamicParameters(t, kEvent)) << t.dump();
  }
  Json numberValue = {
      {"Id", "t"},
      {"InputTransformer", {{"InputTemplate", "{\"a\":<a>}"}, {"InputPathsMap", {{"a", 5}}}}}};
  EXPECT_EQ(renderTargetInput(numberValue, kEvent, ctx), std::string(R"({"a":""})"));
}

TEST(Robustness, RandomInputsNeverCrash) {
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]<>\"\\:,.$*'-_ \n\tabc019eE+tfnul\x01\xC3\xA9";
  auto randomText = [&](std::size_t maxLen) {
    std::string s;
    std::size_t len = rng() % maxLen;
    for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  TransformContext ctx = ugContext();
  for (int i = 0; i < 4000; ++i) {
    std::string tmpl = randomText(60);
    std::string path = "$" + randomText(12);
    std::string event = i % 3 == 0 ? std::string(kEvent) : randomText(80);
    Json t = transformer(Json::object({{"a", path}, {"b", "$.detail"}}), tmpl);
    Json p = {{"Id", "t"}, {"InputPath", path}};
    Json in = {{"Id", "t"}, {"Input", randomText(40)}};
    for (const Json* target : {&t, &p, &in}) {
      try {
        validateTargetInput(*target);
      } catch (const AwsError&) {
      }
      std::optional<std::string> out;
      ASSERT_NO_THROW(out = renderTargetInput(*target, event, ctx));
      if (out && target == &t && ebw::transform::isJsonTemplate(tmpl)) {
        // Whatever a JSON template delivers is valid JSON.
        EXPECT_TRUE(ebw::transform::json::checkDocument(*out, 1000).ok) << *out;
      }
    }
    ASSERT_NO_THROW(resolveDynamicParameters(
        {{"Id", "k"}, {"KinesisParameters", {{"PartitionKeyPath", path}}}}, event));
  }
}

// ---------------------------------------------------------------------------------------------
// JSON text utilities
// ---------------------------------------------------------------------------------------------

TEST(JsonText, SyntaxCheckPositions) {
  using ebw::transform::json::checkDocument;
  auto col = [](const std::string& s) {
    auto c = checkDocument(s, 1000);
    EXPECT_FALSE(c.ok) << s;
    return c.errorColumn;
  };
  EXPECT_EQ(col("env:dev"), 4u);    // Unrecognized token 'env'
  EXPECT_EQ(col("{'a':1}"), 3u);    // expecting double-quote to start field name
  EXPECT_EQ(col("{\"a\" 1}"), 7u);  // expecting a colon
  EXPECT_EQ(col("[1 2]"), 5u);      // expecting comma
  EXPECT_EQ(col("[1}"), 4u);        // mismatched end marker
  EXPECT_EQ(col("{\"a\":"), 6u);    // end of input
  EXPECT_EQ(col("truex"), 6u);      // token runs on
  EXPECT_EQ(col("01"), 2u);         // leading zero
  EXPECT_EQ(col("\"\\q\""), 4u);    // bad escape
  EXPECT_EQ(col("{} x"), 5u);       // trailing content
  EXPECT_EQ(col(""), 1u);           // no content
  EXPECT_TRUE(checkDocument(" {\"a\":[1,-2.5e+3,true,false,null,\"\\u00e9\"]} ", 1000).ok);
  EXPECT_FALSE(checkDocument("[[1]]", 1).ok);
  EXPECT_TRUE(checkDocument("[[1]]", 2).ok);
}

}  // namespace
