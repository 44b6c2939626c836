// Bus policies. PutPermission either replaces the whole policy (Policy) or adds/replaces one
// statement built from StatementId, Action, Principal and Condition, in the form AWS generates.
#include "api/lookup.h"
#include "api/model.h"
#include "api/operations.h"
#include "common/json_parse.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

bool hasSid(const Json& statement, const std::string& sid) {
  if (!statement.is_object()) return false;
  auto it = statement.find("Sid");
  return it != statement.end() && it->is_string() && it->get<std::string>() == sid;
}

Json statementFor(Context& ctx, const Json& req, const store::EventBus& bus) {
  auto sid = optString(req, "StatementId");
  auto action = optString(req, "Action");
  auto principal = optString(req, "Principal");
  if (!sid || !action || !principal) {
    throw validationError(
        "Parameter(s) StatementId, Action and Principal must be specified when Policy is not.");
  }
  if (*action != "events:PutEvents") {
    throw validationError("Provided value in parameter 'action' is not supported.");
  }
  Json statement = Json::object();
  statement["Sid"] = *sid;
  statement["Effect"] = "Allow";
  if (*principal == "*") {
    statement["Principal"] = "*";
  } else {
    statement["Principal"] = Json{{"AWS", "arn:" + store::partitionForRegion(ctx.store.region()) +
                                              ":iam::" + *principal + ":root"}};
  }
  statement["Action"] = *action;
  statement["Resource"] = bus.arn;
  auto cond = req.find("Condition");
  if (cond != req.end() && !cond->is_null()) {
    statement["Condition"] =
        Json{{cond->at("Type").get<std::string>(),
              Json{{cond->at("Key").get<std::string>(), cond->at("Value").get<std::string>()}}}};
  }
  return statement;
}

AwsError policyTooLong() {
  return AwsError("PolicyLengthExceededException",
                  "The event bus policy exceeds the maximum allowed length of 10240 characters.");
}

// The Policy member's JSON text, within the core's JSON limits (an unbounded parse of a policy
// nested 3000 deep once overflowed the WebAssembly stack). AWS's answers for a too deep or
// non-object policy are not recorded; these follow the form of its other Parameter messages.
Json parsePolicy(const std::string& text) {
  JsonParse parsed = parseJson(text, JsonLimits::request());
  switch (parsed.error) {
    case JsonParseError::None:
      break;
    case JsonParseError::TooLarge:
      throw policyTooLong();
    case JsonParseError::TooDeep:
      throw validationError("Parameter Policy is not valid. Reason: Policy is nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels.");
    case JsonParseError::Syntax:
      throw validationError("Parameter Policy is not valid. Reason: Policy is not a JSON object.");
  }
  if (!parsed.value.is_object()) {
    throw validationError("Parameter Policy is not valid. Reason: Policy is not a JSON object.");
  }
  return std::move(parsed.value);
}

Json putPermission(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, stringOr(req, "EventBusName", "default"));
  Json policy;
  if (auto text = optString(req, "Policy")) {
    policy = parsePolicy(*text);
  } else {
    Json statement = statementFor(ctx, req, bus);
    policy =
        bus.policy ? *bus.policy : Json{{"Version", "2012-10-17"}, {"Statement", Json::array()}};
    if (!policy.contains("Statement") || !policy["Statement"].is_array()) {
      policy["Statement"] = Json::array();
    }
    Json& statements = policy["Statement"];
    bool replaced = false;
    for (Json& s : statements) {
      if (hasSid(s, statement["Sid"].get<std::string>())) {
        s = statement;
        replaced = true;
      }
    }
    if (!replaced) statements.push_back(std::move(statement));
  }
  if (policy.dump().size() > store::kMaxPolicyLength) throw policyTooLong();
  bus.policy = std::move(policy);
  bus.lastModifiedTimeMs = ctx.now();
  return Json::object();
}

Json removePermission(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, stringOr(req, "EventBusName", "default"));
  if (boolOr(req, "RemoveAllPermissions", false)) {
    bus.policy.reset();
    bus.lastModifiedTimeMs = ctx.now();
    return Json::object();
  }
  auto sid = optString(req, "StatementId");
  AwsError notFound("ResourceNotFoundException", "Statement with the provided id does not exist.");
  // Same answer with or without a policy on the bus (AWS records).
  if (!sid || !bus.policy || !bus.policy->contains("Statement") ||
      !(*bus.policy)["Statement"].is_array()) {
    throw notFound;
  }
  Json& statements = (*bus.policy)["Statement"];
  std::size_t index = statements.size();
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (hasSid(statements[i], *sid)) index = i;
  }
  if (index == statements.size()) throw notFound;
  statements.erase(index);
  if (statements.empty()) bus.policy.reset();
  bus.lastModifiedTimeMs = ctx.now();
  return Json::object();
}

}  // namespace

void addPermissionOperations(OperationTable& table) {
  table["PutPermission"] = {model::putPermissionRequest, putPermission};
  table["RemovePermission"] = {model::removePermissionRequest, removePermission};
}

}  // namespace ebw::api
