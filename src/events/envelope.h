// The event EventBridge builds from one PutEvents entry: the envelope with AWS's key order
// (version, id, detail-type, source, account, time, region, resources, detail) and its time text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ebw::events {

struct EnvelopeFields {
  std::string id;
  std::string detailType;
  std::string source;
  std::string account;
  int64_t timeMs = 0;  // the entry's Time, else the ingestion time
  std::string region;
  std::vector<std::string> resources;
  std::string detailJson;  // the entry's Detail text: a JSON object, inserted as is
};

// "YYYY-MM-DDTHH:MM:SSZ" (UTC, second precision), as every AWS example spells event times.
std::string formatEventTime(int64_t epochMs);

// The event's JSON text. The detail is spliced in verbatim rather than re-serialised, so numbers
// and string escapes reach targets exactly as the sender wrote them.
std::string buildEventJson(const EnvelopeFields& f);

}  // namespace ebw::events
