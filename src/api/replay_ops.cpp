// Replay operations. StartReplay records a replay in STARTING; the runtime then moves it along on
// the emulator's clock through the internal _Emulator.StepReplay (events/replay_step.h), which
// answers the deliveries of the events it re-sent. Validation order and messages follow AWS's
// records: the time window, the archive, the destination bus, the destination being the archive's
// own bus, the name, and at most 10 replays STARTING or RUNNING.
#include <algorithm>

#include "api/lookup.h"
#include "api/model_resources.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "api/resource_lookup.h"
#include "api/shape_builders.h"
#include "events/replay_step.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

// Finished replays are listed for 90 days, then forgotten (their names become free again). Reads
// treat an expired replay as absent; only a successful StartReplay removes them, so that no failed
// call changes the state.
bool expired(const Context& ctx, const store::Replay& r) {
  return r.finished() && r.replayEndTimeMs &&
         ctx.now() - *r.replayEndTimeMs > store::kReplayRetentionMs;
}

void dropExpiredReplays(Context& ctx) {
  auto& replays = ctx.store.replays();
  for (auto it = replays.begin(); it != replays.end();) {
    it = expired(ctx, it->second) ? replays.erase(it) : std::next(it);
  }
}

const store::Replay& liveReplay(Context& ctx, const std::string& name) {
  const store::Replay& r = requireReplay(ctx, name);
  if (expired(ctx, r)) {
    throw AwsError("ResourceNotFoundException", "Replay " + name + " does not exist.");
  }
  return r;
}

Json destinationJson(const store::Replay& r) {
  Json out{{"Arn", r.destinationArn}};
  if (r.filterArns) out["FilterArns"] = *r.filterArns;
  return out;
}

// The members DescribeReplay and ListReplays share, in AWS's order.
void timesInto(Json& out, const store::Replay& r) {
  out["EventStartTime"] = epochSeconds(r.eventStartTimeMs);
  out["EventEndTime"] = epochSeconds(r.eventEndTimeMs);
  if (r.eventLastReplayedTimeMs)
    out["EventLastReplayedTime"] = epochSeconds(*r.eventLastReplayedTimeMs);
  out["ReplayStartTime"] = epochSeconds(r.replayStartTimeMs);
  if (r.replayEndTimeMs) out["ReplayEndTime"] = epochSeconds(*r.replayEndTimeMs);
}

store::Archive& archiveOfArn(Context& ctx, const std::string& arn) {
  auto parsed = store::parseEventsArn(arn);
  std::string name = parsed ? parsed->bus : arn;
  bool here = parsed && parsed->kind == "archive" && parsed->account == ctx.store.accountId() &&
              parsed->region == ctx.store.region();
  auto it = here ? ctx.store.archives().find(name) : ctx.store.archives().end();
  if (it == ctx.store.archives().end()) {
    throw validationError("Parameter EventSourceArn is not valid. Reason: Archive " + name +
                          " does not exist.");
  }
  return it->second;
}

Json startReplay(Context& ctx, const Json& req) {
  std::string name = req.at("ReplayName").get<std::string>();
  int64_t startMs = epochMillis(req.at("EventStartTime"));
  int64_t endMs = epochMillis(req.at("EventEndTime"));
  if (req.at("EventStartTime").get<double>() >= req.at("EventEndTime").get<double>()) {
    throw validationError(
        "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
  }
  std::string sourceArn = req.at("EventSourceArn").get<std::string>();
  store::Archive& archive = archiveOfArn(ctx, sourceArn);
  const Json& destination = req.at("Destination");
  std::string destinationArn = destination.at("Arn").get<std::string>();
  store::EventBus& bus = busOfArn(ctx, destinationArn, "Destination.Arn");
  if (bus.name != archive.sourceBusName) {
    throw validationError(
        "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
  }
  auto existing = ctx.store.replays().find(name);
  if (existing != ctx.store.replays().end() && !expired(ctx, existing->second)) {
    throw AwsError("ResourceAlreadyExistsException", "Replay " + name + " already exists.");
  }
  std::size_t active = 0;
  for (const auto& entry : ctx.store.replays()) active += entry.second.active() ? 1 : 0;
  if (active >= store::kMaxActiveReplays) throw limitExceeded();

  store::Replay r;
  r.name = name;
  r.arn = store::resourceArn(ctx.store.region(), ctx.store.accountId(), "replay", name);
  r.description = optString(req, "Description");
  r.eventSourceArn = sourceArn;
  r.archiveName = archive.name;
  r.destinationArn = destinationArn;
  r.destinationBusName = bus.name;
  auto filters = destination.find("FilterArns");
  if (filters != destination.end() && !filters->is_null()) {
    std::vector<std::string> arns;
    for (const Json& f : *filters)
      if (f.is_string()) arns.push_back(f.get<std::string>());
    r.filterArns = std::move(arns);
  }
  r.eventStartTimeMs = startMs;
  r.eventEndTimeMs = endMs;
  r.replayStartTimeMs = ctx.now();
  // Every check passed: from here on the state changes.
  dropExpiredReplays(ctx);
  archive.expire(ctx.now());
  r.nextSeq = archive.events.empty() ? archive.nextSeq : archive.events.front().seq;
  r.endSeq = archive.nextSeq;
  const store::Replay& stored = ctx.store.replays().emplace(name, std::move(r)).first->second;
  return Json{{"ReplayArn", stored.arn},
              {"State", stored.state},
              {"ReplayStartTime", epochSeconds(stored.replayStartTimeMs)}};
}

Json describeReplay(Context& ctx, const Json& req) {
  const store::Replay& r = liveReplay(ctx, req.at("ReplayName").get<std::string>());
  Json out{{"ReplayName", r.name}, {"ReplayArn", r.arn}};
  if (r.description) out["Description"] = *r.description;
  out["State"] = r.state;
  if (r.stateReason) out["StateReason"] = *r.stateReason;
  out["EventSourceArn"] = r.eventSourceArn;
  out["Destination"] = destinationJson(r);
  timesInto(out, r);
  return out;
}

Json cancelReplay(Context& ctx, const Json& req) {
  std::string name = req.at("ReplayName").get<std::string>();
  liveReplay(ctx, name);
  store::Replay& r = ctx.store.replays().at(name);
  if (!r.active()) {
    // AWS's text for this case is not recorded.
    throw AwsError("IllegalStatusException",
                   "Replay " + r.name + " is " + r.state + " and cannot be cancelled.");
  }
  r.state = "CANCELLING";
  return Json{{"ReplayArn", r.arn}, {"State", r.state}};
}

Json listReplays(Context& ctx, const Json& req) {
  auto prefix = optString(req, "NamePrefix");
  auto state = optString(req, "State");
  auto source = optString(req, "EventSourceArn");
  std::vector<const store::Replay*> found;
  for (const auto& entry : ctx.store.replays()) {
    const store::Replay& r = entry.second;
    if (expired(ctx, r)) continue;
    if (prefix && r.name.compare(0, prefix->size(), *prefix) != 0) continue;
    if (state && r.state != *state) continue;
    if (source && r.eventSourceArn != *source) continue;
    found.push_back(&r);
  }
  return listAnswer(found, req, "Replays", [](const store::Replay* r) {
    Json item{{"ReplayName", r->name}, {"EventSourceArn", r->eventSourceArn}, {"State", r->state}};
    if (r->stateReason) item["StateReason"] = *r->stateReason;
    timesInto(item, *r);
    return item;
  });
}

// ---- internal operations of the runtime (not AWS operations) ----

const Shape& noMembers() {
  static const Shape s = model::structure({});
  return s;
}

// {"ReplayName"} -> {"State", "deliveries": [...]}: one step (see events/replay_step.h).
Json stepReplay(Context& ctx, const Json& req) {
  store::Replay& r = requireReplay(ctx, req.at("ReplayName").get<std::string>());
  Json deliveries = Json::array();
  for (const auto& d : events::stepReplay(ctx.store, r, ctx.now())) {
    deliveries.push_back(events::deliveryToJson(d));
  }
  return Json{{"State", r.state}, {"deliveries", std::move(deliveries)}};
}

// {} -> {"Replays": [names of the replays not yet finished]}: what the runtime must keep stepping.
Json listUnfinishedReplays(Context& ctx, const Json&) {
  Json names = Json::array();
  for (const auto& entry : ctx.store.replays()) {
    if (!entry.second.finished()) names.push_back(entry.first);
  }
  return Json{{"Replays", std::move(names)}};
}

}  // namespace

void addReplayOperations(OperationTable& table) {
  table["StartReplay"] = {model::startReplayRequest, startReplay};
  table["DescribeReplay"] = {model::replayNameRequest, describeReplay};
  table["CancelReplay"] = {model::replayNameRequest, cancelReplay};
  table["ListReplays"] = {model::listReplaysRequest, listReplays};
  table["_Emulator.StepReplay"] = {model::replayNameRequest, stepReplay};
  table["_Emulator.ListUnfinishedReplays"] = {noMembers, listUnfinishedReplays};
}

}  // namespace ebw::api
