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

}  // namespace

std::size_t DeliveryPlan::addEvent(std::string eventId, std::string eventJson) {
  events_.push_back(std::make_unique<RoutedEvent>(std::move(eventId), std::move(eventJson)));
  return events_.size() - 1;
}

void DeliveryPlan::routeEventToRule(const store::Store& store, const store::Rule& rule,
                                    std::size_t event) {
  routeRule(store, rule, static_cast<uint32_t>(event), 0);
}

std::size_t DeliveryPlan::routeEvent(const store::Store& store, const std::string& busName,
                                     std::string eventId, std::string eventJson) {
  auto index = static_cast<uint32_t>(addEvent(std::move(eventId), std::move(eventJson)));
  route(store, busName, index, 0);
  return index;
}

std::size_t DeliveryPlan::routeToRule(const store::Store& store, const store::Rule& rule,
                                      std::string eventId, std::string eventJson) {
  auto index = static_cast<uint32_t>(addEvent(std::move(eventId), std::move(eventJson)));
  routeRule(store, rule, index, 0);
  return index;
}

void DeliveryPlan::route(const store::Store& store, const std::string& busName, uint32_t event,
                         int hop) {
  const store::EventBus* bus = store.findBus(busName);
  if (!bus) return;  // AWS accepts events for unknown buses and drops them
  for (const std::string& ruleName : bus->matcher.match(events_[event]->text())) {
    const store::Rule* rule = bus->findRule(ruleName);
    if (!rule || !rule->matchable()) continue;  // the matcher holds only these; stay defensive
    routeRule(store, *rule, event, hop);
  }
}

uint32_t DeliveryPlan::snapshot(const store::Rule& rule) {
  auto key = std::make_pair(rule.busName, rule.name);
  auto found = ruleIndex_.find(key);
  if (found != ruleIndex_.end()) return found->second;
  auto index = static_cast<uint32_t>(rules_.size());
  rules_.push_back(PlannedRule{rule.busName, rule.arn, rule.name, rule.targets});
  ruleIndex_.emplace(std::move(key), index);
  return index;
}

void DeliveryPlan::routeRule(const store::Store& store, const store::Rule& rule, uint32_t event,
                             int hop) {
  if (rule.targets.empty()) return;
  uint32_t ruleIndex = snapshot(rule);
  for (uint32_t t = 0; t < rule.targets.size(); ++t) {
    if (items_.size() >= kMaxPlannedDeliveries) {
      ++dropped_;
      continue;
    }
    std::string nextBus = localBusTarget(store, rule.targets[t].arn);
    bool forward = !nextBus.empty() && hop < kMaxBusHops;
    PlannedDelivery d{event, ruleIndex, t, static_cast<uint8_t>(hop), forward};
    // A target whose input cannot be built receives nothing, and a bus receiving nothing does
    // not route the event further: decided now for bus targets, at rendering for the others.
    if (forward && !render(d)) continue;
    items_.push_back(d);
    if (forward) route(store, nextBus, event, hop + 1);
  }
}

std::optional<RenderedPayload> DeliveryPlan::render(const PlannedDelivery& d) const {
  const RoutedEvent& event = *events_[d.event];
  const PlannedRule& rule = rules_[d.rule];
  const Json& spec = rule.targets[d.target].spec;
  RenderedPayload out;
  if (transform::deliversWholeEvent(spec)) {
    out.wholeEvent = true;
    return out;
  }
  transform::TransformContext ctx{rule.arn, rule.name, ingestionTime_};
  std::optional<std::string> payload = transform::renderTargetInput(spec, event.document(), ctx);
  if (!payload) return std::nullopt;
  out.text = std::move(*payload);
  return out;
}

Json DeliveryPlan::targetFields(const store::Target& target) {
  Json dlq = memberOrNull(target.spec, "DeadLetterConfig");
  return Json{{"targetId", target.id},
              {"targetArn", target.arn},
              {"retryPolicy", memberOrNull(target.spec, "RetryPolicy")},
              {"deadLetterArn", dlq.is_object() ? memberOrNull(dlq, "Arn") : Json()}};
}

Json DeliveryPlan::dynamicParameters(const PlannedDelivery& d) const {
  return transform::resolveDynamicParameters(rules_[d.rule].targets[d.target].spec,
                                             events_[d.event]->document());
}

std::optional<Delivery> DeliveryPlan::renderFull(const PlannedDelivery& d) const {
  std::optional<RenderedPayload> payload = render(d);
  if (!payload) return std::nullopt;
  const RoutedEvent& event = *events_[d.event];
  const PlannedRule& rule = rules_[d.rule];
  const store::Target& target = rule.targets[d.target];
  Json fields = targetFields(target);
  Delivery out;
  out.eventId = event.id();
  out.busName = rule.busName;
  out.ruleArn = rule.arn;
  out.ruleName = rule.name;
  out.targetId = target.id;
  out.targetArn = target.arn;
  out.payload = payload->wholeEvent ? event.text() : std::move(payload->text);
  out.retryPolicy = std::move(fields["retryPolicy"]);
  out.deadLetterArn = std::move(fields["deadLetterArn"]);
  out.dynamicParameters = dynamicParameters(d);
  out.event = event.text();
  out.forwarded = d.forwarded;
  out.hop = d.hop;
  return out;
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
  DeliveryPlan plan(ingestionTime);
  plan.routeEvent(store, busName, eventId, eventJson);
  std::vector<Delivery> out;
  for (const PlannedDelivery& d : plan.deliveries()) {
    if (std::optional<Delivery> full = plan.renderFull(d)) out.push_back(std::move(*full));
  }
  return out;
}

}  // namespace ebw::events
