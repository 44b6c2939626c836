// The control plane's state: event buses, their rules, the rules' targets, tags and bus policies.
// Each bus owns one compiled Matcher holding exactly its ENABLED rules that have an EventPattern,
// kept in step with every put/delete/enable/disable, so that PutEvents routing can match an event
// against a whole bus in one call:
//
//   const EventBus* bus = store.findBus(name);            // nullptr: bus does not exist
//   for (auto& ruleName : bus->matcher.match(eventJson))  // enabled pattern rules only
//     for (auto& target : bus->rules.at(ruleName).targets) ...
//
// Scheduled rules are found by walking buses() for rules with a scheduleExpression.
// The store knows nothing of the wire protocol; the API layer validates requests before calling it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "match/matcher.h"
#include "store/archive.h"
#include "store/connection.h"

namespace ebw::store {

// AWS quotas enforced by the API layer.
constexpr std::size_t kMaxRulesPerBus = 300;
constexpr std::size_t kMaxTargetsPerRule = 5;
constexpr std::size_t kMaxTagsPerResource = 50;
constexpr std::size_t kMaxEventBuses = 100;  // including the default bus
constexpr std::size_t kMaxPolicyLength = 10240;

struct Tag {
  std::string key;
  std::string value;
};

// Sets key to value, keeping the position of an existing key (AWS overwrites re-used keys).
void upsertTag(std::vector<Tag>& tags, const std::string& key, const std::string& value);

struct Target {
  std::string id;
  std::string arn;
  // The Target exactly as PutTargets received it (PascalCase members: Input, InputTransformer,
  // RetryPolicy, DeadLetterConfig, ...), returned as is by ListTargetsByRule.
  Json spec;
};

struct Rule {
  std::string name;
  std::string busName;
  std::string arn;
  std::optional<std::string> eventPattern;  // the text as given (matched and returned verbatim)
  std::optional<std::string> scheduleExpression;
  std::string state = "ENABLED";  // ENABLED | DISABLED | ENABLED_WITH_ALL_CLOUDTRAIL_...
  std::optional<std::string> description;
  std::optional<std::string> roleArn;
  std::optional<std::string> managedBy;  // set only for rules imported as managed by a service
  std::string createdBy;                 // account id
  int64_t creationTimeMs = 0;
  std::vector<Target> targets;  // in the order they were first put
  std::vector<Tag> tags;

  bool enabled() const { return state != "DISABLED"; }
  // True when the rule belongs in its bus's matcher.
  bool matchable() const { return enabled() && eventPattern.has_value(); }
  const Target* findTarget(const std::string& id) const;
};

struct EventBus {
  std::string name;
  std::string arn;
  std::optional<std::string> description;
  std::optional<std::string> kmsKeyIdentifier;
  std::optional<Json> deadLetterConfig;  // {"Arn": ...}
  std::optional<Json> logConfig;         // {"IncludeDetail": ..., "Level": ...}
  std::optional<Json> policy;            // IAM policy document; absent when no permission is set
  int64_t creationTimeMs = 0;
  int64_t lastModifiedTimeMs = 0;
  std::vector<Tag> tags;
  std::map<std::string, Rule> rules;  // by name: ListRules pages in name order
  Matcher matcher;                    // ENABLED rules with an EventPattern (see Rule::matchable)

  const Rule* findRule(const std::string& ruleName) const;
  Rule* findRule(const std::string& ruleName);
};

class Store {
 public:
  // A store holding only the `default` bus, created at `nowMs`.
  Store(std::string accountId, std::string region, int64_t nowMs);
  Store(Store&&) = default;
  Store& operator=(Store&&) = default;

  const std::string& accountId() const { return accountId_; }
  const std::string& region() const { return region_; }
  std::string busArn(const std::string& busName) const;
  std::string ruleArn(const std::string& busName, const std::string& ruleName) const;

  // ---- buses ----
  const std::map<std::string, EventBus>& buses() const { return buses_; }
  const EventBus* findBus(const std::string& name) const;
  EventBus* findBus(const std::string& name);
  // Adds a bus (name, description, ... filled by the caller; arn and times are set here).
  EventBus& addBus(EventBus bus, int64_t nowMs);
  // Removes a bus with all its rules and targets. The default bus is never removed.
  void removeBus(const std::string& name);

  // ---- rules ----
  // Convenience for routing code: nullptr when the bus or the rule does not exist.
  const Rule* findRule(const std::string& busName, const std::string& ruleName) const;
  // Creates or replaces `rule` on `bus` (arn, busName are set here; targets and tags are kept as
  // given). The matcher is updated first: an invalid pattern throws InvalidEventPatternException
  // and leaves the store unchanged.
  Rule& putRule(EventBus& bus, Rule rule);
  void deleteRule(EventBus& bus, const std::string& ruleName);
  // Changes the state and adds the rule to / removes it from the bus's matcher.
  void setRuleState(EventBus& bus, Rule& rule, const std::string& state);

  // ---- archives, replays, connections, API destinations (by name; see archive.h, connection.h)
  std::map<std::string, Archive>& archives() { return archives_; }
  const std::map<std::string, Archive>& archives() const { return archives_; }
  std::map<std::string, Replay>& replays() { return replays_; }
  const std::map<std::string, Replay>& replays() const { return replays_; }
  std::map<std::string, Connection>& connections() { return connections_; }
  const std::map<std::string, Connection>& connections() const { return connections_; }
  std::map<std::string, ApiDestination>& apiDestinations() { return apiDestinations_; }
  const std::map<std::string, ApiDestination>& apiDestinations() const { return apiDestinations_; }
  bool hasArchivesOn(const std::string& busName) const;

 private:
  std::string accountId_;
  std::string region_;
  std::map<std::string, EventBus> buses_;
  std::map<std::string, Archive> archives_;
  std::map<std::string, Replay> replays_;
  std::map<std::string, Connection> connections_;
  std::map<std::string, ApiDestination> apiDestinations_;
};

// Throws InvalidEventPatternException (AWS's message) when `pattern` does not compile; used for
// patterns that will not enter a matcher yet (disabled rules).
void validateEventPattern(const std::string& pattern);

}  // namespace ebw::store
