// Routing one accepted event: the bus's matcher picks the ENABLED pattern rules (the store keeps
// disabled and schedule-only rules out of it), and each target of each matching rule gets its
// payload rendered from Input / InputPath / InputTransformer. The result is the list of deliveries
// for a runtime (the TypeScript package) to perform; nothing is invoked here.
//
// Event buses as targets: a target whose Arn is an event bus of this account and region gets the
// event re-put on that bus, unchanged (same id and time), and the deliveries of that bus's rules
// are appended. Each re-put is one hop; after kMaxBusHops hops the event is not forwarded again,
// so rules that send events around a cycle of buses cannot loop forever. (AWS's own limit is not
// documented in our sources; 5 is this emulator's choice.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "store/store.h"

namespace ebw::events {

constexpr int kMaxBusHops = 5;

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

// Every delivery the event causes on `busName` (and buses it is forwarded to), in rule-match
// order then target order. `ingestionTime` is the PutEvents call time as formatEventTime() text.
// An unknown bus yields no deliveries.
std::vector<Delivery> routeEvent(const store::Store& store, const std::string& busName,
                                 const std::string& eventId, const std::string& eventJson,
                                 const std::string& ingestionTime);

// The deliveries of one rule's targets (and of the buses they forward to) for `eventJson`, appended
// to `out`: routeEvent() calls it for each matching rule, a scheduled rule's firing directly.
void routeToRule(const store::Store& store, const store::Rule& rule, const std::string& eventId,
                 const std::string& eventJson, const std::string& ingestionTime, int hop,
                 std::vector<Delivery>& out);

}  // namespace ebw::events
