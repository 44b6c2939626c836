#include "events/routing.h"

#include "store/arn.h"
#include "transform/target_input.h"

namespace ebw::events {

namespace {

// The name of the bus a target Arn designates in this account and region, or "" when the target
// is anything else (including buses of other accounts, which the runtime treats like any target).
std::string localBusTarget(const store::Store& store, const std::string& arn) {
  auto parsed = store::parseEventsArn(arn);
  if (!parsed || parsed->kind != "event-bus") return "";
  if (parsed->account != store.accountId() || parsed->region != store.region()) return "";
  return store.findBus(parsed->bus) ? parsed->bus : "";
}

Json memberOrNull(const Json& spec, const char* member) {
  auto it = spec.find(member);
  return it == spec.end() ? Json() : *it;
}

void route(const store::Store& store, const std::string& busName, const std::string& eventId,
           const std::string& eventJson, const std::string& ingestionTime, int hop,
           std::vector<Delivery>& out) {
  const store::EventBus* bus = store.findBus(busName);
  if (!bus) return;  // AWS accepts events for unknown buses and drops them
  for (const std::string& ruleName : bus->matcher.match(eventJson)) {
    const store::Rule* rule = bus->findRule(ruleName);
    if (!rule || !rule->matchable()) continue;  // the matcher holds only these; stay defensive
    routeToRule(store, *rule, eventId, eventJson, ingestionTime, hop, out);
  }
}

}  // namespace

void routeToRule(const store::Store& store, const store::Rule& rule, const std::string& eventId,
                 const std::string& eventJson, const std::string& ingestionTime, int hop,
                 std::vector<Delivery>& out) {
  transform::TransformContext ctx{rule.arn, rule.name, ingestionTime};
  for (const store::Target& t : rule.targets) {
    std::optional<std::string> payload = transform::renderTargetInput(t.spec, eventJson, ctx);
    if (!payload) continue;  // AWS silently skips a target whose input cannot be built
    Delivery d;
    d.eventId = eventId;
    d.busName = rule.busName;
    d.ruleArn = rule.arn;
    d.ruleName = rule.name;
    d.targetId = t.id;
    d.targetArn = t.arn;
    d.payload = std::move(*payload);
    d.retryPolicy = memberOrNull(t.spec, "RetryPolicy");
    Json dlq = memberOrNull(t.spec, "DeadLetterConfig");
    d.deadLetterArn = dlq.is_object() ? memberOrNull(dlq, "Arn") : Json();
    d.dynamicParameters = transform::resolveDynamicParameters(t.spec, eventJson);
    d.event = eventJson;
    d.hop = hop;
    std::string nextBus = localBusTarget(store, t.arn);
    d.forwarded = !nextBus.empty() && hop < kMaxBusHops;
    out.push_back(std::move(d));
    if (!nextBus.empty() && hop < kMaxBusHops) {
      route(store, nextBus, eventId, eventJson, ingestionTime, hop + 1, out);
    }
  }
}

Json deliveryToJson(const Delivery& d) {
  return Json{{"eventId", d.eventId},
              {"busName", d.busName},
              {"ruleArn", d.ruleArn},
              {"ruleName", d.ruleName},
              {"targetId", d.targetId},
              {"targetArn", d.targetArn},
              {"payload", d.payload},
              {"retryPolicy", d.retryPolicy},
              {"deadLetterArn", d.deadLetterArn},
              {"dynamicParameters", d.dynamicParameters},
              {"event", d.event},
              {"forwarded", d.forwarded},
              {"hop", d.hop}};
}

std::vector<Delivery> routeEvent(const store::Store& store, const std::string& busName,
                                 const std::string& eventId, const std::string& eventJson,
                                 const std::string& ingestionTime) {
  std::vector<Delivery> out;
  route(store, busName, eventId, eventJson, ingestionTime, 0, out);
  return out;
}

}  // namespace ebw::events
