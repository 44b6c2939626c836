// What every operation handler gets: the store, the clock, the id source and the open delivery
// cursors.
#pragma once

#include <cstdint>
#include <string>

#include "api/dispatcher.h"
#include "api/shape.h"
#include "common/json.h"
#include "events/delivery_cursor.h"

namespace ebw::api {

struct Context {
  store::Store& store;
  const Options& opts;
  // Deliveries of _Emulator.PutEvents calls not yet handed out (_Emulator.NextDeliveries).
  events::DeliveryCursors& cursors;

  int64_t now() const { return opts.nowMs(); }
  std::string newId() const { return opts.newId(); }
};

// An operation: its request shape (checked before the handler runs) and the handler, which
// returns the output shape.
struct Operation {
  const Shape& (*requestShape)();
  Json (*handler)(Context&, const Json& request);
};

}  // namespace ebw::api
