// The control-plane entry point: an AWS operation name plus its request JSON (API 2015-10-07,
// PascalCase members as the AWS SDKs send them) in, the response JSON or an AWS error out. The
// HTTP endpoint, the TypeScript package and the playground all call through here.
//
//   ebw::api::Dispatcher d;
//   auto r = d.call("PutRule", R"({"Name":"r1","EventPattern":"{\"source\":[\"a\"]}"})");
//   // r.httpStatus == 200, r.body == {"RuleArn":"arn:aws:events:us-east-1:123456789012:rule/r1"}
//
// Extension point for PutEvents (not registered here): route through store(), which gives each
// bus's Matcher and each rule's targets.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "events/delivery_cursor.h"
#include "store/store.h"

namespace ebw::api {

struct Options {
  std::string accountId = "123456789012";
  std::string region = "us-east-1";
  std::function<int64_t()> nowMs;      // epoch milliseconds; default: the system clock
  std::function<std::string()> newId;  // UUID v4 text; default: random
};

struct Response {
  int httpStatus;
  // The output shape as JSON text ("{}" for operations without output), or on error
  // {"__type":"<Code>","message":"<AWS message>"}.
  std::string body;
};

class Dispatcher {
 public:
  explicit Dispatcher(Options opts = {});

  // Never throws. Unknown operation -> 400 UnknownOperationException; a body over 1 MiB -> 413
  // RequestEntityTooLargeException; malformed request JSON, nested deeper than 1000 levels, or a
  // member of the wrong JSON type -> 400 SerializationException; unexpected failures -> 500
  // InternalException. Members the operation's model does not know are dropped. A failed call
  // leaves the state as it was.
  Response call(std::string_view operation, std::string_view requestJson);

  // The whole state (buses, rules, targets, tags, policies, creation times) as JSON text.
  std::string exportState() const;
  // Replaces the state with an exportState() document. Throws AwsError ValidationException with a
  // clear message for a bad document, leaving the state untouched.
  void importState(std::string_view json);

  // Buses with their matchers, rules and targets: for PutEvents routing and scheduled rules.
  store::Store& store() { return store_; }
  const store::Store& store() const { return store_; }
  const Options& options() const { return opts_; }

 private:
  Options opts_;
  store::Store store_;
  events::DeliveryCursors cursors_;  // not part of the state: never exported
};

}  // namespace ebw::api
