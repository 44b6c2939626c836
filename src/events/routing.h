// Routing accepted events: the bus's matcher picks the ENABLED pattern rules (the store keeps
// disabled and schedule-only rules out of it), and each target of each matching rule gets its
// payload rendered from Input / InputPath / InputTransformer. The result is deliveries for a
// runtime (the TypeScript package) to perform; nothing is invoked here.
//
// Two steps, so that a PutEvents of 10 entries x 300 rules x 5 targets never holds 15,000 rendered
// payloads at once (issue 14):
//  - DeliveryPlan::routeEvent decides, when the event is put, which deliveries it causes: a few
//    bytes per delivery, plus one copy of each matched rule (name, ARN, targets) as it was then;
//  - render() builds one planned delivery's payload, from the event's EventDocument (parsed once
//    per event and shared by every rule, target and path). DeliveryCursor (delivery_cursor.h)
//    hands them out in batches.
//
// Event buses as targets: a target whose Arn is an event bus of this account and region gets the
// event re-put on that bus, unchanged (same id and time), and the deliveries of that bus's rules
// follow. Each re-put is one hop; after kMaxBusHops hops the event is not forwarded again, so rules
// that send events around a cycle of buses cannot loop forever. (AWS's own limit is not documented
// in our sources; 5 is this emulator's choice.) Since forwarding multiplies deliveries, one plan
// holds at most kMaxPlannedDeliveries; the rest are counted as dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "store/store.h"
#include "transform/event_document.h"

namespace ebw::events {

constexpr int kMaxBusHops = 5;
// 66 times the largest fan-out without forwarding (10 entries x 300 rules x 5 targets).
constexpr std::size_t kMaxPlannedDeliveries = 1000000;

// One delivery, rendered.
struct Delivery {
  std::string eventId;
  std::string busName;  // the bus whose rule matched
  std::string ruleArn;
  std::string ruleName;
  std::string targetId;
  std::string targetArn;
  std::string payload;     // exactly what the target receives
  Json retryPolicy;        // the target's RetryPolicy, or null
  Json deadLetterArn;      // DeadLetterConfig.Arn, or null
  Json dynamicParameters;  // resolveDynamicParameters(): {} when none apply
  std::string event;       // the event's JSON text as the bus saw it
  bool forwarded = false;  // the target is an event bus here: the event was re-put on it
  int hop = 0;             // 0 for the bus PutEvents named, +1 per bus-to-bus forward
};

Json deliveryToJson(const Delivery& d);

// An event being routed: its id and text, and the text checked once for paths.
class RoutedEvent {
 public:
  RoutedEvent(std::string id, std::string text)
      : id_(std::move(id)), text_(std::move(text)), doc_(text_) {}
  RoutedEvent(const RoutedEvent&) = delete;
  RoutedEvent& operator=(const RoutedEvent&) = delete;

  const std::string& id() const { return id_; }
  const std::string& text() const { return text_; }
  const transform::EventDocument& document() const { return doc_; }

 private:
  std::string id_;
  std::string text_;
  transform::EventDocument doc_;  // views text_, declared after it
};

// A rule as it was when an event matched it: later changes to the store do not affect deliveries
// already decided.
struct PlannedRule {
  std::string busName;
  std::string arn;
  std::string name;
  std::vector<store::Target> targets;
};

struct PlannedDelivery {
  uint32_t event;   // index in the plan's events
  uint32_t rule;    // index in the plan's rules
  uint32_t target;  // index in the rule's targets
  uint8_t hop;
  bool forwarded;
};

// What a planned delivery's target receives. `wholeEvent`: the event's own text (shared, not
// copied); otherwise `text`.
struct RenderedPayload {
  bool wholeEvent = false;
  std::string text;
};

class DeliveryPlan {
 public:
  // `ingestionTime`: the call time as formatEventTime() text (for
  // <aws.events.event.ingestion-time>).
  explicit DeliveryPlan(std::string ingestionTime) : ingestionTime_(std::move(ingestionTime)) {}

  // Adds an event put on `busName` and plans its deliveries (and those of buses it is forwarded
  // to), in rule-match order then target order. An unknown bus plans none (AWS drops the event).
  // Returns the event's index.
  std::size_t routeEvent(const store::Store& store, const std::string& busName, std::string eventId,
                         std::string eventJson);
  // Adds an event that goes to `rule`'s targets directly (a scheduled rule's firing).
  std::size_t routeToRule(const store::Store& store, const store::Rule& rule, std::string eventId,
                          std::string eventJson);
  // Adds an event without routing it (its index), and routes event `event` to `rule`'s targets
  // (and the buses they forward to): for callers that pick the rules themselves (a replay), so
  // that the event is parsed once however many rules it goes to.
  std::size_t addEvent(std::string eventId, std::string eventJson);
  void routeEventToRule(const store::Store& store, const store::Rule& rule, std::size_t event);

  const std::vector<PlannedDelivery>& deliveries() const { return items_; }
  std::size_t dropped() const { return dropped_; }
  const RoutedEvent& event(std::size_t i) const { return *events_[i]; }
  const PlannedRule& rule(std::size_t i) const { return rules_[i]; }

  // The payload of planned delivery `d`; nullopt when AWS silently delivers nothing (a template
  // whose result is not valid JSON, an InputPath that matches nothing, ...).
  std::optional<RenderedPayload> render(const PlannedDelivery& d) const;
  // Delivery `d` with every member filled in (the payload copied); nullopt as for render().
  std::optional<Delivery> renderFull(const PlannedDelivery& d) const;
  // The target's members a delivery carries, as deliveryToJson() spells them: targetId,
  // targetArn, retryPolicy, deadLetterArn.
  static Json targetFields(const store::Target& target);
  // resolveDynamicParameters() of the delivery's target for its event.
  Json dynamicParameters(const PlannedDelivery& d) const;

 private:
  void route(const store::Store& store, const std::string& busName, uint32_t event, int hop);
  void routeRule(const store::Store& store, const store::Rule& rule, uint32_t event, int hop);
  uint32_t snapshot(const store::Rule& rule);

  std::string ingestionTime_;
  std::vector<std::unique_ptr<RoutedEvent>> events_;
  std::vector<PlannedRule> rules_;
  std::map<std::pair<std::string, std::string>, uint32_t> ruleIndex_;  // (bus, rule) -> rules_
  std::vector<PlannedDelivery> items_;
  std::size_t dropped_ = 0;
};

// Every delivery the event causes on `busName`, rendered (for callers that want them all at once).
std::vector<Delivery> routeEvent(const store::Store& store, const std::string& busName,
                                 const std::string& eventId, const std::string& eventJson,
                                 const std::string& ingestionTime);

}  // namespace ebw::events
