// Archive capture: an event that reaches a bus (the bus PutEvents named, and every bus a rule
// forwards it to) is appended to each archive of that bus whose EventPattern it matches. Replayed
// events never come through here, so they are never archived again (AWS's archive rule excludes
// them with {"replay-name":[{"exists":false}]}).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "events/envelope.h"
#include "events/routing.h"
#include "store/store.h"

namespace ebw::events {

// An event's size as an archive's SizeBytes counts it: the UTF-8 bytes of its source, detail-type,
// detail, time text and resources. This reproduces AWS's recorded figure (10 events of a known
// shape: SizeBytes 1590).
std::size_t archivedSize(const EnvelopeFields& f);

// The buses `eventJson` reached: `busName` first, then each bus a delivery forwarded it to (in
// order, each once).
std::vector<std::string> busesReached(const store::Store& store, const std::string& busName,
                                      const std::vector<Delivery>& deliveries);

// Appends the event to the matching ENABLED archives of those buses; returns how many archives took
// it. Expired events are dropped from those archives on the way.
int captureEvent(store::Store& store, const std::vector<std::string>& buses,
                 const std::string& eventJson, std::size_t sizeBytes, int64_t nowMs);

}  // namespace ebw::events
