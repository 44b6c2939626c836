// What every operation handler gets: the store, the clock and the id source.
#pragma once

#include <cstdint>
#include <string>

#include "api/dispatcher.h"
#include "api/shape.h"
#include "common/json.h"

namespace ebw::api {

struct Context {
  store::Store& store;
  const Options& opts;

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
