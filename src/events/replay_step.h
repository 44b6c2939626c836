// One step of a replay on the emulator's clock. The runtime (the TypeScript package) calls it at a
// fixed pace; each step moves the replay along AWS's states and returns the deliveries of the
// events it re-sent:
//
//   STARTING   -> RUNNING, and the first batch of events is re-sent
//   RUNNING    -> the next batch; a step with nothing left to send -> COMPLETED (ReplayEndTime)
//   CANCELLING -> CANCELLED (ReplayEndTime); nothing more is sent
//   archive or destination bus gone -> FAILED with a StateReason
//
// Re-sent events are the archived events whose arrival time lies in [EventStartTime,
// EventEndTime), in their original order, each with "replay-name" added (after "region", where AWS
// puts it), routed to the destination bus's rules (only those in Destination.FilterArns when
// given). They are not archived again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "events/routing.h"
#include "store/store.h"

namespace ebw::events {

// Events re-sent per step at most.
constexpr std::size_t kReplayBatchSize = 100;

std::vector<Delivery> stepReplay(store::Store& store, store::Replay& replay, int64_t nowMs,
                                 std::size_t batchSize = kReplayBatchSize);

// The event text with "replay-name" added (after "region"; at the end when there is none).
std::string withReplayName(const std::string& eventJson, const std::string& replayName);

}  // namespace ebw::events
