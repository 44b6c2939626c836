#include "api/resource_lookup.h"

#include "api/lookup.h"
#include "store/arn.h"

namespace ebw::api {

AwsError archiveNotFound(const std::string& name) {
  return AwsError("ResourceNotFoundException", "Archive " + name + " does not exist.");
}

AwsError connectionNotFound(const std::string& name) {
  return AwsError(
      "ResourceNotFoundException",
      "Failed to describe the connection(s). Connection '" + name + "' does not exist.");
}

namespace {

template <typename Map>
typename Map::mapped_type& findOr(Map& map, const std::string& name, const AwsError& missing) {
  auto it = map.find(name);
  if (it == map.end()) throw missing;
  return it->second;
}

}  // namespace

store::Archive& requireArchive(Context& ctx, const std::string& name) {
  return findOr(ctx.store.archives(), name, archiveNotFound(name));
}

store::Replay& requireReplay(Context& ctx, const std::string& name) {
  return findOr(ctx.store.replays(), name,
                AwsError("ResourceNotFoundException", "Replay " + name + " does not exist."));
}

store::Connection& requireConnection(Context& ctx, const std::string& name) {
  return findOr(ctx.store.connections(), name, connectionNotFound(name));
}

store::ApiDestination& requireApiDestination(Context& ctx, const std::string& name) {
  return findOr(ctx.store.apiDestinations(), name,
                AwsError("ResourceNotFoundException",
                         "Failed to describe the api-destination(s). An api-destination '" + name +
                             "' does not exist."));
}

store::EventBus& busOfArn(Context& ctx, const std::string& arn, const char* member) {
  auto parsed = store::parseEventsArn(arn);
  if (!parsed || parsed->kind != "event-bus") {
    throw validationError(std::string("Parameter ") + member +
                          " is not valid. Reason: it must be the ARN of an event bus.");
  }
  bool here = parsed->account == ctx.store.accountId() && parsed->region == ctx.store.region();
  store::EventBus* bus = here ? ctx.store.findBus(parsed->bus) : nullptr;
  if (!bus) throw busNotFound(parsed->bus);
  return *bus;
}

store::Connection& connectionOfArn(Context& ctx, const std::string& arn) {
  auto parsed = store::parseEventsArn(arn);
  std::string path = parsed ? parsed->bus : std::string();
  std::string name = path.substr(0, path.find('/'));
  auto it = ctx.store.connections().find(name);
  if (it == ctx.store.connections().end() || it->second.arn != arn) throw connectionNotFound(name);
  return it->second;
}

void requireHttpUrl(const std::string& url, const char* member) {
  std::size_t hostStart = url.rfind("https://", 0) == 0  ? 8
                          : url.rfind("http://", 0) == 0 ? 7
                                                         : std::string::npos;
  bool ok = hostStart != std::string::npos && hostStart < url.size() && url[hostStart] != '/' &&
            url[hostStart] != '?' && url[hostStart] != ':';
  if (!ok) {
    throw validationError(std::string("Parameter ") + member +
                          " is not valid. Reason: it must be an http:// or https:// URL.");
  }
}

}  // namespace ebw::api
