// Event bus operations. The default bus always exists and cannot be deleted; deleting a bus that
// does not exist succeeds (AWS record).
#include "api/lookup.h"
#include "api/model.h"
#include "api/operations.h"
#include "api/pagination.h"

namespace ebw::api {

namespace {

std::optional<Json> optObject(const Json& req, const char* member) {
  auto it = req.find(member);
  if (it == req.end() || it->is_null()) return std::nullopt;
  return *it;
}

// DescribeEventBus / ListEventBuses item members shared by both.
void describeInto(Json& out, const store::EventBus& bus, bool full) {
  out["Name"] = bus.name;
  out["Arn"] = bus.arn;
  if (bus.description) out["Description"] = *bus.description;
  if (full && bus.kmsKeyIdentifier) out["KmsKeyIdentifier"] = *bus.kmsKeyIdentifier;
  if (full && bus.deadLetterConfig) out["DeadLetterConfig"] = *bus.deadLetterConfig;
  if (bus.policy) out["Policy"] = bus.policy->dump();
  if (full && bus.logConfig) out["LogConfig"] = *bus.logConfig;
  out["CreationTime"] = epochSeconds(bus.creationTimeMs);
  out["LastModifiedTime"] = epochSeconds(bus.lastModifiedTimeMs);
}

Json createEventBus(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  auto source = optString(req, "EventSourceName");
  if (source) {
    // No partner event sources exist in the emulator (wording as moto's).
    throw AwsError("ResourceNotFoundException", "Event source " + *source + " does not exist.");
  }
  if (name.find('/') != std::string::npos) {
    throw validationError("Event bus name must not contain '/'.");
  }
  if (ctx.store.findBus(name)) {
    throw AwsError("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
  }
  if (ctx.store.buses().size() >= store::kMaxEventBuses) throw limitExceeded();
  std::vector<store::Tag> tags;
  auto t = req.find("Tags");
  if (t != req.end() && !t->is_null()) tags = tagsFromJson(*t);
  if (tags.size() > store::kMaxTagsPerResource) throw limitExceeded();

  store::EventBus bus;
  bus.name = name;
  bus.description = optString(req, "Description");
  bus.kmsKeyIdentifier = optString(req, "KmsKeyIdentifier");
  bus.deadLetterConfig = optObject(req, "DeadLetterConfig");
  bus.logConfig = optObject(req, "LogConfig");
  bus.tags = std::move(tags);
  const store::EventBus& added = ctx.store.addBus(std::move(bus), ctx.now());

  Json out{{"EventBusArn", added.arn}};
  if (added.description) out["Description"] = *added.description;
  if (added.kmsKeyIdentifier) out["KmsKeyIdentifier"] = *added.kmsKeyIdentifier;
  if (added.deadLetterConfig) out["DeadLetterConfig"] = *added.deadLetterConfig;
  if (added.logConfig) out["LogConfig"] = *added.logConfig;
  return out;
}

Json updateEventBus(Context& ctx, const Json& req) {
  store::EventBus& bus = requireBus(ctx, stringOr(req, "Name", "default"));
  // KmsKeyIdentifier: omitting it returns the bus to an AWS owned key (model documentation).
  // The other members keep their value when omitted.
  bus.kmsKeyIdentifier = optString(req, "KmsKeyIdentifier");
  if (auto d = optString(req, "Description")) bus.description = *d;
  if (auto dlq = optObject(req, "DeadLetterConfig")) bus.deadLetterConfig = *dlq;
  if (auto log = optObject(req, "LogConfig")) bus.logConfig = *log;
  bus.lastModifiedTimeMs = ctx.now();

  Json out{{"Arn", bus.arn}, {"Name", bus.name}};
  if (bus.kmsKeyIdentifier) out["KmsKeyIdentifier"] = *bus.kmsKeyIdentifier;
  if (bus.description) out["Description"] = *bus.description;
  if (bus.deadLetterConfig) out["DeadLetterConfig"] = *bus.deadLetterConfig;
  if (bus.logConfig) out["LogConfig"] = *bus.logConfig;
  return out;
}

Json deleteEventBus(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  if (name == "default") throw validationError("Cannot delete event bus default.");
  const store::EventBus* bus = ctx.store.findBus(name);
  // AWS's answer, as quoted in public bug reports of infrastructure tools.
  // An archive counts as a rule: AWS implements it as a managed rule on its bus.
  if (bus && (!bus->rules.empty() || ctx.store.hasArchivesOn(name))) {
    throw validationError("EventBus can't be deleted since it has rules.");
  }
  ctx.store.removeBus(name);
  return Json::object();
}

Json describeEventBus(Context& ctx, const Json& req) {
  const store::EventBus& bus = requireBus(ctx, busNameOf(req, "Name"));
  Json out = Json::object();
  describeInto(out, bus, true);
  return out;
}

Json listEventBuses(Context& ctx, const Json& req) {
  std::string prefix = stringOr(req, "NamePrefix", "");
  std::vector<const store::EventBus*> buses;
  for (const auto& entry : ctx.store.buses()) {
    if (entry.first.compare(0, prefix.size(), prefix) == 0) buses.push_back(&entry.second);
  }
  Page page = paginate(buses.size(), req);
  Json items = Json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) {
    Json item = Json::object();
    describeInto(item, *buses[i], false);
    items.push_back(std::move(item));
  }
  Json out{{"EventBuses", std::move(items)}};
  if (page.nextToken) out["NextToken"] = *page.nextToken;
  return out;
}

}  // namespace

void addBusOperations(OperationTable& table) {
  table["CreateEventBus"] = {model::createEventBusRequest, createEventBus};
  table["UpdateEventBus"] = {model::updateEventBusRequest, updateEventBus};
  table["DeleteEventBus"] = {model::deleteEventBusRequest, deleteEventBus};
  table["DescribeEventBus"] = {model::describeEventBusRequest, describeEventBus};
  table["ListEventBuses"] = {model::listEventBusesRequest, listEventBuses};
}

}  // namespace ebw::api
