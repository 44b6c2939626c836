// The WebAssembly surface: thin wrappers over the core's dispatcher and matcher. Nothing here
// decides anything; it only converts. C++ exceptions never cross into JavaScript (they would
// arrive as bare numbers): every entry point catches and returns the AWS error as JSON text, except
// the matcher's fast path, where nothing throws but std::bad_alloc (js/src/core/matcher.ts turns
// that into an Error).
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/dispatcher.h"
#include "common/aws_error.h"
#include "common/json.h"
#include "match/explain.h"
#include "match/matcher.h"
#include "transform/target_input.h"

namespace {

std::string errorJson(const std::string& code, const std::string& message, int status) {
  ebw::Json j;
  j["__type"] = code;
  j["message"] = message;
  j["httpStatus"] = status;
  return j.dump(-1, ' ', false, ebw::Json::error_handler_t::replace);
}

std::string errorJson(const ebw::AwsError& e) {
  return errorJson(e.code(), e.message(), e.httpStatus());
}

std::string internalError(const std::exception& e) {
  return errorJson("InternalException", e.what(), 500);
}

// One emulator: buses, rules, targets. The caller supplies the clock reading with each call so
// that a manual clock in JavaScript drives the core deterministically.
class Emulator {
 public:
  // `nowMs`: the caller's clock now, so the default bus gets a real CreationTime.
  Emulator(const std::string& accountId, const std::string& region, double nowMs)
      : now_(nowMs), dispatcher_(options(accountId, region)) {}

  emscripten::val call(const std::string& operation, const std::string& request, double nowMs) {
    now_ = nowMs;
    ebw::api::Response r = dispatcher_.call(operation, request);
    emscripten::val out = emscripten::val::object();
    out.set("status", r.httpStatus);
    out.set("body", r.body);
    return out;
  }

  std::string exportState(double nowMs) {
    now_ = nowMs;
    try {
      return dispatcher_.exportState();
    } catch (const ebw::AwsError& e) {
      return errorJson(e);
    } catch (const std::exception& e) {
      return internalError(e);
    }
  }

  // "" on success, else the error as JSON text.
  std::string importState(const std::string& state, double nowMs) {
    now_ = nowMs;
    try {
      dispatcher_.importState(state);
      return "";
    } catch (const ebw::AwsError& e) {
      return errorJson(e);
    } catch (const std::exception& e) {
      return internalError(e);
    }
  }

 private:
  ebw::api::Options options(const std::string& accountId, const std::string& region) {
    ebw::api::Options o;
    o.accountId = accountId;
    o.region = region;
    o.nowMs = [this] { return static_cast<int64_t>(now_); };
    return o;
  }

  double now_ = 0;
  ebw::api::Dispatcher dispatcher_;
};

class MatcherHandle {
 public:
  // "" on success, else the error as JSON text.
  std::string addRule(const std::string& name, const std::string& pattern) {
    try {
      matcher_.addRule(name, pattern);
      return "";
    } catch (const ebw::AwsError& e) {
      return errorJson(e);
    } catch (const std::exception& e) {
      return internalError(e);
    }
  }

  bool removeRule(const std::string& name) { return matcher_.removeRule(name); }
  bool hasRule(const std::string& name) const { return matcher_.hasRule(name); }
  int size() const { return static_cast<int>(matcher_.size()); }

  // A JSON array of the matching rule names, or an error object.
  std::string match(const std::string& event) {
    try {
      ebw::Json names = ebw::Json::array();
      for (const std::string& n : matcher_.match(event)) names.push_back(n);
      return names.dump(-1, ' ', false, ebw::Json::error_handler_t::replace);
    } catch (const ebw::AwsError& e) {
      return errorJson(e);
    } catch (const std::exception& e) {
      return internalError(e);
    }
  }

  // The fast path, also exported as plain functions (ebw_matcher_match_buffer and
  // ebw_matcher_match_many, below) that JavaScript calls without Embind's conversions: no strings
  // cross the boundary and nothing on the way throws (an exception here would need a call out to
  // JavaScript per call level with Emscripten's JavaScript exceptions).
  //
  // The caller writes the event's UTF-8 bytes into WebAssembly memory at `ptr` (`len` bytes) and
  // reserves `cap` int32 slots at `out`. Writes the matching rules' internal ids (stable while
  // the rule exists; see ruleName) at `out`, in the order match() reports them, and returns how
  // many matched: when that exceeds `cap`, only `cap` were written and the caller retries with a
  // larger area. Returns -1 for an invalid event (match() then gives the error).
  int matchBuffer(uintptr_t ptr, uint32_t len, uintptr_t out, uint32_t cap) {
    std::string_view event(reinterpret_cast<const char*>(ptr), len);
    return writeIds(event, reinterpret_cast<int32_t*>(out), cap);
  }

  // Many events in one call: event i is the bytes [offsets[i], offsets[i + 1]) of the buffer at
  // `ptr` (`offsets` holds count + 1 uint32 values). Writes, per event, the number of matches (or
  // -1 for an invalid event) followed by that many rule ids, into the int32 area at `out` (`cap`
  // slots). Returns the number of slots the whole result needs: when that exceeds `cap` the
  // output is incomplete and the caller retries with a larger area.
  int matchMany(uintptr_t ptr, uintptr_t offsets, uint32_t count, uintptr_t out, uint32_t cap) {
    const char* base = reinterpret_cast<const char*>(ptr);
    const uint32_t* off = reinterpret_cast<const uint32_t*>(offsets);
    int32_t* dst = reinterpret_cast<int32_t*>(out);
    uint32_t used = 0;
    for (uint32_t i = 0; i < count; ++i) {
      std::string_view event(base + off[i], off[i + 1] - off[i]);
      const bool room = used + 1 <= cap;
      int n = writeIds(event, room ? dst + used + 1 : nullptr, room ? cap - used - 1 : 0);
      if (used < cap) dst[used] = n;
      used += 1 + static_cast<uint32_t>(n > 0 ? n : 0);
    }
    return static_cast<int>(used);
  }

  // The name of the rule with this internal id ("" when no rule has it).
  std::string ruleName(uint32_t id) const { return matcher_.ruleName(id); }

  // This handle's address, for the plain exported functions.
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(this); }

  // The failing field's path ("" when the rule matches), or an error object (starts with '{').
  std::string explain(const std::string& name, const std::string& event) {
    try {
      return matcher_.explainMismatch(name, event);
    } catch (const ebw::AwsError& e) {
      return errorJson(e);
    } catch (const std::exception& e) {
      return internalError(e);
    }
  }

 private:
  // Matches one event, writes up to `cap` ids at `out`; returns the number of matches, -1 for an
  // invalid event.
  int writeIds(std::string_view event, int32_t* out, uint32_t cap) {
    if (!matcher_.matchIdsInto(event, ids_)) return -1;
    const uint32_t n = static_cast<uint32_t>(ids_.size());
    for (uint32_t k = 0; k < n && k < cap; ++k) out[k] = static_cast<int32_t>(ids_[k]);
    return static_cast<int>(n);
  }

  ebw::Matcher matcher_;
  std::vector<uint32_t> ids_;
};

// What a target receives for an event: {"delivered":true,"payload":"..."}, {"delivered":false}
// when AWS would silently not deliver, or an error object for a target PutTargets would reject.
// `target` is a PutTargets target; `context` holds RuleArn, RuleName and IngestionTime.
std::string renderTarget(const std::string& target, const std::string& event,
                         const std::string& context) {
  try {
    ebw::Json t = ebw::Json::parse(target, nullptr, false);
    ebw::Json c = ebw::Json::parse(context, nullptr, false);
    if (t.is_discarded() || !t.is_object() || c.is_discarded() || !c.is_object()) {
      return errorJson("SerializationException", "Target and context must be JSON objects", 400);
    }
    ebw::transform::validateTargetInput(t);
    ebw::transform::TransformContext ctx{c.value("RuleArn", ""), c.value("RuleName", ""),
                                         c.value("IngestionTime", "")};
    std::optional<std::string> payload = ebw::transform::renderTargetInput(t, event, ctx);
    ebw::Json out;
    out["delivered"] = payload.has_value();
    if (payload) out["payload"] = *payload;
    return out.dump(-1, ' ', false, ebw::Json::error_handler_t::replace);
  } catch (const ebw::AwsError& e) {
    return errorJson(e);
  } catch (const std::exception& e) {
    return internalError(e);
  }
}

// Why a pattern matches an event or not, field by field (match/explain.h), as JSON text; an error
// object for an invalid pattern (InvalidEventPatternException) or event (ValidationException).
std::string explainPattern(const std::string& pattern, const std::string& event) {
  try {
    return ebw::match::explanationToJson(ebw::match::explainPattern(pattern, event))
        .dump(-1, ' ', false, ebw::Json::error_handler_t::replace);
  } catch (const ebw::AwsError& e) {
    return errorJson(e);
  } catch (const std::exception& e) {
    return internalError(e);
  }
}

}  // namespace

// MatcherHandle's fast path as plain exports (Module._ebw_matcher_match_buffer and
// Module._ebw_matcher_match_many): a direct call from JavaScript, without Embind's per-call
// argument checks and conversions. `handle` is MatcherHandle.address().
extern "C" {

EMSCRIPTEN_KEEPALIVE int ebw_matcher_match_buffer(uintptr_t handle, uintptr_t ptr, uint32_t len,
                                                  uintptr_t out, uint32_t cap) {
  return reinterpret_cast<MatcherHandle*>(handle)->matchBuffer(ptr, len, out, cap);
}

// Bytes the allocator has handed out (for memory-per-rule figures in scripts/bench.mjs).
EMSCRIPTEN_KEEPALIVE uint32_t ebw_heap_bytes() {
  return static_cast<uint32_t>(mallinfo().uordblks);
}

EMSCRIPTEN_KEEPALIVE int ebw_matcher_match_many(uintptr_t handle, uintptr_t ptr, uintptr_t offsets,
                                                uint32_t count, uintptr_t out, uint32_t cap) {
  return reinterpret_cast<MatcherHandle*>(handle)->matchMany(ptr, offsets, count, out, cap);
}

}  // extern "C"

// Every public EventBridge operation, as (Embind method name, AWS operation name). Each becomes an
// Emulator method `method(requestJson, nowMs)` that is nothing but a call into the one dispatcher,
// so a new operation is one line here (and one in js/src/wasm/ebw-module.d.ts, which a Jest test
// holds to this list). The dispatcher's internal _Emulator.* operations stay reachable only through
// call().
#define EBW_EMULATOR_OPERATIONS(X)                       \
  X(putRule, "PutRule")                                  \
  X(describeRule, "DescribeRule")                        \
  X(deleteRule, "DeleteRule")                            \
  X(enableRule, "EnableRule")                            \
  X(disableRule, "DisableRule")                          \
  X(listRules, "ListRules")                              \
  X(testEventPattern, "TestEventPattern")                \
  X(putTargets, "PutTargets")                            \
  X(removeTargets, "RemoveTargets")                      \
  X(listTargetsByRule, "ListTargetsByRule")              \
  X(listRuleNamesByTarget, "ListRuleNamesByTarget")      \
  X(createEventBus, "CreateEventBus")                    \
  X(updateEventBus, "UpdateEventBus")                    \
  X(deleteEventBus, "DeleteEventBus")                    \
  X(describeEventBus, "DescribeEventBus")                \
  X(listEventBuses, "ListEventBuses")                    \
  X(putPermission, "PutPermission")                      \
  X(removePermission, "RemovePermission")                \
  X(tagResource, "TagResource")                          \
  X(untagResource, "UntagResource")                      \
  X(listTagsForResource, "ListTagsForResource")          \
  X(putEvents, "PutEvents")                              \
  /* archives, replays, connections, API destinations */ \
  X(createArchive, "CreateArchive")                      \
  X(describeArchive, "DescribeArchive")                  \
  X(updateArchive, "UpdateArchive")                      \
  X(deleteArchive, "DeleteArchive")                      \
  X(listArchives, "ListArchives")                        \
  X(startReplay, "StartReplay")                          \
  X(describeReplay, "DescribeReplay")                    \
  X(cancelReplay, "CancelReplay")                        \
  X(listReplays, "ListReplays")                          \
  X(createConnection, "CreateConnection")                \
  X(describeConnection, "DescribeConnection")            \
  X(updateConnection, "UpdateConnection")                \
  X(deleteConnection, "DeleteConnection")                \
  X(listConnections, "ListConnections")                  \
  X(deauthorizeConnection, "DeauthorizeConnection")      \
  X(createApiDestination, "CreateApiDestination")        \
  X(describeApiDestination, "DescribeApiDestination")    \
  X(updateApiDestination, "UpdateApiDestination")        \
  X(deleteApiDestination, "DeleteApiDestination")        \
  X(listApiDestinations, "ListApiDestinations")

EMSCRIPTEN_BINDINGS(eventbridge_wasm) {
  emscripten::class_<Emulator> emulator("Emulator");
  emulator.constructor<std::string, std::string, double>()
      .function("call", &Emulator::call)
      .function("exportState", &Emulator::exportState)
      .function("importState", &Emulator::importState);
#define EBW_BIND_OPERATION(method, operation)                                  \
  emulator.function(                                                           \
      #method, +[](Emulator& self, const std::string& request, double nowMs) { \
        return self.call(operation, request, nowMs);                           \
      });
  EBW_EMULATOR_OPERATIONS(EBW_BIND_OPERATION)
#undef EBW_BIND_OPERATION
  emscripten::class_<MatcherHandle>("MatcherHandle")
      .constructor<>()
      .function("addRule", &MatcherHandle::addRule)
      .function("removeRule", &MatcherHandle::removeRule)
      .function("hasRule", &MatcherHandle::hasRule)
      .function("size", &MatcherHandle::size)
      .function("match", &MatcherHandle::match)
      .function("explain", &MatcherHandle::explain)
      .function("matchBuffer", &MatcherHandle::matchBuffer)
      .function("matchMany", &MatcherHandle::matchMany)
      .function("ruleName", &MatcherHandle::ruleName)
      .function("address", &MatcherHandle::address);
  emscripten::function("renderTarget", &renderTarget);
  emscripten::function("explainPattern", &explainPattern);
}
