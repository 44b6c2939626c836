// Archive operations. An archive belongs to one event bus (its EventSourceArn) and captures the
// events that reach that bus and match its EventPattern (all of them without one); the capture
// itself is in events/archive_capture. Archives are reported ENABLED as soon as they exist, as AWS
// answers CreateArchive (AWS record). Events older than RetentionDays (0: forever) are dropped on
// the emulator's clock whenever an archive is read or written.
#include "api/lookup.h"
#include "api/model_resources.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "api/resource_lookup.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

void summaryInto(Json& out, const store::Archive& a) {
  out["ArchiveName"] = a.name;
  out["EventSourceArn"] = a.eventSourceArn;
  out["State"] = a.state;
  out["RetentionDays"] = a.retentionDays;
  out["SizeBytes"] = a.sizeBytes;
  out["EventCount"] = a.events.size();
  out["CreationTime"] = epochSeconds(a.creationTimeMs);
}

// {ArchiveArn, State, CreationTime}: CreateArchive's and UpdateArchive's answer.
Json stateAnswer(const store::Archive& a) {
  return Json{
      {"ArchiveArn", a.arn}, {"State", a.state}, {"CreationTime", epochSeconds(a.creationTimeMs)}};
}

Json createArchive(Context& ctx, const Json& req) {
  std::string name = req.at("ArchiveName").get<std::string>();
  store::Archive archive;
  // The pattern is part of the input: checked before anything is looked up (AWS's order is not
  // recorded).
  archive.setPattern(optString(req, "EventPattern"));
  store::EventBus& bus = busOfEventSourceArn(ctx, req.at("EventSourceArn").get<std::string>());
  if (ctx.store.archives().count(name)) {
    throw AwsError("ResourceAlreadyExistsException", "Archive " + name + " already exists.");
  }
  archive.name = name;
  archive.arn = store::resourceArn(ctx.store.region(), ctx.store.accountId(), "archive", name);
  archive.sourceBusName = bus.name;
  archive.eventSourceArn = bus.arn;
  archive.description = optString(req, "Description");
  archive.kmsKeyIdentifier = optString(req, "KmsKeyIdentifier");
  auto days = req.find("RetentionDays");
  if (days != req.end() && !days->is_null()) archive.retentionDays = integerOf(*days);
  archive.creationTimeMs = ctx.now();
  auto stored = ctx.store.archives().emplace(name, std::move(archive)).first;
  return stateAnswer(stored->second);
}

Json describeArchive(Context& ctx, const Json& req) {
  store::Archive& a = requireArchive(ctx, req.at("ArchiveName").get<std::string>());
  a.expire(ctx.now());
  Json out{{"ArchiveArn", a.arn}, {"ArchiveName", a.name}, {"EventSourceArn", a.eventSourceArn}};
  if (a.description) out["Description"] = *a.description;
  if (a.eventPattern) out["EventPattern"] = *a.eventPattern;
  out["State"] = a.state;
  if (a.kmsKeyIdentifier) out["KmsKeyIdentifier"] = *a.kmsKeyIdentifier;
  out["RetentionDays"] = a.retentionDays;
  out["SizeBytes"] = a.sizeBytes;
  out["EventCount"] = a.events.size();
  out["CreationTime"] = epochSeconds(a.creationTimeMs);
  return out;
}

Json updateArchive(Context& ctx, const Json& req) {
  auto description = optString(req, "Description");
  auto pattern = optString(req, "EventPattern");
  auto kms = optString(req, "KmsKeyIdentifier");
  auto days = req.find("RetentionDays");
  bool hasDays = days != req.end() && !days->is_null();
  // Checked before the archive is looked up (AWS record).
  if (!description && !pattern && !hasDays && !kms) {
    throw validationError(
        "At least one of EventPattern, RetentionDays or Description must be provided.");
  }
  store::Archive& a = requireArchive(ctx, req.at("ArchiveName").get<std::string>());
  if (pattern) a.setPattern(pattern);  // an invalid pattern throws before any change
  if (description) a.description = description;
  if (kms) a.kmsKeyIdentifier = kms;
  if (hasDays) a.retentionDays = integerOf(*days);
  a.expire(ctx.now());
  return stateAnswer(a);
}

Json deleteArchive(Context& ctx, const Json& req) {
  std::string name = req.at("ArchiveName").get<std::string>();
  requireArchive(ctx, name);
  ctx.store.archives().erase(name);
  return Json::object();
}

Json listArchives(Context& ctx, const Json& req) {
  auto prefix = optString(req, "NamePrefix");
  auto source = optString(req, "EventSourceArn");
  auto state = optString(req, "State");
  if (int(prefix.has_value()) + int(source.has_value()) + int(state.has_value()) > 1) {
    // AWS's text as moto quotes it (not recorded from AWS).
    throw validationError(
        "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or "
        "NamePrefix.");
  }
  std::string busName;
  if (source) busName = busOfEventSourceArn(ctx, *source).name;
  std::vector<store::Archive*> found;
  for (auto& entry : ctx.store.archives()) {
    store::Archive& a = entry.second;
    if (prefix && a.name.compare(0, prefix->size(), *prefix) != 0) continue;
    if (source && a.sourceBusName != busName) continue;
    if (state && a.state != *state) continue;
    found.push_back(&a);
  }
  return listAnswer(found, req, "Archives", [&](store::Archive* a) {
    a->expire(ctx.now());
    Json item = Json::object();
    summaryInto(item, *a);
    return item;
  });
}

}  // namespace

void addArchiveOperations(OperationTable& table) {
  table["CreateArchive"] = {model::createArchiveRequest, createArchive};
  table["DescribeArchive"] = {model::archiveNameRequest, describeArchive};
  table["UpdateArchive"] = {model::updateArchiveRequest, updateArchive};
  table["DeleteArchive"] = {model::archiveNameRequest, deleteArchive};
  table["ListArchives"] = {model::listArchivesRequest, listArchives};
}

}  // namespace ebw::api
