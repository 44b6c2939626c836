// Firing a scheduled rule: the "Scheduled Event" EventBridge sends to the rule's targets at each
// occurrence of its ScheduleExpression, and the deliveries of those targets (rendered exactly as
// for PutEvents, through DeliveryPlan::routeToRule). The runtime (the TypeScript package) decides
// when to fire; the next occurrences come from schedule::nextFireAfter with the rule's creation
// time as anchor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/routing.h"
#include "store/store.h"

namespace ebw::events {

// {"version":"0","id":<eventId>,"detail-type":"Scheduled Event","source":"aws.events",
//  "account":...,"time":<scheduledMs as YYYY-MM-DDTHH:MM:SSZ>,"region":...,
//  "resources":[<rule arn>],"detail":{}} in AWS's key order (reference 3.1).
std::string scheduledEventJson(const store::Store& store, const store::Rule& rule,
                               const std::string& eventId, int64_t scheduledMs);

// The deliveries of one firing of `rule` at `scheduledMs`. The rule's event pattern plays no part:
// a scheduled firing goes to the rule's own targets only. `ingestionTime` (formatEventTime text)
// feeds <aws.events.event.ingestion-time> in input templates.
std::vector<Delivery> fireScheduledRule(const store::Store& store, const store::Rule& rule,
                                        const std::string& eventId, int64_t scheduledMs,
                                        const std::string& ingestionTime);

// Up to `count` occurrences strictly after `afterMs`, ascending; fewer when the schedule ends.
// Empty for a rule without a valid ScheduleExpression.
std::vector<int64_t> nextFireTimes(const store::Rule& rule, int64_t afterMs, int count);

}  // namespace ebw::events
