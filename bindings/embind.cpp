// The WebAssembly surface: thin wrappers over the core's dispatcher and matcher. Nothing here
// decides anything; it only converts. C++ exceptions never cross into JavaScript (they would
// arrive as bare numbers): every entry point catches and returns the AWS error as JSON text.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "api/dispatcher.h"
#include "common/aws_error.h"
#include "common/json.h"
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
  Emulator(const std::string& accountId, const std::string& region)
      : dispatcher_(options(accountId, region)) {}

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
  ebw::Matcher matcher_;
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

}  // namespace

EMSCRIPTEN_BINDINGS(eventbridge_wasm) {
  emscripten::class_<Emulator>("Emulator")
      .constructor<std::string, std::string>()
      .function("call", &Emulator::call)
      .function("exportState", &Emulator::exportState)
      .function("importState", &Emulator::importState);
  emscripten::class_<MatcherHandle>("MatcherHandle")
      .constructor<>()
      .function("addRule", &MatcherHandle::addRule)
      .function("removeRule", &MatcherHandle::removeRule)
      .function("hasRule", &MatcherHandle::hasRule)
      .function("size", &MatcherHandle::size)
      .function("match", &MatcherHandle::match)
      .function("explain", &MatcherHandle::explain);
  emscripten::function("renderTarget", &renderTarget);
}
