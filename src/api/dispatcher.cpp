#include "api/dispatcher.h"

#include <chrono>
#include <cstdio>
#include <random>

#include "api/model.h"
#include "api/operations.h"
#include "common/aws_error.h"
#include "common/json_depth.h"
#include "common/limits.h"
#include "store/state_json.h"

namespace ebw::api {

namespace {

int64_t systemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string randomUuid() {
  static std::mt19937_64 rng{[] {
    try {
      return static_cast<uint64_t>(std::random_device{}());
    } catch (...) {  // no entropy source: fall back to the clock, ids need only be unique
      return static_cast<uint64_t>(systemNowMs());
    }
  }()};
  uint64_t hi = rng();
  uint64_t lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

Options withDefaults(Options opts) {
  if (!opts.nowMs) opts.nowMs = systemNowMs;
  if (!opts.newId) opts.newId = randomUuid;
  return opts;
}

const OperationTable& operations() {
  static const OperationTable table = [] {
    OperationTable t;
    addRuleOperations(t);
    addTargetOperations(t);
    addBusOperations(t);
    addPermissionOperations(t);
    addTagOperations(t);
    addEventOperations(t);
    addScheduleOperations(t);
    addArchiveOperations(t);
    addReplayOperations(t);
    addConnectionOperations(t);
    addApiDestinationOperations(t);
    return t;
  }();
  return table;
}

std::string dumpJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response errorResponse(const std::string& code, const std::string& message, int status) {
  Json body{{"__type", code}, {"message", message}};
  return {status, dumpJson(body)};
}

bool blank(std::string_view text) {
  for (char c : text) {
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r')) return false;
  }
  return true;
}

}  // namespace

Dispatcher::Dispatcher(Options opts)
    : opts_(withDefaults(std::move(opts))), store_(opts_.accountId, opts_.region, opts_.nowMs()) {}

Response Dispatcher::call(std::string_view operation, std::string_view requestJson) {
  try {
    const OperationTable& table = operations();
    auto op = table.find(operation);
    if (op == table.end()) {
      return errorResponse("UnknownOperationException",
                           "Operation " + std::string(operation) + " is not supported.", 400);
    }
    // An empty body is taken as "no members", which is what SDKs send as {}.
    std::string_view text = blank(requestJson) ? std::string_view("{}") : requestJson;
    // The depth check runs before the recursive parser ever sees the text.
    if (!jsonDepthWithin(text, kMaxJsonDepth)) {
      return errorResponse("SerializationException", "Request body is nested too deeply.", 400);
    }
    Json request = Json::parse(text, nullptr, false);
    if (request.is_discarded()) {
      return errorResponse("SerializationException", "Request body is not valid JSON.", 400);
    }
    checkRequest(request, op->second.requestShape());
    Context ctx{store_, opts_};
    Json output = op->second.handler(ctx, request);
    return {200, dumpJson(output)};
  } catch (const AwsError& e) {
    return errorResponse(e.code(), e.message(), e.httpStatus());
  } catch (const std::exception& e) {
    return errorResponse("InternalException", e.what(), 500);
  } catch (...) {
    return errorResponse("InternalException", "Unexpected error.", 500);
  }
}

std::string Dispatcher::exportState() const {
  return dumpJson(store::stateToJson(store_));
}

void Dispatcher::importState(std::string_view json) {
  if (!jsonDepthWithin(json, kMaxJsonDepth)) {
    throw validationError("Invalid state document: nested too deeply");
  }
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded()) throw validationError("Invalid state document: not valid JSON");
  store::Store next = store::stateFromJson(doc, opts_.accountId, opts_.region, opts_.nowMs());
  // Targets must satisfy the same model constraints as PutTargets.
  for (const auto& bus : next.buses()) {
    for (const auto& rule : bus.second.rules) {
      for (const store::Target& t : rule.second.targets) {
        try {
          checkValue(t.spec, model::target(), "target");
        } catch (const AwsError& e) {
          throw validationError("Invalid state document: target " + t.id + " of rule " +
                                rule.first + " on bus " + bus.first + ": " + e.message());
        }
      }
    }
  }
  store_ = std::move(next);
}

}  // namespace ebw::api
