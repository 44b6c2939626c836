// Shared request helpers of the operation handlers: member access, bus/rule lookup with AWS's
// not-found messages, tags and timestamps in wire form.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "common/aws_error.h"

namespace ebw::api {

// "Rule <rule> does not exist on EventBus <bus>." (AWS, DescribeRule and TagResource records)
AwsError ruleNotFound(const std::string& rule, const std::string& bus);
// "Event bus <bus> does not exist." (AWS, DescribeEventBus and TagResource records)
AwsError busNotFound(const std::string& bus);
// ManagedRuleException for a rule that an AWS service manages. DeleteRule and RemoveTargets
// (`forceable`) answer "<rule> is a managed rule. Set 'force' parameter to true to override." as
// AWS does (quoted in public bug reports); the other operations cannot be forced.
AwsError managedRule(const std::string& rule, bool forceable = false);
// LimitExceededException "The requested resource exceeds the maximum number allowed." (AWS record)
AwsError limitExceeded();

std::optional<std::string> optString(const Json& request, const char* member);
std::string stringOr(const Json& request, const char* member, const std::string& fallback);
bool boolOr(const Json& request, const char* member, bool fallback);

// The bus an EventBusName-like member names ("default" when absent); ARNs are reduced to the name.
std::string busNameOf(const Json& request, const char* member = "EventBusName");

store::EventBus& requireBus(Context& ctx, const std::string& busName);
store::Rule& requireRule(store::EventBus& bus, const std::string& ruleName);

std::vector<store::Tag> tagsFromJson(const Json& tags);  // a validated TagList; later keys win
Json tagsToJson(const std::vector<store::Tag>& tags);

// CreationTime etc.: epoch seconds as a JSON number.
Json epochSeconds(int64_t ms);
// The inverse, for a timestamp member of a request (epoch seconds, a finite JSON number): epoch
// milliseconds, clamped to years -9999..9999 so that absurd values stay comparable.
int64_t epochMillis(const Json& seconds);

}  // namespace ebw::api
