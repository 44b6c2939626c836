// Rule operations. PutRule creates or replaces: omitted members are reset, targets and tags of an
// existing rule are kept (tags in the request apply only on creation).
#include "api/lookup.h"
#include "api/model.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "match/matcher.h"
#include "schedule/schedule.h"

namespace ebw::api {

namespace {

Json putRule(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  auto pattern = optString(req, "EventPattern");
  auto schedule = optString(req, "ScheduleExpression");
  if (!pattern && !schedule) {
    // AWS's text is not recorded; LocalStack's wording.
    throw validationError("Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }
  std::string busName = busNameOf(req);
  // Checked before the bus exists: AWS answers this for buses in any state (AWS record).
  if (schedule && busName != "default") {
    throw validationError("ScheduleExpression is supported only on the default event bus.");
  }
  if (schedule) schedule::validate(*schedule);
  store::EventBus& bus = requireBus(ctx, busName);
  const store::Rule* existing = bus.findRule(name);
  if (existing && existing->managedBy) throw managedRule(name);
  std::vector<store::Tag> tags;
  if (!existing) {
    if (bus.rules.size() >= store::kMaxRulesPerBus) throw limitExceeded();
    auto t = req.find("Tags");
    if (t != req.end() && !t->is_null()) tags = tagsFromJson(*t);
    if (tags.size() > store::kMaxTagsPerResource) throw limitExceeded();
  }

  store::Rule rule;
  rule.name = name;
  rule.eventPattern = pattern;
  rule.scheduleExpression = schedule;
  rule.state = stringOr(req, "State", "ENABLED");
  rule.description = optString(req, "Description");
  rule.roleArn = optString(req, "RoleArn");
  if (existing) {
    rule.createdBy = existing->createdBy;
    rule.creationTimeMs = existing->creationTimeMs;
    rule.targets = existing->targets;
    rule.tags = existing->tags;
  } else {
    rule.createdBy = ctx.store.accountId();
    rule.creationTimeMs = ctx.now();
    rule.tags = std::move(tags);
  }
  // Compiles the pattern into the bus's matcher; an invalid pattern throws before any change.
  const store::Rule& stored = ctx.store.putRule(bus, std::move(rule));
  return Json{{"RuleArn", stored.arn}};
}

Json describeRule(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  const store::Rule& rule = requireRule(bus, req.at("Name").get<std::string>());
  Json out = Json::object();
  out["Name"] = rule.name;
  out["Arn"] = rule.arn;
  if (rule.eventPattern) out["EventPattern"] = *rule.eventPattern;
  if (rule.scheduleExpression) out["ScheduleExpression"] = *rule.scheduleExpression;
  out["State"] = rule.state;
  if (rule.description) out["Description"] = *rule.description;
  if (rule.roleArn) out["RoleArn"] = *rule.roleArn;
  if (rule.managedBy) out["ManagedBy"] = *rule.managedBy;
  out["EventBusName"] = rule.busName;
  out["CreatedBy"] = rule.createdBy;
  return out;
}

Json deleteRule(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  std::string name = req.at("Name").get<std::string>();
  store::Rule* rule = bus.findRule(name);
  if (!rule) return Json::object();  // "If you call delete rule multiple times ... all succeed"
  if (rule->managedBy && !boolOr(req, "Force", false)) throw managedRule(name, true);
  if (!rule->targets.empty()) throw validationError("Rule can't be deleted since it has targets.");
  ctx.store.deleteRule(bus, name);
  return Json::object();
}

Json setState(Context& ctx, const Json& req, bool enable) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  store::Rule& rule = requireRule(bus, req.at("Name").get<std::string>());
  if (rule.managedBy) throw managedRule(rule.name);
  // EnableRule keeps ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: it is already enabled.
  if (enable && !rule.enabled()) ctx.store.setRuleState(bus, rule, "ENABLED");
  if (!enable) ctx.store.setRuleState(bus, rule, "DISABLED");
  return Json::object();
}

Json enableRule(Context& ctx, const Json& req) {
  return setState(ctx, req, true);
}
Json disableRule(Context& ctx, const Json& req) {
  return setState(ctx, req, false);
}

Json listRules(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, busNameOf(req));
  std::string prefix = stringOr(req, "NamePrefix", "");
  std::vector<const store::Rule*> rules;
  for (const auto& entry : bus.rules) {
    if (entry.first.compare(0, prefix.size(), prefix) == 0) rules.push_back(&entry.second);
  }
  Page page = paginate(rules.size(), req);
  Json items = Json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const store::Rule& rule = *rules[i];
    Json item = Json::object();
    item["Name"] = rule.name;
    item["Arn"] = rule.arn;
    if (rule.eventPattern) item["EventPattern"] = *rule.eventPattern;
    item["State"] = rule.state;
    if (rule.description) item["Description"] = *rule.description;
    if (rule.scheduleExpression) item["ScheduleExpression"] = *rule.scheduleExpression;
    if (rule.roleArn) item["RoleArn"] = *rule.roleArn;
    if (rule.managedBy) item["ManagedBy"] = *rule.managedBy;
    item["EventBusName"] = rule.busName;
    items.push_back(std::move(item));
  }
  Json out{{"Rules", std::move(items)}};
  if (page.nextToken) out["NextToken"] = *page.nextToken;
  return out;
}

Json testPattern(Context&, const Json& req) {
  bool result = testEventPattern(req.at("EventPattern").get<std::string>(),
                                 req.at("Event").get<std::string>());
  return Json{{"Result", result}};
}

}  // namespace

void addRuleOperations(OperationTable& table) {
  table["PutRule"] = {model::putRuleRequest, putRule};
  table["DescribeRule"] = {model::ruleNameRequest, describeRule};
  table["DeleteRule"] = {model::deleteRuleRequest, deleteRule};
  table["EnableRule"] = {model::ruleNameRequest, enableRule};
  table["DisableRule"] = {model::ruleNameRequest, disableRule};
  table["ListRules"] = {model::listRulesRequest, listRules};
  table["TestEventPattern"] = {model::testEventPatternRequest, testPattern};
}

}  // namespace ebw::api
