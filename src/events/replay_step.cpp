#include "events/replay_step.h"

#include <algorithm>

#include "events/envelope.h"

namespace ebw::events {

namespace {

void finish(store::Replay& r, const std::string& state, int64_t nowMs) {
  r.state = state;
  r.replayEndTimeMs = nowMs;
}

void fail(store::Replay& r, const std::string& reason, int64_t nowMs) {
  finish(r, "FAILED", nowMs);
  r.stateReason = reason;
}

bool wanted(const store::Replay& r, const std::string& ruleArn) {
  if (!r.filterArns) return true;
  return std::find(r.filterArns->begin(), r.filterArns->end(), ruleArn) != r.filterArns->end();
}

std::string eventIdOf(const std::string& eventJson) {
  Json doc = Json::parse(eventJson, nullptr, false);
  if (!doc.is_object()) return "";
  auto id = doc.find("id");
  return id != doc.end() && id->is_string() ? id->get<std::string>() : "";
}

void resend(const store::Store& store, const store::EventBus& bus, const store::Replay& r,
            const std::string& eventJson, const std::string& ingestionTime,
            std::vector<Delivery>& out) {
  std::vector<std::string> matched;
  try {
    matched = bus.matcher.match(eventJson);
  } catch (const std::exception&) {
    return;  // archived events were matchable when they arrived; a step must never throw midway
  }
  std::string id = eventIdOf(eventJson);
  for (const std::string& ruleName : matched) {
    const store::Rule* rule = bus.findRule(ruleName);
    if (!rule || !rule->matchable() || !wanted(r, rule->arn)) continue;
    routeToRule(store, *rule, id, eventJson, ingestionTime, 0, out);
  }
}

}  // namespace

std::string withReplayName(const std::string& eventJson, const std::string& replayName) {
  std::string field =
      "\"replay-name\":" + Json(replayName).dump(-1, ' ', false, Json::error_handler_t::replace);
  // The envelope's members before "resources" are strings, whose quotes are escaped, so the first
  // ,"resources": is the envelope's own.
  std::size_t at = eventJson.find(",\"resources\":");
  if (at != std::string::npos) return eventJson.substr(0, at) + "," + field + eventJson.substr(at);
  std::size_t end = eventJson.rfind('}');
  if (end == std::string::npos) return eventJson;
  return eventJson.substr(0, end) + "," + field + eventJson.substr(end);
}

std::vector<Delivery> stepReplay(store::Store& store, store::Replay& r, int64_t nowMs,
                                 std::size_t batchSize) {
  std::vector<Delivery> out;
  if (r.finished()) return out;
  if (r.state == "CANCELLING") {
    finish(r, "CANCELLED", nowMs);
    return out;
  }
  auto archive = store.archives().find(r.archiveName);
  if (archive == store.archives().end()) {
    fail(r, "Archive " + r.archiveName + " does not exist.", nowMs);
    return out;
  }
  const store::EventBus* bus = store.findBus(r.destinationBusName);
  if (!bus) {
    fail(r, "Event bus " + r.destinationBusName + " does not exist.", nowMs);
    return out;
  }
  bool starting = r.state == "STARTING";
  r.state = "RUNNING";
  store::Archive& a = archive->second;
  a.expire(nowMs);
  std::string ingestionTime = formatEventTime(nowMs);
  std::size_t sent = 0;
  for (const store::ArchivedEvent& e : a.events) {
    if (e.seq < r.nextSeq) continue;
    if (e.seq >= r.endSeq || sent == batchSize) break;
    r.nextSeq = e.seq + 1;
    if (e.timeMs < r.eventStartTimeMs || e.timeMs >= r.eventEndTimeMs) continue;
    resend(store, *bus, r, withReplayName(e.event, r.name), ingestionTime, out);
    r.eventLastReplayedTimeMs = e.timeMs;
    ++sent;
  }
  // A step that had nothing left to send completes the replay; the first step never does, so
  // RUNNING is seen at least once.
  if (sent == 0 && !starting) finish(r, "COMPLETED", nowMs);
  return out;
}

}  // namespace ebw::events
