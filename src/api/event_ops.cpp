// PutEvents: checks the request as AWS does, builds each accepted entry's event, and routes it
// through its bus's rules to the targets' payloads. Two operation names share this code:
//  - "PutEvents" answers exactly AWS's output ({FailedEntryCount, Entries}); the HTTP endpoint
//    serves it.
//  - "_Emulator.PutEvents" (internal: the leading underscore and the dot make it no AWS operation
//    name) answers {"response": <that output>, "deliveries": [...], "archived": N}, so that an
//    in-process runtime can perform the deliveries the same call decided (and knows whether
//    archives changed the state).
// Every accepted event is also offered to the archives of the buses it reaches.
#include <cmath>

#include "api/operations.h"
#include "api/patterns.h"
#include "common/aws_error.h"
#include "events/archive_capture.h"
#include "events/entry_check.h"
#include "events/envelope.h"
#include "events/routing.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

using K = Shape::Kind;

// PutEventsRequest of the service model. Time (a timestamp, which the shape checker has no kind
// for) and the 10-entry maximum (whose message AWS spells specially) are checked by hand.
const Shape& putEventsRequest() {
  static const Shape s = [] {
    static Shape plain;
    static Shape resource;
    resource.max = 2048;
    static Shape resources;
    resources.kind = K::List;
    resources.element = &resource;
    static Shape busName;
    busName.min = 1;
    busName.max = 1600;
    busName.pattern = &patterns::kEventBusNameOrArn;
    static Shape traceHeader;
    traceHeader.min = 1;
    traceHeader.max = 500;
    static Shape entry;
    entry.kind = K::Structure;
    entry.members = {{"Source", &plain}, {"Resources", &resources},  {"DetailType", &plain},
                     {"Detail", &plain}, {"EventBusName", &busName}, {"TraceHeader", &traceHeader}};
    static Shape entries;
    entries.kind = K::List;
    entries.element = &entry;
    entries.min = 1;
    static Shape endpointId;
    endpointId.min = 1;
    endpointId.max = 50;
    Shape req;
    req.kind = K::Structure;
    req.members = {{"Entries", &entries, true}, {"EndpointId", &endpointId}};
    return req;
  }();
  return s;
}

// Latest instant Java's Instant prints with a 4-digit year; beyond it (or before 1970) the event
// falls back to the call time, as LocalStack does (AWS's behaviour is unrecorded).
constexpr double kMaxEventSeconds = 253402300799.0;

int64_t eventTimeMs(const Json& entry, int64_t nowMs) {
  auto it = entry.find("Time");
  if (it == entry.end() || it->is_null()) return nowMs;
  double secs = it->get<double>();
  if (!std::isfinite(secs) || secs < 0 || secs > kMaxEventSeconds) return nowMs;
  return static_cast<int64_t>(std::floor(secs * 1000));
}

// The local bus an EventBusName (name or ARN) designates; "" for an ARN of another account or
// region, which can never exist here.
std::string targetBusName(Context& ctx, const Json& entry) {
  auto it = entry.find("EventBusName");
  if (it == entry.end() || it->is_null()) return "default";
  const std::string& text = it->get_ref<const std::string&>();
  if (auto arn = store::parseEventsArn(text)) {
    if (arn->account != ctx.store.accountId() || arn->region != ctx.store.region()) return "";
  }
  return store::busNameFromNameOrArn(text);
}

void checkWholeRequest(const Json& req) {
  const Json& entries = req.at("Entries");
  for (const Json& e : entries) {
    auto t = e.find("Time");
    if (t != e.end() && !t->is_null() && !t->is_number()) {
      throw AwsError("SerializationException", "Unable to parse Time: expected epoch seconds.");
    }
  }
  if (entries.size() > events::kMaxEntries) {
    throw validationError(events::tooManyEntriesMessage(entries));
  }
  if (events::overSizeLimit(entries)) {
    throw validationError("Total size of the entries in the request is over the limit.");
  }
}

struct PutEventsResult {
  Json response;
  std::vector<events::Delivery> deliveries;
  int archived = 0;  // events taken by archives (each archive counted)
};

PutEventsResult putEventsImpl(Context& ctx, const Json& req) {
  checkWholeRequest(req);
  PutEventsResult out;
  Json results = Json::array();
  int failed = 0;
  int64_t now = ctx.now();
  std::string ingestionTime = events::formatEventTime(now);
  for (const Json& entry : req.at("Entries")) {
    if (auto err = events::checkEntry(entry)) {
      ++failed;
      results.push_back(Json{{"ErrorCode", err->code}, {"ErrorMessage", err->message}});
      continue;
    }
    events::EnvelopeFields f;
    f.id = ctx.newId();
    f.detailType = entry.at("DetailType").get<std::string>();
    f.source = entry.at("Source").get<std::string>();
    f.account = ctx.store.accountId();
    f.timeMs = eventTimeMs(entry, now);
    f.region = ctx.store.region();
    if (auto r = entry.find("Resources"); r != entry.end() && r->is_array()) {
      for (const Json& res : *r)
        if (res.is_string()) f.resources.push_back(res.get<std::string>());
    }
    f.detailJson = entry.at("Detail").get<std::string>();
    std::string busName = targetBusName(ctx, entry);
    if (!busName.empty()) {
      std::string event = events::buildEventJson(f);
      auto routed = events::routeEvent(ctx.store, busName, f.id, event, ingestionTime);
      out.archived +=
          events::captureEvent(ctx.store, events::busesReached(ctx.store, busName, routed), event,
                               events::archivedSize(f), now);
      for (auto& d : routed) out.deliveries.push_back(std::move(d));
    }
    results.push_back(Json{{"EventId", f.id}});
  }
  out.response = Json{{"FailedEntryCount", failed}, {"Entries", std::move(results)}};
  return out;
}

Json putEvents(Context& ctx, const Json& req) {
  return putEventsImpl(ctx, req).response;
}

Json putEventsWithDeliveries(Context& ctx, const Json& req) {
  PutEventsResult r = putEventsImpl(ctx, req);
  Json deliveries = Json::array();
  for (const auto& d : r.deliveries) deliveries.push_back(events::deliveryToJson(d));
  return Json{{"response", std::move(r.response)},
              {"deliveries", std::move(deliveries)},
              {"archived", r.archived}};
}

}  // namespace

void addEventOperations(OperationTable& table) {
  table["PutEvents"] = {putEventsRequest, putEvents};
  table["_Emulator.PutEvents"] = {putEventsRequest, putEventsWithDeliveries};
}

}  // namespace ebw::api
