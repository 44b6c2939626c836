// Fixed bounds shared by every parser in the core, so that no input can exhaust the stack.
#pragma once

#include <cstddef>

namespace ebw {

// Deepest JSON nesting accepted anywhere (events, patterns, templates, requests). EventBridge
// processes event nesting to 1000 levels; deeper input is rejected before any recursion.
constexpr int kMaxJsonDepth = 1000;

// Largest JSON text parsed into a DOM: a request body, or JSON text held in a request member
// (Policy, Detail, ...). The same bound as the HTTP endpoint's request body (1 MiB), so that a call
// answers the same in process and over HTTP.
constexpr std::size_t kMaxJsonTextBytes = 1024 * 1024;

// How many levels the state document adds around a stored value: the deepest place is a target,
// whose object opens at level 7 (document, EventBuses, bus, Rules, rule, Targets, target); a bus
// Policy opens at level 4. Two levels spare for future state sections. A value accepted within
// kMaxJsonDepth therefore always fits kMaxStateDepth, the limit the state document is loaded with
// (Dispatcher::importState; the state property test in store_state_property_test checks it).
constexpr int kStateEnvelopeDepth = 8;
constexpr int kMaxStateDepth = kMaxJsonDepth + kStateEnvelopeDepth;

// EventPattern: at most 4096 characters (service model, since 2022-04-07).
constexpr std::size_t kMaxEventPatternLength = 4096;

// PutEvents: at most 256 KB of entries per request.
constexpr std::size_t kMaxPutEventsBytes = 256 * 1024;

}  // namespace ebw
