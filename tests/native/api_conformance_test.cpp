// Runs every AWS-recorded API record (shared/conformance/api_errors.jsonl, api_accepted.jsonl)
// whose operation this dispatcher serves, after setting up the state the record's `notes`
// describe, and checks code, HTTP status and message exactly. Records of operations served
// elsewhere (PutEvents, archives, replays, connections, API destinations, endpoints) are counted
// as skipped. api_errors_moto.jsonl (not AWS-validated) is only reported.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/dispatcher.h"
#include "common/json.h"

#ifndef EBW_SHARED_DIR
#error "EBW_SHARED_DIR must name the shared/ folder"
#endif

namespace {

using ebw::Json;
using ebw::api::Dispatcher;

// Operations served by ebw::api::Dispatcher. Add PutEvents here once it is registered.
const std::set<std::string> kInScope = {"PutRule",
                                        "DescribeRule",
                                        "DeleteRule",
                                        "EnableRule",
                                        "DisableRule",
                                        "ListRules",
                                        "PutTargets",
                                        "RemoveTargets",
                                        "ListTargetsByRule",
                                        "ListRuleNamesByTarget",
                                        "TestEventPattern",
                                        "CreateEventBus",
                                        "UpdateEventBus",
                                        "DeleteEventBus",
                                        "DescribeEventBus",
                                        "ListEventBuses",
                                        "PutPermission",
                                        "RemovePermission",
                                        "TagResource",
                                        "UntagResource",
                                        "ListTagsForResource"};

struct Call {
  std::string op;
  Json request;
};

const char* kPattern = R"({"source":["core.update-account-command"]})";
const char* kQueue = "arn:aws:sqs:us-east-1:111111111111:test-queue-abc123";

Call createBus(const std::string& name) {
  return {"CreateEventBus", {{"Name", name}}};
}
Call putRule(const std::string& name, const std::string& bus = "default") {
  return {"PutRule", {{"Name", name}, {"EventBusName", bus}, {"EventPattern", kPattern}}};
}
Call putTarget(const std::string& rule, const std::string& id, const std::string& arn,
               const std::string& bus = "default") {
  return {"PutTargets",
          {{"Rule", rule},
           {"EventBusName", bus},
           {"Targets", Json::array({{{"Id", id}, {"Arn", arn}}})}}};
}
Call putPermission(const std::string& bus) {
  return {"PutPermission",
          {{"EventBusName", bus},
           {"Action", "events:PutEvents"},
           {"Principal", "*"},
           {"StatementId", "statement-id"}}};
}

// The state each record needs first, from its `notes` and the test it was recorded in.
std::vector<Call> setupFor(const std::string& id, const Json& request) {
  static const std::map<std::string, std::vector<Call>> table = {
      {"put_rule_schedule_on_custom_bus", {createBus("test-bus-abc123")}},
      {"put_targets_more_than_5", {putRule("test-rule-abc123")}},
      {"put_targets_invalid_id_chars", {putRule("rule-abc123")}},
      {"put_targets_id_too_long", {putRule("rule-abc123")}},
      {"put_targets_input_path_and_transformer_together",
       {createBus("test-bus-abc123"), putRule("test-rule-abc123", "test-bus-abc123")}},
      {"put_targets_template_undefined_placeholder",
       {createBus("test-bus-abc123"), putRule("test-rule-abc123", "test-bus-abc123")}},
      {"delete_rule_with_targets",
       {putRule("test-rule-abc123"), putTarget("test-rule-abc123", "t1", kQueue)}},
      {"create_event_bus_duplicate", {createBus("test-bus-abc123")}},
      {"remove_permission_unknown_sid[True-custom]",
       {createBus("test-bus-abc123"), putPermission("test-bus-abc123")}},
      {"remove_permission_unknown_sid[False-custom]", {createBus("test-bus-abc123")}},
      {"remove_permission_unknown_sid[True-default]", {putPermission("default")}},
      {"list_tags_deleted_rule",
       {createBus("test_bus-abc123"),
        putRule("test_rule-abc123", "test_bus-abc123"),
        {"DeleteRule", {{"Name", "test_rule-abc123"}, {"EventBusName", "test_bus-abc123"}}}}},
      {"list_tags_deleted_event_bus",
       {createBus("test_bus-abc123"), {"DeleteEventBus", {{"Name", "test_bus-abc123"}}}}},
      // api_accepted.jsonl
      {"put_targets_valid_id_chars", {putRule("rule-abc123")}},
      {"put_targets_same_id_overwrites",
       {putRule("rule-abc123"),
        {"PutTargets",
         {{"Rule", "rule-abc123"},
          {"Targets",
           Json::array(
               {{{"Id", "target-id"}, {"Arn", "target-arn"}, {"InputPath", "$.detail"}}})}}}}},
      // moto records
      {"moto_put_rule_schedule_custom_bus", {createBus("test-bus")}},
      {"moto_put_targets_invalid_arn", {putRule("test-rule")}},
      {"moto_delete_rule_with_targets", {putRule("test1"), putTarget("test1", "t1", kQueue)}},
      {"moto_put_permission_bad_action", {createBus("test-bus")}},
      {"moto_remove_permission_no_policy", {createBus("test-bus")}},
      {"moto_create_event_bus_duplicate", {createBus("test-bus")}},
  };
  if (id == "put_rule_same_name_twice") {
    // "Re-PutRule is an upsert": the same request was made once before.
    return {createBus(request.at("EventBusName").get<std::string>()), {"PutRule", request}};
  }
  auto it = table.find(id);
  return it == table.end() ? std::vector<Call>{} : it->second;
}

std::vector<Json> readJsonl(const std::string& name) {
  std::ifstream in(std::string(EBW_SHARED_DIR) + "/conformance/" + name);
  EXPECT_TRUE(in.good()) << "cannot open " << name;
  std::vector<Json> records;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) records.push_back(Json::parse(line));
  }
  return records;
}

ebw::api::Options optionsFor(const std::string& account, const std::string& region) {
  ebw::api::Options opts;
  opts.accountId = account;
  opts.region = region;
  opts.nowMs = [] { return int64_t{1700000000000}; };
  int n = 0;
  opts.newId = [n]() mutable {
    return "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++n);
  };
  return opts;
}

// Runs the record's setup; returns a description of the first setup call that failed.
std::string runSetup(Dispatcher& d, const std::string& id, const Json& request) {
  for (const Call& c : setupFor(id, request)) {
    auto r = d.call(c.op, c.request.dump());
    if (r.httpStatus != 200) return "setup " + c.op + " failed: " + r.body;
  }
  return "";
}

struct Outcome {
  bool pass;
  std::string detail;
};

Outcome runErrorRecord(const Json& rec, const std::string& account, const std::string& region) {
  Dispatcher d(optionsFor(account, region));
  std::string id = rec.at("id").get<std::string>();
  std::string failed = runSetup(d, id, rec.at("request"));
  if (!failed.empty()) return {false, failed};
  auto r = d.call(rec.at("operation").get<std::string>(), rec.at("request").dump());
  std::string kind = rec.value("kind", "exception");
  if (kind == "no-error") {
    return {r.httpStatus == 200,
            "expected success, got " + std::to_string(r.httpStatus) + " " + r.body};
  }
  Json body = Json::parse(r.body);
  std::string code = body.value("__type", "");
  std::string message = body.value("message", "");
  bool ok = r.httpStatus == rec.value("http_status", 400) &&
            message == rec.at("message").get<std::string>();
  if (rec.contains("error_code") && !rec["error_code"].is_null())
    ok = ok && code == rec["error_code"].get<std::string>();
  return {ok, "got " + std::to_string(r.httpStatus) + " " + r.body + "\n  expected " +
                  rec.value("error_code", Json()).dump() + " " + rec.at("message").dump()};
}

// Replaces the snapshot's masks (<partition>, <region>, <rule-name>, <bus-name>) with the values
// the record used.
Json unmask(const Json& v, const Json& request) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    auto replace = [&s](const std::string& from, const std::string& to) {
      for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
    };
    replace("<partition>", "aws");
    replace("<region>", "us-east-1");
    replace("<rule-name>", request.value("Name", request.value("Rule", "")));
    replace("<bus-name>", request.value("EventBusName", "default"));
    return s;
  }
  if (v.is_array() || v.is_object()) {
    Json out = v;
    for (auto& item : out.items()) item.value() = unmask(item.value(), request);
    return out;
  }
  return v;
}

// Compares our output with a snapshot, ignoring ResponseMetadata; a snapshot object where we
// return JSON text (LocalStack parses EventPattern) is compared as JSON.
bool sameAsSnapshot(const Json& ours, const Json& snap) {
  if (snap.is_object() && ours.is_string()) {
    Json parsed = Json::parse(ours.get<std::string>(), nullptr, false);
    return !parsed.is_discarded() && sameAsSnapshot(parsed, snap);
  }
  if (snap.is_object()) {
    if (!ours.is_object()) return false;
    std::size_t n = 0;
    for (const auto& item : snap.items()) {
      if (item.key() == "ResponseMetadata") continue;
      ++n;
      if (!ours.contains(item.key()) || !sameAsSnapshot(ours[item.key()], item.value()))
        return false;
    }
    return n == ours.size();
  }
  if (snap.is_array()) {
    if (!ours.is_array() || ours.size() != snap.size()) return false;
    for (std::size_t i = 0; i < snap.size(); ++i) {
      if (!sameAsSnapshot(ours[i], snap[i])) return false;
    }
    return true;
  }
  return ours == snap;
}

Outcome runAcceptedRecord(const Json& rec) {
  Dispatcher d(optionsFor("111111111111", "us-east-1"));
  std::string id = rec.at("id").get<std::string>();
  const Json& request = rec.at("request");
  std::string failed = runSetup(d, id, request);
  if (!failed.empty()) return {false, failed};
  auto r = d.call(rec.at("operation").get<std::string>(), request.dump());
  if (r.httpStatus != 200) return {false, "expected success, got " + r.body};
  Json snaps = unmask(rec.value("response_snapshot", Json::object()), request);
  Json out = Json::parse(r.body);
  for (const char* key : {"put-rule", "re-put-rule"}) {
    if (snaps.contains(key) && !sameAsSnapshot(out, snaps[key])) {
      return {false, std::string(key) + ": got " + r.body + " expected " + snaps[key].dump()};
    }
  }
  if (snaps.contains("list-rules")) {
    Json req{{"EventBusName", request.value("EventBusName", "default")}};
    auto lr = d.call("ListRules", req.dump());
    if (!sameAsSnapshot(Json::parse(lr.body), snaps["list-rules"])) {
      return {false, "list-rules: got " + lr.body + " expected " + snaps["list-rules"].dump()};
    }
  }
  if (snaps.contains("list-targets")) {
    Json req{{"Rule", request.at("Rule")}};
    auto lt = d.call("ListTargetsByRule", req.dump());
    if (!sameAsSnapshot(Json::parse(lt.body), snaps["list-targets"])) {
      return {false, "list-targets: got " + lt.body + " expected " + snaps["list-targets"].dump()};
    }
  }
  return {true, ""};
}

struct Tally {
  int passed = 0;
  int skipped = 0;
  int total = 0;
  std::vector<std::string> failures;
};

void report(const char* file, const Tally& t, const char* extra = "") {
  std::printf("%s: %d/%d passed (%d skipped)%s\n", file, t.passed, t.total, t.skipped, extra);
}

}  // namespace

TEST(ApiConformance, AwsRecordedErrors) {
  Tally t;
  for (const Json& rec : readJsonl("api_errors.jsonl")) {
    ++t.total;
    if (!kInScope.count(rec.at("operation").get<std::string>())) {
      ++t.skipped;
      continue;
    }
    Outcome o = runErrorRecord(rec, "111111111111", "us-east-1");
    if (o.pass) {
      ++t.passed;
    } else {
      t.failures.push_back(rec.at("id").get<std::string>() + ": " + o.detail);
    }
  }
  report("api_errors.jsonl", t);
  for (const std::string& f : t.failures) ADD_FAILURE() << f;
  EXPECT_EQ(t.passed + t.skipped, t.total);
}

TEST(ApiConformance, AwsRecordedSuccesses) {
  Tally t;
  for (const Json& rec : readJsonl("api_accepted.jsonl")) {
    ++t.total;
    if (!kInScope.count(rec.at("operation").get<std::string>())) {
      ++t.skipped;
      continue;
    }
    Outcome o = runAcceptedRecord(rec);
    if (o.pass) {
      ++t.passed;
    } else {
      t.failures.push_back(rec.at("id").get<std::string>() + ": " + o.detail);
    }
  }
  report("api_accepted.jsonl", t);
  for (const std::string& f : t.failures) ADD_FAILURE() << f;
  EXPECT_EQ(t.passed + t.skipped, t.total);
}

// Not AWS-validated: reported, never failed. Records whose notes say they conflict with AWS are
// expected to differ.
TEST(ApiConformance, MotoRecordsReportOnly) {
  Tally t;
  int conflicting = 0;
  for (const Json& rec : readJsonl("api_errors_moto.jsonl")) {
    ++t.total;
    if (!kInScope.count(rec.at("operation").get<std::string>())) {
      ++t.skipped;
      continue;
    }
    Outcome o = runErrorRecord(rec, "123456789012", "us-west-2");
    if (o.pass) {
      ++t.passed;
    } else {
      ++conflicting;
      std::printf("  moto differs: %s: %s\n", rec.at("id").get<std::string>().c_str(),
                  o.detail.c_str());
    }
  }
  std::string extra = ", " + std::to_string(conflicting) + " differ";
  report("api_errors_moto.jsonl", t, extra.c_str());
}
