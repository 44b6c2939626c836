// What a rule's target receives for an event: the whole event, the constant Input, the InputPath
// extract, or the filled InputTransformer template; the PutTargets-time checks of those members;
// and the dynamic target parameters (Kinesis partition key, API Gateway HttpParameters).
//
// Every function takes a target object with the PascalCase members of the PutTargets request.
// None throws anything but ebw::AwsError.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/aws_error.h"
#include "common/json.h"

namespace ebw::transform {

class EventDocument;

struct TransformContext {
  std::string ruleArn;        // <aws.events.rule-arn>; on a custom bus arn:...:rule/<bus>/<rule>
  std::string ruleName;       // <aws.events.rule-name>
  std::string ingestionTime;  // ISO-8601, e.g. 2024-01-01T00:00:00Z; empty: the event's "time"
};

// PutTargets-time check of one target (`targetIndex` is its 1-based position in Targets, used in
// constraint messages). Throws AwsError("ValidationException", message, 400):
//  - "1 validation error detected: Value '...' at 'targets.N.member.input' failed to satisfy
//    constraint: ..." for the service model's constraints on Input, InputPath, InputTransformer
//    and KinesisParameters (see targetInputConstraintViolations);
//  - "Only one of Input, InputPath, or InputTransformer must be provided for target <Id>.";
//  - "JSON syntax error in input for target <Id>: [Source: (String)"..."; line: 1, column: 4]"
//    when Input is not JSON text;
//  - "InputTemplate for target <Id> contains invalid placeholder <name>." for a placeholder that
//    is neither an InputPathsMap key nor a predefined aws.events.* variable;
//  - "Input for target <Id> is not a valid JSON text." for a string template on a CloudWatch Logs
//    log-group target.
void validateTargetInput(const ebw::Json& target, std::size_t targetIndex = 1);

// The service-model constraint violations of the target's input members, each in AWS's form
// "Value '...' at 'targets.N.member.inputPath' failed to satisfy constraint: Member must have
// length less than or equal to 256", in model order. For an API layer that reports every
// violation of a request in one "K validation errors detected: a; b" message.
std::vector<std::string> targetInputConstraintViolations(const ebw::Json& target,
                                                         std::size_t targetIndex);

// What the target receives for the event (`eventJson`: the event's JSON text as EventBridge built
// it). std::nullopt when AWS silently delivers nothing: a JSON template whose result is not valid
// JSON, an InputPath that matches nothing, an event that is not valid JSON.
std::optional<std::string> renderTargetInput(const ebw::Json& target, std::string_view eventJson,
                                             const TransformContext& ctx);
// The same for an event already checked into an EventDocument, which every target of the event
// shares (the event is parsed once, not once per target or path).
std::optional<std::string> renderTargetInput(const ebw::Json& target, const EventDocument& event,
                                             const TransformContext& ctx);

// True when the target receives the event itself (no Input, InputPath or InputTransformer), so that
// a caller can share the event's text instead of copying it per target.
bool deliversWholeEvent(const ebw::Json& target);

// The target's dynamic parameters evaluated for the event: an object with "PartitionKey" for a
// Kinesis stream target (KinesisParameters.PartitionKeyPath evaluated; default the event id) and
// "HttpParameters" (the target's, with every value that starts with "$." replaced by that
// JSONPath's value in the event) when the target has them; an empty object when none apply.
ebw::Json resolveDynamicParameters(const ebw::Json& target, std::string_view eventJson);
ebw::Json resolveDynamicParameters(const ebw::Json& target, const EventDocument& event);

}  // namespace ebw::transform
