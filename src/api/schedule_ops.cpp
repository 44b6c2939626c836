// Internal operations behind scheduled rules (the "_Emulator." prefix makes them no AWS operation
// names; the HTTP endpoint never needs them). The runtime owns the clock and asks the core:
//  - "_Emulator.ListSchedules" {} -> {"Schedules":[{Name, EventBusName, Arn, ScheduleExpression,
//    AnchorMs}]}: every ENABLED rule with a ScheduleExpression (AnchorMs: its creation time, from
//    which rate() counts);
//  - "_Emulator.NextFireTimes" {Name, EventBusName?, After, Count} -> {"Times":[epoch ms...]}:
//    the next occurrences strictly after After; none for a DISABLED rule, which never fires;
//  - "_Emulator.FireSchedule" {Name, EventBusName?, Time} -> {"EventId", "deliveries":[...]}: the
//    "Scheduled Event" of the occurrence at Time and its targets' deliveries, shaped like
//    _Emulator.PutEvents's. A DISABLED rule is refused: AWS never fires one.
#include "api/lookup.h"
#include "api/operations.h"
#include "api/patterns.h"
#include "events/envelope.h"
#include "events/schedule_firing.h"

namespace ebw::api {

namespace {

using K = Shape::Kind;

const Shape& ruleName() {
  static const Shape s = [] {
    Shape n;
    n.min = 1;
    n.max = 64;
    n.pattern = &patterns::kName;
    return n;
  }();
  return s;
}

const Shape& busName() {
  static const Shape s = [] {
    Shape n;
    n.min = 1;
    n.max = 1600;
    n.pattern = &patterns::kEventBusNameOrArn;
    return n;
  }();
  return s;
}

const Shape& epochMs() {
  static const Shape s = [] {
    Shape n;
    n.kind = K::Integer;
    n.min = 0;
    return n;
  }();
  return s;
}

// NextFireTimes' Count: enough for any test, small enough that one call stays cheap.
constexpr int64_t kMaxCount = 10000;

const Shape& countShape() {
  static const Shape s = [] {
    Shape n;
    n.kind = K::Integer;
    n.min = 1;
    n.max = kMaxCount;
    return n;
  }();
  return s;
}

const Shape& listRequest() {
  static const Shape s = [] {
    Shape r;
    r.kind = K::Structure;
    return r;
  }();
  return s;
}

const Shape& nextRequest() {
  static const Shape s = [] {
    Shape r;
    r.kind = K::Structure;
    r.members = {{"Name", &ruleName(), true},
                 {"EventBusName", &busName()},
                 {"After", &epochMs(), true},
                 {"Count", &countShape(), true}};
    return r;
  }();
  return s;
}

const Shape& fireRequest() {
  static const Shape s = [] {
    Shape r;
    r.kind = K::Structure;
    r.members = {
        {"Name", &ruleName(), true}, {"EventBusName", &busName()}, {"Time", &epochMs(), true}};
    return r;
  }();
  return s;
}

// The rule a request names; it must have a ScheduleExpression.
const store::Rule& scheduledRule(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  const store::Rule& rule = requireRule(bus, req.at("Name").get<std::string>());
  if (!rule.scheduleExpression) {
    throw validationError("Rule " + rule.name + " does not have a schedule expression.");
  }
  return rule;
}

Json listSchedules(Context& ctx, const Json&) {
  Json out = Json::array();
  for (const auto& [busName, bus] : ctx.store.buses()) {
    for (const auto& [name, rule] : bus.rules) {
      if (!rule.enabled() || !rule.scheduleExpression) continue;
      out.push_back(Json{{"Name", name},
                         {"EventBusName", busName},
                         {"Arn", rule.arn},
                         {"ScheduleExpression", *rule.scheduleExpression},
                         {"AnchorMs", rule.creationTimeMs}});
    }
  }
  return Json{{"Schedules", std::move(out)}};
}

Json nextFireTimes(Context& ctx, const Json& req) {
  const store::Rule& rule = scheduledRule(ctx, req);
  Json times = Json::array();
  if (rule.enabled()) {
    int count = static_cast<int>(req.at("Count").get<int64_t>());
    for (int64_t t : events::nextFireTimes(rule, req.at("After").get<int64_t>(), count)) {
      times.push_back(t);
    }
  }
  return Json{{"Times", std::move(times)}};
}

Json fireSchedule(Context& ctx, const Json& req) {
  const store::Rule& rule = scheduledRule(ctx, req);
  if (!rule.enabled()) {
    throw validationError("Rule " + rule.name + " is DISABLED; a disabled rule never fires.");
  }
  std::string eventId = ctx.newId();
  std::string ingestionTime = events::formatEventTime(ctx.now());
  auto routed = events::fireScheduledRule(ctx.store, rule, eventId, req.at("Time").get<int64_t>(),
                                          ingestionTime);
  Json deliveries = Json::array();
  for (const auto& d : routed) deliveries.push_back(events::deliveryToJson(d));
  return Json{{"EventId", eventId}, {"deliveries", std::move(deliveries)}};
}

}  // namespace

void addScheduleOperations(OperationTable& table) {
  table["_Emulator.ListSchedules"] = {listRequest, listSchedules};
  table["_Emulator.NextFireTimes"] = {nextRequest, nextFireTimes};
  table["_Emulator.FireSchedule"] = {fireRequest, fireSchedule};
}

}  // namespace ebw::api
