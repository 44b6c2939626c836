#include "events/archive_capture.h"

#include <algorithm>

#include "store/arn.h"

namespace ebw::events {

std::size_t archivedSize(const EnvelopeFields& f) {
  std::size_t n = f.source.size() + f.detailType.size() + f.detailJson.size() +
                  formatEventTime(f.timeMs).size();
  for (const std::string& r : f.resources) n += r.size();
  return n;
}

std::vector<std::string> busesReached(const store::Store& store, const std::string& busName,
                                      const std::vector<Delivery>& deliveries) {
  std::vector<std::string> buses{busName};
  for (const Delivery& d : deliveries) {
    if (!d.forwarded) continue;
    auto arn = store::parseEventsArn(d.targetArn);
    if (!arn || arn->kind != "event-bus" || arn->account != store.accountId() ||
        arn->region != store.region()) {
      continue;
    }
    if (std::find(buses.begin(), buses.end(), arn->bus) == buses.end()) buses.push_back(arn->bus);
  }
  return buses;
}

int captureEvent(store::Store& store, const std::vector<std::string>& buses,
                 const std::string& eventJson, std::size_t sizeBytes, int64_t nowMs) {
  int taken = 0;
  for (auto& entry : store.archives()) {
    store::Archive& a = entry.second;
    if (a.state != "ENABLED") continue;
    if (std::find(buses.begin(), buses.end(), a.sourceBusName) == buses.end()) continue;
    a.expire(nowMs);
    if (!a.accepts(eventJson)) continue;
    a.append(eventJson, sizeBytes, nowMs);
    ++taken;
  }
  return taken;
}

}  // namespace ebw::events
