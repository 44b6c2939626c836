#include "store/state_json.h"

#include "common/aws_error.h"

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

}  // namespace

Json stateToJson(const Store& store) {
  Json buses = Json::array();
  for (const auto& entry : store.buses()) buses.push_back(busJson(entry.second));
  return Json{{"FormatVersion", kFormatVersion},
              {"AccountId", store.accountId()},
              {"Region", store.region()},
              {"EventBuses", std::move(buses)}};
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
  return store;
}

}  // namespace ebw::store
