// EventBridge's predefined InputTemplate variables, which need no InputPathsMap entry:
//   <aws.events.rule-arn>, <aws.events.rule-name>, <aws.events.event.ingestion-time> (strings),
//   <aws.events.event> (the event without detail: detail-type renamed detailType, time replaced by
//   the ingestion time, keys ordered id, account, detailType, time, source, region, resources,
//   version, as AWS delivered it) and <aws.events.event.json> (the full event).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "transform/event_document.h"
#include "transform/value.h"

namespace ebw::transform {

bool isPredefinedVariable(std::string_view name);

struct PredefinedContext {
  std::string_view ruleArn;
  std::string_view ruleName;
  std::string_view ingestionTime;  // empty: the event's own "time"
};

// The value of predefined variable `name` for the (valid) event; std::nullopt when `name` is not a
// predefined variable.
std::optional<Value> predefinedValue(std::string_view name, const EventDocument& event,
                                     const PredefinedContext& ctx);

}  // namespace ebw::transform
