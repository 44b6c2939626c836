#include "events/envelope.h"

#include <cstdio>

#include "common/json.h"

namespace ebw::events {

namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm): no gmtime, which is not
// thread-safe and behaves differently under Emscripten.
void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::string quoted(const std::string& s) {
  return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string formatEventTime(int64_t epochMs) {
  int64_t secs = epochMs >= 0 ? epochMs / 1000 : -((-epochMs + 999) / 1000);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
                static_cast<int>(rem % 60));
  return buf;
}

std::string buildEventJson(const EnvelopeFields& f) {
  std::string out;
  out.reserve(f.detailJson.size() + 256);
  out += "{\"version\":\"0\",\"id\":" + quoted(f.id);
  out += ",\"detail-type\":" + quoted(f.detailType);
  out += ",\"source\":" + quoted(f.source);
  out += ",\"account\":" + quoted(f.account);
  out += ",\"time\":" + quoted(formatEventTime(f.timeMs));
  out += ",\"region\":" + quoted(f.region);
  out += ",\"resources\":[";
  for (std::size_t i = 0; i < f.resources.size(); ++i) {
    if (i) out += ',';
    out += quoted(f.resources[i]);
  }
  out += "],\"detail\":";
  out += f.detailJson;
  out += '}';
  return out;
}

}  // namespace ebw::events
