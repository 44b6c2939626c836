// Target operations. PutTargets upserts by Id and keeps every target member as given, so that
// ListTargetsByRule and delivery see exactly what the caller sent.
#include "api/lookup.h"
#include "api/model.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "transform/target_input.h"

namespace ebw::api {

namespace {

Json emptyResult() {
  return Json{{"FailedEntryCount", 0}, {"FailedEntries", Json::array()}};
}

bool isFifoQueueArn(const std::string& arn) {
  return arn.rfind("arn:aws", 0) == 0 && arn.find(":sqs:") != std::string::npos && arn.size() > 5 &&
         arn.compare(arn.size() - 5, 5, ".fifo") == 0;
}

// The target without null members (an SDK never sends them; a hand-written request might).
Json withoutNulls(const Json& target) {
  Json out = Json::object();
  for (const auto& item : target.items()) {
    if (!item.value().is_null()) out[item.key()] = item.value();
  }
  return out;
}

Json putTargets(Context& ctx, const Json& req) {
  std::vector<Json> targets;
  std::size_t index = 0;
  for (const Json& t : req.at("Targets")) {
    ++index;
    if (t.is_null()) continue;
    Json target = withoutNulls(t);
    // Per-target semantic checks come before the rule lookup (AWS records name a rule that
    // need not exist).
    transform::validateTargetInput(target, index);
    std::string id = target.at("Id").get<std::string>();
    if (isFifoQueueArn(target.at("Arn").get<std::string>()) && !target.contains("SqsParameters")) {
      throw validationError("Parameter(s) SqsParameters must be specified for target: " + id + ".");
    }
    targets.push_back(std::move(target));
  }
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  store::Rule& rule = requireRule(bus, req.at("Rule").get<std::string>());
  if (rule.managedBy) throw managedRule(rule.name);

  std::vector<store::Target> next = rule.targets;
  for (Json& spec : targets) {
    store::Target t;
    t.id = spec.at("Id").get<std::string>();
    t.arn = spec.at("Arn").get<std::string>();
    t.spec = std::move(spec);
    bool replaced = false;
    for (store::Target& existing : next) {
      if (existing.id == t.id) {
        existing = t;
        replaced = true;
        break;
      }
    }
    if (!replaced) next.push_back(std::move(t));
  }
  // The 5-targets quota fails the whole call (AWS record: 7 targets in one call).
  if (next.size() > store::kMaxTargetsPerRule) throw limitExceeded();
  rule.targets = std::move(next);
  return emptyResult();
}

Json removeTargets(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  store::Rule& rule = requireRule(bus, req.at("Rule").get<std::string>());
  if (rule.managedBy && !boolOr(req, "Force", false)) throw managedRule(rule.name, true);
  std::vector<store::Target> kept;
  for (store::Target& t : rule.targets) {
    bool remove = false;
    for (const Json& id : req.at("Ids"))
      remove = remove || (id.is_string() && id.get<std::string>() == t.id);
    if (!remove) kept.push_back(std::move(t));
  }
  rule.targets = std::move(kept);
  // Ids the rule does not have are not reported as failures.
  return emptyResult();
}

Json listTargetsByRule(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  const store::Rule& rule = requireRule(bus, req.at("Rule").get<std::string>());
  Page page = paginate(rule.targets.size(), req);
  Json items = Json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) items.push_back(rule.targets[i].spec);
  Json out{{"Targets", std::move(items)}};
  if (page.nextToken) out["NextToken"] = *page.nextToken;
  return out;
}

Json listRuleNamesByTarget(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  std::string arn = req.at("TargetArn").get<std::string>();
  std::vector<std::string> names;
  for (const auto& entry : bus.rules) {
    for (const store::Target& t : entry.second.targets) {
      if (t.arn == arn) {
        names.push_back(entry.first);
        break;
      }
    }
  }
  Page page = paginate(names.size(), req);
  Json items = Json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) items.push_back(names[i]);
  Json out{{"RuleNames", std::move(items)}};
  if (page.nextToken) out["NextToken"] = *page.nextToken;
  return out;
}

}  // namespace

void addTargetOperations(OperationTable& table) {
  table["PutTargets"] = {model::putTargetsRequest, putTargets};
  table["RemoveTargets"] = {model::removeTargetsRequest, removeTargets};
  table["ListTargetsByRule"] = {model::listTargetsByRuleRequest, listTargetsByRule};
  table["ListRuleNamesByTarget"] = {model::listRuleNamesByTargetRequest, listRuleNamesByTarget};
}

}  // namespace ebw::api
