// The project's JSON DOM for requests, patterns, templates and state: nlohmann's ordered_json, so
// that responses and events keep the key order AWS uses. Never used on the event-matching hot path.
#pragma once

#include <nlohmann/json.hpp>

namespace ebw {
using Json = nlohmann::ordered_json;
}  // namespace ebw
