#include "events/entry_check.h"

#include "common/json_parse.h"
#include "events/envelope.h"

namespace ebw::events {

namespace {

// Java's toString of a nullable member: the value, or "null".
std::string javaText(const Json& entry, const char* member) {
  auto it = entry.find(member);
  if (it == entry.end() || it->is_null()) return "null";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string javaTime(const Json& entry) {
  auto it = entry.find("Time");
  if (it == entry.end() || !it->is_number()) return "null";
  return formatEventTime(static_cast<int64_t>(it->get<double>() * 1000));
}

std::string javaList(const Json& entry, const char* member) {
  auto it = entry.find(member);
  if (it == entry.end() || !it->is_array()) return "null";
  std::string out = "[";
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (i) out += ", ";
    out += (*it)[i].is_string() ? (*it)[i].get<std::string>() : (*it)[i].dump();
  }
  return out + "]";
}

bool present(const Json& entry, const char* member) {
  auto it = entry.find(member);
  return it != entry.end() && it->is_string() && !it->get<std::string>().empty();
}

std::size_t bytesOf(const Json& entry, const char* member) {
  auto it = entry.find(member);
  return it != entry.end() && it->is_string() ? it->get<std::string>().size() : 0;
}

}  // namespace

std::string tooManyEntriesMessage(const Json& entries) {
  std::string value = "[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    if (i) value += ", ";
    value += "PutEventsRequestEntry(time=" + javaTime(e) + ", source=" + javaText(e, "Source") +
             ", resources=" + javaList(e, "Resources") +
             ", detailType=" + javaText(e, "DetailType") + ", detail=" + javaText(e, "Detail") +
             ", eventBusName=" + javaText(e, "EventBusName") +
             ", traceHeader=" + javaText(e, "TraceHeader") +
             ", kmsKeyIdentifier=null, internalMetadata=null)";
  }
  value += "]";
  return "1 validation error detected: Value '" + value +
         "' at 'entries' failed to satisfy constraint: Member must have length less than or "
         "equal to " +
         std::to_string(kMaxEntries);
}

std::size_t entrySize(const Json& entry) {
  std::size_t size = 0;
  auto time = entry.find("Time");
  if (time != entry.end() && !time->is_null()) size += 14;
  size += bytesOf(entry, "Source") + bytesOf(entry, "DetailType") + bytesOf(entry, "Detail");
  auto res = entry.find("Resources");
  if (res != entry.end() && res->is_array()) {
    for (const Json& r : *res)
      if (r.is_string()) size += r.get<std::string>().size();
  }
  return size;
}

bool overSizeLimit(const Json& entries) {
  std::size_t total = 0;
  for (const Json& e : entries) total += entrySize(e);
  return total > kMaxPutEventsBytes;
}

std::optional<EntryError> checkEntry(const Json& entry) {
  auto required = [](const char* member) {
    std::string m = member;
    return EntryError{"InvalidArgument", "Parameter " + m + " is not valid. Reason: " + m +
                                             " is a required argument."};
  };
  if (!present(entry, "Source")) return required("Source");
  if (!present(entry, "DetailType")) return required("DetailType");
  if (!present(entry, "Detail")) return required("Detail");
  const std::string& detail = entry.at("Detail").get_ref<const std::string&>();
  // Deeper than EventBridge processes, or not a JSON object: both are a malformed Detail. The
  // Detail sits one level inside the event, whose nesting is limited to kMaxJsonDepth: a Detail
  // of exactly kMaxJsonDepth levels used to pass here, and then the event's matching refused the
  // whole request ("Parameter Event is not valid.", issue 9's limits test).
  EntryError malformed{"MalformedDetail", "Detail is malformed."};
  JsonLimits limits = JsonLimits::request();
  limits.maxDepth = kMaxJsonDepth - 1;
  JsonParse parsed = parseJson(detail, limits);
  if (!parsed.ok() || !parsed.value.is_object()) return malformed;
  return std::nullopt;
}

}  // namespace ebw::events
