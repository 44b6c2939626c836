// Tags on rules and event buses, addressed by ARN. An ARN of another account or region names a
// resource that does not exist here, and gets the same not-found answer.
#include "api/lookup.h"
#include "api/model.h"
#include "api/operations.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

struct Taggable {
  std::vector<store::Tag>* tags;
  store::Rule* rule;  // nullptr for a bus
};

Taggable resolve(Context& ctx, const std::string& arn) {
  auto parsed = store::parseEventsArn(arn);
  if (!parsed || (parsed->kind != "rule" && parsed->kind != "event-bus")) {
    throw validationError(
        "Parameter ResourceARN is not valid. Reason: Only rules and event buses can be tagged.");
  }
  bool here = parsed->account == ctx.store.accountId() && parsed->region == ctx.store.region();
  store::EventBus* bus = here ? ctx.store.findBus(parsed->bus) : nullptr;
  if (parsed->kind == "event-bus") {
    if (!bus) throw busNotFound(parsed->bus);
    return {&bus->tags, nullptr};
  }
  store::Rule* rule = bus ? bus->findRule(parsed->rule) : nullptr;
  if (!rule) throw ruleNotFound(parsed->rule, parsed->bus);
  return {&rule->tags, rule};
}

Json tagResource(Context& ctx, const Json& req) {
  Taggable r = resolve(ctx, req.at("ResourceARN").get<std::string>());
  if (r.rule && r.rule->managedBy) throw managedRule(r.rule->name);
  std::vector<store::Tag> next = *r.tags;
  for (const store::Tag& t : tagsFromJson(req.at("Tags"))) store::upsertTag(next, t.key, t.value);
  if (next.size() > store::kMaxTagsPerResource) throw limitExceeded();
  *r.tags = std::move(next);
  return Json::object();
}

Json untagResource(Context& ctx, const Json& req) {
  Taggable r = resolve(ctx, req.at("ResourceARN").get<std::string>());
  if (r.rule && r.rule->managedBy) throw managedRule(r.rule->name);
  std::vector<store::Tag> kept;
  for (store::Tag& t : *r.tags) {
    bool remove = false;
    for (const Json& key : req.at("TagKeys"))
      remove = remove || (key.is_string() && key.get<std::string>() == t.key);
    if (!remove) kept.push_back(std::move(t));
  }
  *r.tags = std::move(kept);
  return Json::object();
}

Json listTagsForResource(Context& ctx, const Json& req) {
  Taggable r = resolve(ctx, req.at("ResourceARN").get<std::string>());
  return Json{{"Tags", tagsToJson(*r.tags)}};
}

}  // namespace

void addTagOperations(OperationTable& table) {
  table["TagResource"] = {model::tagResourceRequest, tagResource};
  table["UntagResource"] = {model::untagResourceRequest, untagResource};
  table["ListTagsForResource"] = {model::listTagsForResourceRequest, listTagsForResource};
}

}  // namespace ebw::api
