// API destination operations. A destination is ACTIVE while its connection is AUTHORIZED and
// INACTIVE otherwise (AWS records: INACTIVE behind an OAuth connection still AUTHORIZING). A rule
// target whose Arn is a destination's ARN is delivered by the runtime as an HTTP request; the
// runtime reads what it needs (endpoint, method, rate, the connection with its secrets) through the
// internal _Emulator.ResolveApiDestination, which no wire protocol reaches.
#include "api/lookup.h"
#include "api/model_resources.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "api/resource_lookup.h"
#include "api/shape_builders.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

const store::Connection* connectionOf(const Context& ctx, const store::ApiDestination& d) {
  auto it = ctx.store.connections().find(d.connectionName);
  if (it == ctx.store.connections().end() || it->second.arn != d.connectionArn) return nullptr;
  return &it->second;
}

std::string stateOf(const Context& ctx, const store::ApiDestination& d) {
  const store::Connection* c = connectionOf(ctx, d);
  return c && c->state == "AUTHORIZED" ? "ACTIVE" : "INACTIVE";
}

// Create/UpdateApiDestination's answer.
Json stateAnswer(const Context& ctx, const store::ApiDestination& d) {
  return Json{{"ApiDestinationArn", d.arn},
              {"ApiDestinationState", stateOf(ctx, d)},
              {"CreationTime", epochSeconds(d.creationTimeMs)},
              {"LastModifiedTime", epochSeconds(d.lastModifiedTimeMs)}};
}

void describeInto(Json& out, const Context& ctx, const store::ApiDestination& d, bool full) {
  out["ApiDestinationArn"] = d.arn;
  out["Name"] = d.name;
  if (full && d.description) out["Description"] = *d.description;
  out["ApiDestinationState"] = stateOf(ctx, d);
  out["ConnectionArn"] = d.connectionArn;
  out["InvocationEndpoint"] = d.invocationEndpoint;
  out["HttpMethod"] = d.httpMethod;
  out["InvocationRateLimitPerSecond"] = d.invocationRateLimitPerSecond;
  out["CreationTime"] = epochSeconds(d.creationTimeMs);
  out["LastModifiedTime"] = epochSeconds(d.lastModifiedTimeMs);
}

Json createApiDestination(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  if (ctx.store.apiDestinations().count(name)) {
    // AWS's text is not recorded; LocalStack's wording.
    throw AwsError("ResourceAlreadyExistsException",
                   "An api-destination '" + name + "' already exists.");
  }
  const store::Connection& c = connectionOfArn(ctx, req.at("ConnectionArn").get<std::string>());
  std::string endpoint = req.at("InvocationEndpoint").get<std::string>();
  requireHttpUrl(endpoint, "InvocationEndpoint");
  store::ApiDestination d;
  d.name = name;
  d.arn = store::resourceArn(ctx.store.region(), ctx.store.accountId(), "api-destination",
                             name + "/" + ctx.newId());
  d.description = optString(req, "Description");
  d.connectionArn = c.arn;
  d.connectionName = c.name;
  d.invocationEndpoint = endpoint;
  d.httpMethod = req.at("HttpMethod").get<std::string>();
  auto rate = req.find("InvocationRateLimitPerSecond");
  if (rate != req.end() && !rate->is_null()) d.invocationRateLimitPerSecond = integerOf(*rate);
  d.creationTimeMs = ctx.now();
  d.lastModifiedTimeMs = d.creationTimeMs;
  const store::ApiDestination& stored =
      ctx.store.apiDestinations().emplace(name, std::move(d)).first->second;
  return stateAnswer(ctx, stored);
}

Json describeApiDestination(Context& ctx, const Json& req) {
  const store::ApiDestination& d = requireApiDestination(ctx, req.at("Name").get<std::string>());
  Json out = Json::object();
  describeInto(out, ctx, d, true);
  return out;
}

Json updateApiDestination(Context& ctx, const Json& req) {
  store::ApiDestination& d = requireApiDestination(ctx, req.at("Name").get<std::string>());
  const store::Connection* c = nullptr;
  if (auto arn = optString(req, "ConnectionArn")) c = &connectionOfArn(ctx, *arn);
  auto endpoint = optString(req, "InvocationEndpoint");
  if (endpoint) requireHttpUrl(*endpoint, "InvocationEndpoint");
  // Everything is checked: now change the destination.
  if (c) {
    d.connectionArn = c->arn;
    d.connectionName = c->name;
  }
  if (endpoint) d.invocationEndpoint = *endpoint;
  if (auto desc = optString(req, "Description")) d.description = *desc;
  if (auto method = optString(req, "HttpMethod")) d.httpMethod = *method;
  auto rate = req.find("InvocationRateLimitPerSecond");
  if (rate != req.end() && !rate->is_null()) d.invocationRateLimitPerSecond = integerOf(*rate);
  d.lastModifiedTimeMs = ctx.now();
  return stateAnswer(ctx, d);
}

Json deleteApiDestination(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  requireApiDestination(ctx, name);
  ctx.store.apiDestinations().erase(name);
  return Json::object();
}

Json listApiDestinations(Context& ctx, const Json& req) {
  auto prefix = optString(req, "NamePrefix");
  auto connection = optString(req, "ConnectionArn");
  std::vector<const store::ApiDestination*> found;
  for (const auto& entry : ctx.store.apiDestinations()) {
    const store::ApiDestination& d = entry.second;
    if (prefix && d.name.compare(0, prefix->size(), *prefix) != 0) continue;
    if (connection && d.connectionArn != *connection) continue;
    found.push_back(&d);
  }
  return listAnswer(found, req, "ApiDestinations", [&](const store::ApiDestination* d) {
    Json item = Json::object();
    describeInto(item, ctx, *d, false);
    return item;
  });
}

// ---- internal: what the runtime needs to send a request ----

const Shape& resolveRequest() {
  static const Shape arn = model::str(1, 1600);
  static const Shape s = model::structure({{"ApiDestinationArn", &arn, true}});
  return s;
}

// {"ApiDestinationArn"} -> {"Name", "ApiDestinationArn", "InvocationEndpoint", "HttpMethod",
// "InvocationRateLimitPerSecond", "Connection": {"Name", "ConnectionArn", "AuthorizationType",
// "ConnectionState", "SecretsRemoved", "Generation", "AuthParameters" (secrets included)}}.
// Generation changes whenever the connection is modified, so that cached tokens are dropped.
Json resolveApiDestination(Context& ctx, const Json& req) {
  std::string arn = req.at("ApiDestinationArn").get<std::string>();
  auto parsed = store::parseEventsArn(arn);
  std::string path = parsed ? parsed->bus : arn;
  std::string name = path.substr(0, path.find('/'));
  store::ApiDestination& d = requireApiDestination(ctx, name);
  if (d.arn != arn) requireApiDestination(ctx, arn);  // another one of that name: not found
  const store::Connection* c = connectionOf(ctx, d);
  if (!c) throw connectionNotFound(d.connectionName);
  Json connection{
      {"Name", c->name},
      {"ConnectionArn", c->arn},
      {"AuthorizationType", c->authorizationType},
      {"ConnectionState", c->state},
      {"SecretsRemoved", c->secretsRemoved},
      {"Generation", std::to_string(c->lastModifiedTimeMs) + "." + std::to_string(c->revision)},
      {"AuthParameters", c->authParameters}};
  return Json{{"Name", d.name},
              {"ApiDestinationArn", d.arn},
              {"InvocationEndpoint", d.invocationEndpoint},
              {"HttpMethod", d.httpMethod},
              {"InvocationRateLimitPerSecond", d.invocationRateLimitPerSecond},
              {"Connection", std::move(connection)}};
}

}  // namespace

void addApiDestinationOperations(OperationTable& table) {
  table["CreateApiDestination"] = {model::createApiDestinationRequest, createApiDestination};
  table["DescribeApiDestination"] = {model::apiDestinationNameRequest, describeApiDestination};
  table["UpdateApiDestination"] = {model::updateApiDestinationRequest, updateApiDestination};
  table["DeleteApiDestination"] = {model::apiDestinationNameRequest, deleteApiDestination};
  table["ListApiDestinations"] = {model::listApiDestinationsRequest, listApiDestinations};
  table["_Emulator.ResolveApiDestination"] = {resolveRequest, resolveApiDestination};
}

}  // namespace ebw::api
