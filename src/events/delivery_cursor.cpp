#include "events/delivery_cursor.h"

#include <string_view>
#include <unordered_map>

namespace ebw::events {

namespace {

// Marks `index` as sent; true when it was not yet.
bool firstUse(std::vector<bool>& sent, std::size_t index) {
  if (index >= sent.size()) sent.resize(index + 1, false);
  if (sent[index]) return false;
  sent[index] = true;
  return true;
}

}  // namespace

Json DeliveryCursor::nextBatch(std::size_t maxDeliveries, std::size_t maxPayloadBytes) {
  const auto& planned = plan_.deliveries();
  Json events = Json::array();
  Json rules = Json::array();
  Json payloads = Json::array();
  Json deliveries = Json::array();
  // Distinct payload texts of this batch: targets of one event often receive the same text.
  std::unordered_map<std::string, std::size_t> payloadIndex;
  std::size_t payloadBytes = 0;
  std::size_t count = 0;
  while (next_ < planned.size() && count < maxDeliveries &&
         (count == 0 || payloadBytes < maxPayloadBytes)) {
    const PlannedDelivery& d = planned[next_++];
    std::optional<RenderedPayload> payload = plan_.render(d);
    if (!payload) continue;  // AWS silently delivers nothing
    ++count;
    if (firstUse(eventSent_, d.event)) {
      const RoutedEvent& e = plan_.event(d.event);
      events.push_back(Json{{"index", d.event}, {"eventId", e.id()}, {"event", e.text()}});
    }
    if (firstUse(ruleSent_, d.rule)) {
      const PlannedRule& r = plan_.rule(d.rule);
      Json targets = Json::array();
      for (const store::Target& t : r.targets) targets.push_back(DeliveryPlan::targetFields(t));
      rules.push_back(Json{{"index", d.rule},
                           {"busName", r.busName},
                           {"ruleArn", r.arn},
                           {"ruleName", r.name},
                           {"targets", std::move(targets)}});
    }
    int64_t payloadRef = -1;
    if (!payload->wholeEvent) {
      auto found = payloadIndex.find(payload->text);
      if (found == payloadIndex.end()) {
        payloadBytes += payload->text.size();
        found = payloadIndex.emplace(payload->text, payloads.size()).first;
        payloads.push_back(std::move(payload->text));
      }
      payloadRef = static_cast<int64_t>(found->second);
    }
    deliveries.push_back(Json{{"event", d.event},
                              {"rule", d.rule},
                              {"target", d.target},
                              {"payload", payloadRef},
                              {"dynamicParameters", plan_.dynamicParameters(d)},
                              {"forwarded", d.forwarded},
                              {"hop", d.hop}});
  }
  return Json{{"events", std::move(events)},
              {"rules", std::move(rules)},
              {"payloads", std::move(payloads)},
              {"deliveries", std::move(deliveries)},
              {"dropped", done() ? plan_.dropped() : 0}};
}

std::string DeliveryCursors::open(std::unique_ptr<DeliveryCursor> cursor) {
  while (open_.size() >= kMaxOpen) open_.erase(open_.begin());
  uint64_t id = nextId_++;
  open_.emplace(id, std::move(cursor));
  return "c" + std::to_string(id);
}

void DeliveryCursors::handOut(DeliveryPlan plan, Json& answer) {
  auto cursor = std::make_unique<DeliveryCursor>(std::move(plan));
  answer["batch"] = cursor->nextBatch();
  if (!cursor->done()) answer["cursor"] = open(std::move(cursor));
}

namespace {

// 0 for text that is not an id this table gave out.
uint64_t parseId(const std::string& id) {
  if (id.size() < 2 || id.size() > 21 || id[0] != 'c') return 0;
  uint64_t n = 0;
  for (std::size_t i = 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    n = n * 10 + static_cast<uint64_t>(id[i] - '0');
  }
  return n;
}

}  // namespace

DeliveryCursor* DeliveryCursors::find(const std::string& id) {
  auto it = open_.find(parseId(id));
  return it == open_.end() ? nullptr : it->second.get();
}

void DeliveryCursors::close(const std::string& id) {
  open_.erase(parseId(id));
}

}  // namespace ebw::events
