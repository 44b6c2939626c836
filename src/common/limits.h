// Fixed bounds shared by every parser in the core, so that no input can exhaust the stack.
#pragma once

#include <cstddef>

namespace ebw {

// Deepest JSON nesting accepted anywhere (events, patterns, templates, requests). EventBridge
// processes event nesting to 1000 levels; deeper input is rejected before any recursion.
constexpr int kMaxJsonDepth = 1000;

// EventPattern: at most 4096 characters (service model, since 2022-04-07).
constexpr std::size_t kMaxEventPatternLength = 4096;

// PutEvents: at most 256 KB of entries per request.
constexpr std::size_t kMaxPutEventsBytes = 256 * 1024;

}  // namespace ebw
