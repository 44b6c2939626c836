#include "store/state_json.h"

#include "common/aws_error.h"
#include "store/arn.h"

namespace ebw::store {

namespace {

constexpr int kFormatVersion = 1;

Json tagsJson(const std::vector<Tag>& tags) {
  Json out = Json::array();
  for (const Tag& t : tags) out.push_back(Json{{"Key", t.key}, {"Value", t.value}});
  return out;
}

void putOpt(Json& out, const char* key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

Json ruleJson(const Rule& r) {
  Json out = Json::object();
  out["Name"] = r.name;
  putOpt(out, "EventPattern", r.eventPattern);
  putOpt(out, "ScheduleExpression", r.scheduleExpression);
  out["State"] = r.state;
  putOpt(out, "Description", r.description);
  putOpt(out, "RoleArn", r.roleArn);
  putOpt(out, "ManagedBy", r.managedBy);
  out["CreatedBy"] = r.createdBy;
  out["CreationTimeMs"] = r.creationTimeMs;
  out["Tags"] = tagsJson(r.tags);
  Json targets = Json::array();
  for (const Target& t : r.targets) targets.push_back(t.spec);
  out["Targets"] = std::move(targets);
  return out;
}

Json busJson(const EventBus& b) {
  Json out = Json::object();
  out["Name"] = b.name;
  putOpt(out, "Description", b.description);
  putOpt(out, "KmsKeyIdentifier", b.kmsKeyIdentifier);
  if (b.deadLetterConfig) out["DeadLetterConfig"] = *b.deadLetterConfig;
  if (b.logConfig) out["LogConfig"] = *b.logConfig;
  if (b.policy) out["Policy"] = *b.policy;
  out["CreationTimeMs"] = b.creationTimeMs;
  out["LastModifiedTimeMs"] = b.lastModifiedTimeMs;
  out["Tags"] = tagsJson(b.tags);
  Json rules = Json::array();
  for (const auto& entry : b.rules) rules.push_back(ruleJson(entry.second));
  out["Rules"] = std::move(rules);
  return out;
}

// ---- reading, with the location of the first problem in every message ----

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw validationError("Invalid state document: " + where + ": " + what);
}

const Json& field(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) bad(where, std::string("missing ") + key);
  return *it;
}

std::string str(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (!v.is_string()) bad(where, std::string(key) + " must be a string");
  return v.get<std::string>();
}

std::optional<std::string> optStr(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(where, std::string(key) + " must be a string");
  return it->get<std::string>();
}

std::optional<Json> optObj(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) bad(where, std::string(key) + " must be an object");
  return *it;
}

int64_t timeMs(const Json& obj, const char* key, const std::string& where, int64_t fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) bad(where, std::string(key) + " must be an integer");
  return it->get<int64_t>();
}

const Json& optArray(const Json& obj, const char* key, const std::string& where) {
  static const Json empty = Json::array();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return empty;
  if (!it->is_array()) bad(where, std::string(key) + " must be an array");
  return *it;
}

std::vector<Tag> readTags(const Json& obj, const std::string& where) {
  std::vector<Tag> tags;
  for (const Json& t : optArray(obj, "Tags", where)) {
    if (!t.is_object()) bad(where, "Tags entries must be objects");
    upsertTag(tags, str(t, "Key", where + " tag"), str(t, "Value", where + " tag"));
  }
  return tags;
}

Rule readRule(const Json& r, const std::string& busName, int64_t nowMs,
              const std::string& accountId) {
  if (!r.is_object()) bad("bus " + busName, "Rules entries must be objects");
  Rule rule;
  rule.name = str(r, "Name", "bus " + busName + " rule");
  std::string where = "rule " + rule.name + " on bus " + busName;
  rule.eventPattern = optStr(r, "EventPattern", where);
  rule.scheduleExpression = optStr(r, "ScheduleExpression", where);
  if (!rule.eventPattern && !rule.scheduleExpression)
    bad(where, "needs EventPattern or ScheduleExpression");
  rule.state = optStr(r, "State", where).value_or("ENABLED");
  if (rule.state != "ENABLED" && rule.state != "DISABLED" &&
      rule.state != "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
    bad(where, "State must be ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  }
  rule.description = optStr(r, "Description", where);
  rule.roleArn = optStr(r, "RoleArn", where);
  rule.managedBy = optStr(r, "ManagedBy", where);
  rule.createdBy = optStr(r, "CreatedBy", where).value_or(accountId);
  rule.creationTimeMs = timeMs(r, "CreationTimeMs", where, nowMs);
  rule.tags = readTags(r, where);
  for (const Json& t : optArray(r, "Targets", where)) {
    if (!t.is_object()) bad(where, "Targets entries must be objects");
    Target target;
    target.id = str(t, "Id", where + " target");
    target.arn = str(t, "Arn", where + " target " + target.id);
    if (rule.findTarget(target.id)) bad(where, "duplicate target Id " + target.id);
    target.spec = t;
    rule.targets.push_back(std::move(target));
  }
  return rule;
}

void readBusFields(EventBus& bus, const Json& b, const std::string& where, int64_t nowMs) {
  bus.description = optStr(b, "Description", where);
  bus.kmsKeyIdentifier = optStr(b, "KmsKeyIdentifier", where);
  bus.deadLetterConfig = optObj(b, "DeadLetterConfig", where);
  bus.logConfig = optObj(b, "LogConfig", where);
  bus.policy = optObj(b, "Policy", where);
  bus.creationTimeMs = timeMs(b, "CreationTimeMs", where, nowMs);
  bus.lastModifiedTimeMs = timeMs(b, "LastModifiedTimeMs", where, bus.creationTimeMs);
  bus.tags = readTags(b, where);
}

// ---- archives, replays, connections, API destinations ----

std::optional<int64_t> optTimeMs(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  return timeMs(obj, key, where, 0);
}

void putOptTime(Json& out, const char* key, const std::optional<int64_t>& v) {
  if (v) out[key] = *v;
}

// The part of an events ARN after "<type>/" (an id the ARN carries, such as a connection's uuid),
// re-rooted at this store's account and region.
std::string rebuiltArn(const Store& store, const std::string& arn, const char* type,
                       const std::string& where) {
  auto parsed = parseEventsArn(arn);
  if (!parsed || parsed->kind != type)
    bad(where, std::string("Arn must be an events ") + type + " ARN");
  return resourceArn(store.region(), store.accountId(), type, parsed->bus);
}

Json archiveJson(const Archive& a) {
  Json out{{"Name", a.name}, {"EventBusName", a.sourceBusName}};
  putOpt(out, "Description", a.description);
  putOpt(out, "EventPattern", a.eventPattern);
  putOpt(out, "KmsKeyIdentifier", a.kmsKeyIdentifier);
  out["RetentionDays"] = a.retentionDays;
  out["State"] = a.state;
  out["CreationTimeMs"] = a.creationTimeMs;
  out["NextSeq"] = a.nextSeq;
  Json events = Json::array();
  for (const ArchivedEvent& e : a.events) {
    events.push_back(
        Json{{"Seq", e.seq}, {"TimeMs", e.timeMs}, {"SizeBytes", e.sizeBytes}, {"Event", e.event}});
  }
  out["Events"] = std::move(events);
  return out;
}

Json replayJson(const Replay& r) {
  Json out{{"Name", r.name}};
  putOpt(out, "Description", r.description);
  out["EventSourceArn"] = r.eventSourceArn;
  out["ArchiveName"] = r.archiveName;
  out["DestinationArn"] = r.destinationArn;
  out["EventBusName"] = r.destinationBusName;
  if (r.filterArns) out["FilterArns"] = *r.filterArns;
  out["EventStartTimeMs"] = r.eventStartTimeMs;
  out["EventEndTimeMs"] = r.eventEndTimeMs;
  out["State"] = r.state;
  putOpt(out, "StateReason", r.stateReason);
  out["ReplayStartTimeMs"] = r.replayStartTimeMs;
  putOptTime(out, "ReplayEndTimeMs", r.replayEndTimeMs);
  putOptTime(out, "EventLastReplayedTimeMs", r.eventLastReplayedTimeMs);
  out["NextSeq"] = r.nextSeq;
  out["EndSeq"] = r.endSeq;
  return out;
}

// AuthParameters are written as configured, secrets included: the state file stands in for the
// Secrets Manager secret AWS keeps (README, "Connections and secrets").
Json connectionJson(const Connection& c) {
  Json out{{"Name", c.name}, {"Arn", c.arn}, {"SecretArn", c.secretArn}};
  putOpt(out, "Description", c.description);
  putOpt(out, "KmsKeyIdentifier", c.kmsKeyIdentifier);
  out["AuthorizationType"] = c.authorizationType;
  out["AuthParameters"] = c.authParameters;
  if (c.invocationConnectivityParameters) {
    out["InvocationConnectivityParameters"] = *c.invocationConnectivityParameters;
  }
  out["State"] = c.state;
  putOpt(out, "StateReason", c.stateReason);
  out["CreationTimeMs"] = c.creationTimeMs;
  out["LastModifiedTimeMs"] = c.lastModifiedTimeMs;
  putOptTime(out, "LastAuthorizedTimeMs", c.lastAuthorizedTimeMs);
  out["SecretsRemoved"] = c.secretsRemoved;
  return out;
}

Json apiDestinationJson(const ApiDestination& d) {
  Json out{{"Name", d.name}, {"Arn", d.arn}};
  putOpt(out, "Description", d.description);
  out["ConnectionArn"] = d.connectionArn;
  out["InvocationEndpoint"] = d.invocationEndpoint;
  out["HttpMethod"] = d.httpMethod;
  out["InvocationRateLimitPerSecond"] = d.invocationRateLimitPerSecond;
  out["CreationTimeMs"] = d.creationTimeMs;
  out["LastModifiedTimeMs"] = d.lastModifiedTimeMs;
  return out;
}

void putResources(const Store& store, Json& doc) {
  Json archives = Json::array();
  for (const auto& e : store.archives()) archives.push_back(archiveJson(e.second));
  Json replays = Json::array();
  for (const auto& e : store.replays()) replays.push_back(replayJson(e.second));
  Json connections = Json::array();
  for (const auto& e : store.connections()) connections.push_back(connectionJson(e.second));
  Json destinations = Json::array();
  for (const auto& e : store.apiDestinations())
    destinations.push_back(apiDestinationJson(e.second));
  doc["Archives"] = std::move(archives);
  doc["Replays"] = std::move(replays);
  doc["Connections"] = std::move(connections);
  doc["ApiDestinations"] = std::move(destinations);
}

// The Name of a new entry of `existing` (refused when empty or already there).
template <typename Map>
std::string newName(const Json& entry, const char* kind, const Map& existing) {
  if (!entry.is_object()) bad("document", std::string(kind) + " entries must be objects");
  std::string name = str(entry, "Name", kind);
  if (name.empty()) bad(kind, "Name must not be empty");
  if (existing.count(name)) bad(std::string(kind) + " " + name, std::string("duplicate ") + kind);
  return name;
}

bool oneOf(const std::string& v, std::initializer_list<const char*> values) {
  for (const char* x : values) {
    if (v == x) return true;
  }
  return false;
}

void readArchive(Store& store, const Json& a, int64_t nowMs) {
  std::string name = newName(a, "archive", store.archives());
  std::string where = "archive " + name;
  Archive archive;
  archive.name = name;
  archive.arn = resourceArn(store.region(), store.accountId(), "archive", name);
  archive.sourceBusName = str(a, "EventBusName", where);
  const EventBus* bus = store.findBus(archive.sourceBusName);
  if (!bus) bad(where, "its bus " + archive.sourceBusName + " does not exist");
  archive.eventSourceArn = bus->arn;
  archive.description = optStr(a, "Description", where);
  archive.kmsKeyIdentifier = optStr(a, "KmsKeyIdentifier", where);
  try {
    archive.setPattern(optStr(a, "EventPattern", where));
  } catch (const AwsError& e) {
    bad(where, e.message());
  }
  archive.retentionDays = timeMs(a, "RetentionDays", where, 0);
  if (archive.retentionDays < 0) bad(where, "RetentionDays must not be negative");
  archive.state = optStr(a, "State", where).value_or("ENABLED");
  if (!oneOf(archive.state,
             {"ENABLED", "DISABLED", "CREATING", "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"})) {
    bad(where, "invalid State");
  }
  archive.creationTimeMs = timeMs(a, "CreationTimeMs", where, nowMs);
  uint64_t seq = 0;
  for (const Json& e : optArray(a, "Events", where)) {
    if (!e.is_object()) bad(where, "Events entries must be objects");
    int64_t next = timeMs(e, "Seq", where + " event", 0);
    if (next <= 0 || static_cast<uint64_t>(next) <= seq) bad(where, "event Seq must increase");
    seq = static_cast<uint64_t>(next);
    int64_t size = timeMs(e, "SizeBytes", where + " event", 0);
    if (size < 0) bad(where, "event SizeBytes must not be negative");
    archive.events.push_back(ArchivedEvent{seq, timeMs(e, "TimeMs", where + " event", nowMs),
                                           static_cast<std::size_t>(size),
                                           str(e, "Event", where + " event")});
    archive.sizeBytes += static_cast<uint64_t>(size);
  }
  int64_t nextSeq = timeMs(a, "NextSeq", where, static_cast<int64_t>(seq + 1));
  if (nextSeq <= 0 || static_cast<uint64_t>(nextSeq) <= seq) bad(where, "NextSeq too small");
  archive.nextSeq = static_cast<uint64_t>(nextSeq);
  store.archives().emplace(name, std::move(archive));
}

void readReplay(Store& store, const Json& r, int64_t nowMs) {
  std::string name = newName(r, "replay", store.replays());
  std::string where = "replay " + name;
  Replay replay;
  replay.name = name;
  replay.arn = resourceArn(store.region(), store.accountId(), "replay", name);
  replay.description = optStr(r, "Description", where);
  replay.eventSourceArn = str(r, "EventSourceArn", where);
  replay.archiveName = str(r, "ArchiveName", where);
  replay.destinationArn = str(r, "DestinationArn", where);
  replay.destinationBusName = str(r, "EventBusName", where);
  auto filters = r.find("FilterArns");
  if (filters != r.end() && !filters->is_null()) {
    if (!filters->is_array()) bad(where, "FilterArns must be an array");
    std::vector<std::string> arns;
    for (const Json& f : *filters) {
      if (!f.is_string()) bad(where, "FilterArns entries must be strings");
      arns.push_back(f.get<std::string>());
    }
    replay.filterArns = std::move(arns);
  }
  replay.eventStartTimeMs = timeMs(r, "EventStartTimeMs", where, 0);
  replay.eventEndTimeMs = timeMs(r, "EventEndTimeMs", where, 0);
  replay.state = str(r, "State", where);
  if (!oneOf(replay.state,
             {"STARTING", "RUNNING", "CANCELLING", "COMPLETED", "CANCELLED", "FAILED"})) {
    bad(where, "invalid State");
  }
  replay.stateReason = optStr(r, "StateReason", where);
  replay.replayStartTimeMs = timeMs(r, "ReplayStartTimeMs", where, nowMs);
  replay.replayEndTimeMs = optTimeMs(r, "ReplayEndTimeMs", where);
  replay.eventLastReplayedTimeMs = optTimeMs(r, "EventLastReplayedTimeMs", where);
  int64_t nextSeq = timeMs(r, "NextSeq", where, 1);
  int64_t endSeq = timeMs(r, "EndSeq", where, 1);
  if (nextSeq <= 0 || endSeq <= 0) bad(where, "NextSeq and EndSeq must be positive");
  replay.nextSeq = static_cast<uint64_t>(nextSeq);
  replay.endSeq = static_cast<uint64_t>(endSeq);
  store.replays().emplace(name, std::move(replay));
}

void readConnection(Store& store, const Json& c, int64_t nowMs) {
  std::string name = newName(c, "connection", store.connections());
  std::string where = "connection " + name;
  Connection conn;
  conn.name = name;
  conn.arn = rebuiltArn(store, str(c, "Arn", where), "connection", where);
  conn.secretArn = str(c, "SecretArn", where);
  conn.description = optStr(c, "Description", where);
  conn.kmsKeyIdentifier = optStr(c, "KmsKeyIdentifier", where);
  conn.authorizationType = str(c, "AuthorizationType", where);
  if (!oneOf(conn.authorizationType, {"BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY"})) {
    bad(where, "invalid AuthorizationType");
  }
  auto auth = optObj(c, "AuthParameters", where);
  conn.authParameters = auth ? *auth : Json::object();
  conn.invocationConnectivityParameters = optObj(c, "InvocationConnectivityParameters", where);
  conn.state = str(c, "State", where);
  conn.stateReason = optStr(c, "StateReason", where);
  conn.creationTimeMs = timeMs(c, "CreationTimeMs", where, nowMs);
  conn.lastModifiedTimeMs = timeMs(c, "LastModifiedTimeMs", where, conn.creationTimeMs);
  conn.lastAuthorizedTimeMs = optTimeMs(c, "LastAuthorizedTimeMs", where);
  auto removed = c.find("SecretsRemoved");
  if (removed != c.end() && !removed->is_null()) {
    if (!removed->is_boolean()) bad(where, "SecretsRemoved must be a boolean");
    conn.secretsRemoved = removed->get<bool>();
  }
  store.connections().emplace(name, std::move(conn));
}

void readApiDestination(Store& store, const Json& d, int64_t nowMs) {
  std::string name = newName(d, "API destination", store.apiDestinations());
  std::string where = "API destination " + name;
  ApiDestination dest;
  dest.name = name;
  dest.arn = rebuiltArn(store, str(d, "Arn", where), "api-destination", where);
  dest.description = optStr(d, "Description", where);
  dest.connectionArn = rebuiltArn(store, str(d, "ConnectionArn", where), "connection", where);
  auto parsed = parseEventsArn(dest.connectionArn);
  dest.connectionName = parsed->bus.substr(0, parsed->bus.find('/'));
  dest.invocationEndpoint = str(d, "InvocationEndpoint", where);
  dest.httpMethod = str(d, "HttpMethod", where);
  if (!oneOf(dest.httpMethod, {"HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"})) {
    bad(where, "invalid HttpMethod");
  }
  dest.invocationRateLimitPerSecond =
      timeMs(d, "InvocationRateLimitPerSecond", where, kDefaultInvocationRateLimit);
  if (dest.invocationRateLimitPerSecond < 1)
    bad(where, "InvocationRateLimitPerSecond must be >= 1");
  dest.creationTimeMs = timeMs(d, "CreationTimeMs", where, nowMs);
  dest.lastModifiedTimeMs = timeMs(d, "LastModifiedTimeMs", where, dest.creationTimeMs);
  store.apiDestinations().emplace(name, std::move(dest));
}

void readResources(Store& store, const Json& doc, int64_t nowMs) {
  for (const Json& a : optArray(doc, "Archives", "document")) readArchive(store, a, nowMs);
  for (const Json& r : optArray(doc, "Replays", "document")) readReplay(store, r, nowMs);
  for (const Json& c : optArray(doc, "Connections", "document")) readConnection(store, c, nowMs);
  for (const Json& d : optArray(doc, "ApiDestinations", "document")) {
    readApiDestination(store, d, nowMs);
  }
}

}  // namespace

Json stateToJson(const Store& store) {
  Json buses = Json::array();
  for (const auto& entry : store.buses()) buses.push_back(busJson(entry.second));
  Json doc{{"FormatVersion", kFormatVersion},
           {"AccountId", store.accountId()},
           {"Region", store.region()},
           {"EventBuses", std::move(buses)}};
  putResources(store, doc);
  return doc;
}

Store stateFromJson(const Json& doc, const std::string& accountId, const std::string& region,
                    int64_t nowMs) {
  if (!doc.is_object()) bad("document", "must be a JSON object");
  auto version = doc.find("FormatVersion");
  if (version != doc.end() &&
      !(version->is_number_integer() && version->get<int64_t>() == kFormatVersion)) {
    bad("document", "unsupported FormatVersion (expected 1)");
  }
  Store store(accountId, region, nowMs);
  for (const Json& b : optArray(doc, "EventBuses", "document")) {
    if (!b.is_object()) bad("document", "EventBuses entries must be objects");
    std::string name = str(b, "Name", "event bus");
    std::string where = "bus " + name;
    if (name.empty() || name.find_first_of(":\"") != std::string::npos) bad(where, "invalid Name");
    EventBus* bus = store.findBus(name);
    if (bus && name != "default") bad(where, "duplicate bus");
    if (!bus) {
      EventBus fresh;
      fresh.name = name;
      bus = &store.addBus(std::move(fresh), nowMs);
    }
    readBusFields(*bus, b, where, nowMs);
    for (const Json& r : optArray(b, "Rules", where)) {
      Rule rule = readRule(r, name, nowMs, accountId);
      std::string ruleWhere = "rule " + rule.name + " on bus " + name;
      if (bus->findRule(rule.name)) bad(ruleWhere, "duplicate rule");
      try {
        store.putRule(*bus, std::move(rule));
      } catch (const AwsError& e) {
        bad(ruleWhere, e.message());
      }
    }
  }
  readResources(store, doc, nowMs);
  return store;
}

}  // namespace ebw::store
