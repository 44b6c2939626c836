// ARNs of EventBridge resources, built and parsed exactly as AWS spells them:
// arn:<partition>:events:<region>:<account>:event-bus/<bus> and ...:rule/<rule> (default bus) or
// ...:rule/<bus>/<rule> (any other bus); archives, replays, connections and API destinations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ebw::store {

// "aws", or "aws-cn" / "aws-us-gov" for regions of those partitions, so that ARNs look real.
std::string partitionForRegion(std::string_view region);

std::string eventBusArn(std::string_view region, std::string_view account, std::string_view bus);
std::string ruleArn(std::string_view region, std::string_view account, std::string_view bus,
                    std::string_view rule);

// The other events resources: ...:<type>/<path>, e.g. archive/<name>, replay/<name>,
// connection/<name>/<uuid>, api-destination/<name>/<uuid>.
std::string resourceArn(std::string_view region, std::string_view account, std::string_view type,
                        std::string_view path);
// A Secrets Manager secret: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.
std::string secretArn(std::string_view region, std::string_view account, std::string_view name);

// A parsed events ARN. `kind` is the resource type before the first '/' ("rule", "event-bus", or
// anything else, e.g. "archive"); for rules, `bus` is "default" when the ARN has no bus part.
struct ParsedArn {
  std::string partition;
  std::string region;
  std::string account;
  std::string kind;
  std::string bus;   // event-bus/<bus>, or the bus of a rule; for other kinds the whole path
  std::string rule;  // rule name (rules only)
};

// Parses "arn:<partition>:events:<region>:<account>:<type>/<name...>"; nullopt when the text is
// not an ARN of the events service with a resource path.
std::optional<ParsedArn> parseEventsArn(std::string_view arn);

// The bus name of an EventBusNameOrArn member: the text after "event-bus/" for an ARN, else the
// text itself.
std::string busNameFromNameOrArn(std::string_view nameOrArn);

}  // namespace ebw::store
