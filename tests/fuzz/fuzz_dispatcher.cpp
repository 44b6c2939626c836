// libFuzzer target: the control-plane Dispatcher. The first byte picks the operation from
// kOperations (byte % size; keep the list in step with the seeding in scripts/fuzz.sh), the rest
// is the request JSON.
//
// Default mode (fuzz_dispatcher): every input runs on a Dispatcher holding a small fixed state
// (two buses, rules with patterns, schedules and targets, tags, an archive holding an event, a
// replay, a connection and an API destination). The Dispatcher is kept while its
// exportState() still equals the fixed state and replaced by a fresh one (importState of the fixed
// state) after a call that changed it (and every 10000 calls), so that most inputs (refused
// requests, reads) cost no reload. A finding reproduces in a fresh process: `build/fuzz/fuzz_dispatcher <file>`.
// Stateful mode (built with -DEBW_FUZZ_STATEFUL=1 as fuzz_dispatcher_stateful): one Dispatcher
// lives across all inputs, to find state corruption; after each call that changed the state,
// ListEventBuses, ListRules (every bus) and ListTargetsByRule (every rule) must answer 200, and
// exportState() must load into a fresh Dispatcher with importState() and export identically. The
// state is reset to the fixed state every 5000 calls or when its export exceeds 32 KB, some 100
// rules with targets (every call exports the whole state, most of the time spent per call). A
// crash there may depend on earlier inputs: the failure message prints the state before the call
// for reproduction.
//
// Findings in both modes: sanitizer reports, call() throwing, a response that is not a JSON object
// (errors: with string __type and message), a 500 InternalException (set
// EBW_FUZZ_ALLOW_INTERNAL=1 to only count those), a status other than 200/4xx/500, and a failed
// call that changed the state ("A failed call leaves the state as it was"), a bus matcher out of
// step with the bus's ENABLED rules with a pattern, and PutEvents refused as a whole with
// "Parameter Event is not valid." (one entry's event refused by the matcher).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "api/dispatcher.h"
#include "common/aws_error.h"
#include "common/json.h"

namespace {

const char* const kOperations[] = {
    "PutRule",          "DescribeRule",     "DeleteRule",          "EnableRule",
    "DisableRule",      "ListRules",        "TestEventPattern",    "PutTargets",
    "RemoveTargets",    "ListTargetsByRule", "ListRuleNamesByTarget", "CreateEventBus",
    "UpdateEventBus",   "DeleteEventBus",   "DescribeEventBus",    "ListEventBuses",
    "PutPermission",    "RemovePermission", "TagResource",         "UntagResource",
    "ListTagsForResource", "PutEvents",     "_Emulator.PutEvents",
    // archives, replays, connections, API destinations (appended: earlier inputs keep their op)
    "CreateArchive",    "DescribeArchive",  "UpdateArchive",       "DeleteArchive",
    "ListArchives",     "StartReplay",      "DescribeReplay",      "CancelReplay",
    "ListReplays",      "_Emulator.StepReplay", "_Emulator.ListUnfinishedReplays",
    "CreateConnection", "DescribeConnection", "UpdateConnection",  "DeleteConnection",
    "ListConnections",  "DeauthorizeConnection", "_Emulator.SetConnectionAuthorization",
    "CreateApiDestination", "DescribeApiDestination", "UpdateApiDestination",
    "DeleteApiDestination", "ListApiDestinations", "_Emulator.ResolveApiDestination",
};
constexpr size_t kOperationCount = sizeof kOperations / sizeof kOperations[0];

// The state before the current call (stateful mode), printed with a failure.
const std::string* gStateBefore = nullptr;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "EBW_FUZZ_FAIL: %s: %s\n", what, detail.c_str());
  if (gStateBefore) {
    std::fprintf(stderr, "EBW_FUZZ_CONTEXT: state before the call: %s\n", gStateBefore->c_str());
  }
  std::abort();
}

ebw::api::Options options() {
  ebw::api::Options o;
  o.nowMs = [] { return int64_t{1704067200000}; };
  auto counter = std::make_shared<uint64_t>(0);
  o.newId = [counter] {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(++*counter));
    return std::string(buf);
  };
  return o;
}

bool allowInternal() {
  static const bool allow = std::getenv("EBW_FUZZ_ALLOW_INTERNAL") != nullptr;
  return allow;
}

// Checks the response's shape; returns true for 200.
bool checkResponse(std::string_view op, std::string_view request, const ebw::api::Response& r) {
  std::string where = std::string(op) + " " + std::string(request.substr(0, 2000)) + " -> " +
                      std::to_string(r.httpStatus) + " " + r.body.substr(0, 2000);
  ebw::Json body = ebw::Json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) fail("response body is not a JSON object", where);
  if (r.httpStatus == 200) return true;
  if (!(r.httpStatus >= 400 && r.httpStatus < 500) && r.httpStatus != 500) {
    fail("unexpected HTTP status", where);
  }
  if (!body.contains("__type") || !body["__type"].is_string() || !body.contains("message") ||
      !body["message"].is_string()) {
    fail("error response without string __type and message", where);
  }
  if (r.httpStatus == 500 && !allowInternal()) fail("InternalException (500)", where);
  // An entry's event that the matcher refuses must be that entry's error, never the request's
  // (TestEventPattern's message leaking out of PutEvents: a 1000-deep Detail did that).
  if ((op == "PutEvents" || op == "_Emulator.PutEvents") &&
      body["message"] == "Parameter Event is not valid.") {
    fail("PutEvents failed as a whole on one entry's event", where);
  }
  return false;
}

ebw::api::Response callChecked(ebw::api::Dispatcher& d, std::string_view op, std::string_view req) {
  try {
    return d.call(op, req);
  } catch (const std::exception& e) {
    fail("Dispatcher::call threw", std::string(op) + ": " + e.what());
  } catch (...) {
    fail("Dispatcher::call threw a non-exception", std::string(op));
  }
}

const char* const kSetup[][2] = {
    {"CreateEventBus", R"J({"Name":"b","Tags":[{"Key":"k","Value":"v"}]})J"},
    {"PutRule", R"J({"Name":"r","EventPattern":"{\"source\":[\"s\"],\"detail\":{\"a\":[{\"numeric\":[\">\",0]}]}}"})J"},
    {"PutRule", R"J({"Name":"sched","ScheduleExpression":"rate(5 minutes)","State":"DISABLED"})J"},
    {"PutRule", R"J({"Name":"rb","EventBusName":"b","EventPattern":"{\"detail-type\":[{\"prefix\":\"t\"}]}","Tags":[{"Key":"a","Value":"b"}]})J"},
    {"PutTargets", R"J({"Rule":"r","Targets":[{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:123456789012:q","InputTransformer":{"InputPathsMap":{"a":"$.detail.a"},"InputTemplate":"{\"x\": <a>}"}},{"Id":"t2","Arn":"arn:aws:lambda:us-east-1:123456789012:function:f","InputPath":"$.detail"}]})J"},
    {"PutTargets", R"J({"Rule":"rb","EventBusName":"b","Targets":[{"Id":"t3","Arn":"arn:aws:sns:us-east-1:123456789012:topic","Input":"{\"c\":1}"}]})J"},
    {"PutPermission", R"J({"EventBusName":"b","Action":"events:PutEvents","Principal":"111122223333","StatementId":"s1"})J"},
    {"CreateArchive", R"J({"ArchiveName":"arc","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/b","EventPattern":"{\"source\":[\"s\"]}","RetentionDays":2})J"},
    {"PutEvents", R"J({"Entries":[{"Source":"s","DetailType":"t","Detail":"{\"a\":1}","EventBusName":"b"}]})J"},
    {"StartReplay", R"J({"ReplayName":"rp","EventSourceArn":"arn:aws:events:us-east-1:123456789012:archive/arc","EventStartTime":1704067000,"EventEndTime":1704067300,"Destination":{"Arn":"arn:aws:events:us-east-1:123456789012:event-bus/b"}})J"},
    {"CreateConnection", R"J({"Name":"conn","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"},"InvocationHttpParameters":{"HeaderParameters":[{"Key":"h","Value":"s","IsValueSecret":true}]}}})J"},
};

// The API destination of the fixed state, on the connection kSetup created (whose ARN carries a
// generated id).
void addApiDestination(ebw::api::Dispatcher& d) {
  ebw::api::Response c = d.call("DescribeConnection", R"({"Name":"conn"})");
  ebw::Json conn = ebw::Json::parse(c.body, nullptr, false);
  ebw::Json req{{"Name", "dest"},
                {"ConnectionArn", conn.is_object() ? conn.value("ConnectionArn", "") : ""},
                {"InvocationEndpoint", "https://example.com/a/*"},
                {"HttpMethod", "POST"}};
  ebw::api::Response r = d.call("CreateApiDestination", req.dump());
  if (r.httpStatus != 200) {
    std::fprintf(stderr, "fuzz_dispatcher: setup CreateApiDestination failed: %s\n", r.body.c_str());
  }
}

const std::string& initialState() {
  static const std::string state = [] {
    ebw::api::Dispatcher d(options());
    for (const auto& c : kSetup) {
      ebw::api::Response r = d.call(c[0], c[1]);
      if (r.httpStatus != 200) {
        std::fprintf(stderr, "fuzz_dispatcher: setup %s failed: %s\n", c[0], r.body.c_str());
      }
    }
    addApiDestination(d);
    return d.exportState();
  }();
  return state;
}

std::unique_ptr<ebw::api::Dispatcher> freshDispatcher() {
  auto d = std::make_unique<ebw::api::Dispatcher>(options());
  try {
    d->importState(initialState());
  } catch (const std::exception& e) {
    fail("importState of the initial state failed", e.what());
  }
  return d;
}

std::string exportChecked(const ebw::api::Dispatcher& d) {
  try {
    return d.exportState();
  } catch (const std::exception& e) {
    fail("exportState threw", e.what());
  }
}

// Every bus's matcher holds exactly its matchable rules (store.h: ENABLED rules with a pattern).
void checkMatchers(const ebw::api::Dispatcher& d, std::string_view op, std::string_view request) {
  for (const auto& [busName, bus] : d.store().buses()) {
    size_t matchable = 0;
    for (const auto& [ruleName, rule] : bus.rules) {
      if (rule.matchable()) ++matchable;
      if (rule.matchable() != bus.matcher.hasRule(ruleName)) {
        fail("bus matcher out of step with its rules",
             "bus " + busName + " rule " + ruleName + " after " + std::string(op) + " " +
                 std::string(request.substr(0, 2000)));
      }
    }
    if (bus.matcher.size() != matchable) {
      fail("bus matcher holds rules the bus does not have",
           "bus " + busName + " after " + std::string(op) + " " + std::string(request.substr(0, 2000)));
    }
  }
}

#ifdef EBW_FUZZ_STATEFUL
// After a call that changed the state: the list operations answer 200 and the state round-trips.
void checkState(ebw::api::Dispatcher& d, const std::string& exported) {
  ebw::api::Response buses = callChecked(d, "ListEventBuses", "{}");
  if (!checkResponse("ListEventBuses", "{}", buses)) fail("ListEventBuses failed", buses.body);
  ebw::Json list = ebw::Json::parse(buses.body);
  for (const auto& bus : list.value("EventBuses", ebw::Json::array())) {
    ebw::Json req{{"EventBusName", bus.value("Name", "")}};
    std::string reqText = req.dump();
    ebw::api::Response rules = callChecked(d, "ListRules", reqText);
    if (!checkResponse("ListRules", reqText, rules)) fail("ListRules failed", reqText + " -> " + rules.body);
    ebw::Json rl = ebw::Json::parse(rules.body);
    for (const auto& rule : rl.value("Rules", ebw::Json::array())) {
      ebw::Json treq{{"Rule", rule.value("Name", "")}, {"EventBusName", bus.value("Name", "")}};
      std::string treqText = treq.dump();
      ebw::api::Response targets = callChecked(d, "ListTargetsByRule", treqText);
      if (!checkResponse("ListTargetsByRule", treqText, targets)) {
        fail("ListTargetsByRule failed", treqText + " -> " + targets.body);
      }
    }
  }
  ebw::api::Dispatcher copy(options());
  try {
    copy.importState(exported);
  } catch (const std::exception& e) {
    fail("importState(exportState()) threw", std::string(e.what()) + "\nstate: " + exported);
  }
  std::string again = exportChecked(copy);
  if (again != exported) fail("exportState does not round-trip", exported + "\n-- after import --\n" + again);
}
#endif

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  initialState();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view op = kOperations[data[0] % kOperationCount];
  std::string_view request(reinterpret_cast<const char*>(data + 1), size - 1);

#ifdef EBW_FUZZ_STATEFUL
  static std::unique_ptr<ebw::api::Dispatcher> d;
  static std::string before;
  static uint64_t calls = 0;
  if (!d || ++calls % 5000 == 0 || before.size() > 32 * 1024) {
    d = freshDispatcher();
    before = exportChecked(*d);
  }
  gStateBefore = &before;
  ebw::api::Response r = callChecked(*d, op, request);
  bool ok = checkResponse(op, request, r);
  checkMatchers(*d, op, request);
  std::string after = exportChecked(*d);
  if (after != before) {
    if (!ok) {
      fail("a failed call changed the state", std::string(op) + " " + std::string(request) +
                                                  " -> " + r.body + "\nafter: " + after);
    }
    checkState(*d, after);
  }
  gStateBefore = nullptr;
  before = std::move(after);
#else
  static std::unique_ptr<ebw::api::Dispatcher> d;
  static uint64_t calls = 0;
  // Also a fresh one now and then, in case some state that exportState() omits builds up.
  if (!d || ++calls % 10000 == 0) d = freshDispatcher();
  const std::string& before = initialState();
  ebw::api::Response r = callChecked(*d, op, request);
  bool ok = checkResponse(op, request, r);
  checkMatchers(*d, op, request);
  std::string after = exportChecked(*d);
  if (after != before) {
    if (!ok) {
      fail("a failed call changed the state",
           std::string(op) + " " + std::string(request) + " -> " + r.body + "\nafter: " + after);
    }
    d.reset();  // the next input starts from the fixed state again
  }
#endif
  return 0;
}
