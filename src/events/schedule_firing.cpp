#include "events/schedule_firing.h"

#include "events/envelope.h"
#include "schedule/schedule.h"
#include "schedule/schedule_types.h"

namespace ebw::events {

std::string scheduledEventJson(const store::Store& store, const store::Rule& rule,
                               const std::string& eventId, int64_t scheduledMs) {
  EnvelopeFields f;
  f.id = eventId;
  f.detailType = "Scheduled Event";
  f.source = "aws.events";
  f.account = store.accountId();
  f.timeMs = scheduledMs;  // the occurrence, not the (possibly later) moment it was processed
  f.region = store.region();
  f.resources = {rule.arn};
  f.detailJson = "{}";
  return buildEventJson(f);
}

std::vector<Delivery> fireScheduledRule(const store::Store& store, const store::Rule& rule,
                                        const std::string& eventId, int64_t scheduledMs,
                                        const std::string& ingestionTime) {
  DeliveryPlan plan(ingestionTime);
  plan.routeToRule(store, rule, eventId, scheduledEventJson(store, rule, eventId, scheduledMs));
  std::vector<Delivery> out;
  for (const PlannedDelivery& d : plan.deliveries()) {
    if (std::optional<Delivery> full = plan.renderFull(d)) out.push_back(std::move(*full));
  }
  return out;
}

std::vector<int64_t> nextFireTimes(const store::Rule& rule, int64_t afterMs, int count) {
  std::vector<int64_t> out;
  schedule::Schedule parsed;
  if (!rule.scheduleExpression || !schedule::tryParse(*rule.scheduleExpression, parsed)) return out;
  int64_t t = afterMs;
  for (int i = 0; i < count; ++i) {
    t = schedule::nextFireAfter(parsed, t, rule.creationTimeMs);
    if (t < 0) break;
    out.push_back(t);
  }
  return out;
}

}  // namespace ebw::events
