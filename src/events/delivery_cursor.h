// Handing a call's deliveries out in batches, so that neither the core nor JavaScript ever holds
// all of a large fan-out at once (issue 14: one PutEvents of 10 x 24 KB entries to 300 rules x 5
// targets built 15,000 payloads and one giant JSON text, and failed with std::bad_alloc at 1.9 GB).
//
// A batch, as JSON (what _Emulator.PutEvents and _Emulator.NextDeliveries answer):
//   {"events":[{"index":0,"eventId":"...","event":"<event JSON text>"}],
//    "rules":[{"index":0,"busName":"...","ruleArn":"...","ruleName":"...",
//              "targets":[{"targetId":"...","targetArn":"...","retryPolicy":{...}|null,
//                          "deadLetterArn":"..."|null}]}],
//    "payloads":["<payload text>", ...],
//    "deliveries":[{"event":0,"rule":0,"target":0,"payload":-1,"dynamicParameters":{},
//                   "forwarded":false,"hop":0}],
//    "dropped":0}
// Events and rules (as they were when the event was put) are sent once per cursor, in the first
// batch that needs them; a reader keeps them by index and shares them among deliveries, so that
// nothing is repeated per delivery. "payload" is an index in this batch's "payloads" (distinct
// texts), or -1 when the target receives the event's own text. "dropped" (routing.h's
// kMaxPlannedDeliveries) is counted on the last batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "events/routing.h"

namespace ebw::events {

// Per batch: at most this many deliveries, and no more deliveries once this many bytes of
// distinct payload text are in it (one delivery always fits, whatever its size).
constexpr std::size_t kBatchDeliveries = 1000;
constexpr std::size_t kBatchPayloadBytes = 1024 * 1024;

class DeliveryCursor {
 public:
  explicit DeliveryCursor(DeliveryPlan plan) : plan_(std::move(plan)) {}

  bool done() const { return next_ == plan_.deliveries().size(); }
  const DeliveryPlan& plan() const { return plan_; }

  // The next batch (see above); empty "deliveries" once done().
  Json nextBatch(std::size_t maxDeliveries = kBatchDeliveries,
                 std::size_t maxPayloadBytes = kBatchPayloadBytes);

 private:
  DeliveryPlan plan_;
  std::size_t next_ = 0;
  std::vector<bool> eventSent_;  // by event index: it was in an earlier batch
  std::vector<bool> ruleSent_;   // by rule index: likewise
};

// The cursors of one dispatcher that still have deliveries to hand out, by id ("c1", "c2", ...).
// A reader that never drains its cursors cannot grow memory without bound: beyond kMaxOpen the
// oldest cursor is discarded (the TypeScript package drains every cursor it opens, and never holds
// more than a few).
class DeliveryCursors {
 public:
  static constexpr std::size_t kMaxOpen = 64;

  std::string open(std::unique_ptr<DeliveryCursor> cursor);
  // Hands out `plan`'s first batch: adds "batch" to `answer`, and "cursor" (an open cursor) only
  // when more deliveries follow. Small calls thus take one round trip and leave nothing open.
  void handOut(DeliveryPlan plan, Json& answer);
  DeliveryCursor* find(const std::string& id);
  void close(const std::string& id);
  std::size_t size() const { return open_.size(); }

 private:
  uint64_t nextId_ = 1;
  std::map<uint64_t, std::unique_ptr<DeliveryCursor>> open_;  // ordered: oldest first
};

}  // namespace ebw::events
