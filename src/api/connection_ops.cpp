// Connection operations. A connection holds one authorization method (Basic, API key, or OAuth
// client credentials) and the HTTP parameters every request through it carries. Basic and API key
// connections are AUTHORIZED at once; an OAuth connection is AUTHORIZING until the runtime has
// fetched a token from its authorization endpoint (AWS records), and reports the outcome through
// the internal _Emulator.SetConnectionAuthorization. No answer ever carries a secret: see
// store::publicAuthParameters. DeauthorizeConnection removes the secrets, as AWS documents.
#include "api/lookup.h"
#include "api/model.h"
#include "api/model_resources.h"
#include "api/operations.h"
#include "api/pagination.h"
#include "api/resource_lookup.h"
#include "api/shape_builders.h"
#include "store/arn.h"

namespace ebw::api {

namespace {

struct Method {
  const char* type;
  const char* block;
};
constexpr Method kMethods[] = {{"BASIC", "BasicAuthParameters"},
                               {"OAUTH_CLIENT_CREDENTIALS", "OAuthParameters"},
                               {"API_KEY", "ApiKeyAuthParameters"}};

const char* blockOf(const std::string& type) {
  for (const Method& m : kMethods) {
    if (type == m.type) return m.block;
  }
  return "";
}

bool present(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && !it->is_null();
}

bool hasString(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string();
}

// Whether `auth` holds everything the method needs to authorize.
bool complete(const Json& auth, const std::string& type) {
  auto it = auth.find(blockOf(type));
  if (it == auth.end() || !it->is_object()) return false;
  const Json& b = *it;
  if (type == "BASIC") return hasString(b, "Username") && hasString(b, "Password");
  if (type == "API_KEY") return hasString(b, "ApiKeyName") && hasString(b, "ApiKeyValue");
  auto client = b.find("ClientParameters");
  return client != b.end() && client->is_object() && hasString(*client, "ClientID") &&
         hasString(*client, "ClientSecret") && hasString(b, "AuthorizationEndpoint") &&
         hasString(b, "HttpMethod");
}

[[noreturn]] void badAuth(const std::string& reason) {
  throw validationError("Parameter AuthParameters is not valid. Reason: " + reason);
}

// The given blocks must all belong to `type` (AWS's texts for these cases are not recorded).
void checkBlocks(const Json& given, const std::string& type) {
  for (const Method& m : kMethods) {
    if (type != m.type && present(given, m.block)) {
      badAuth(std::string(m.block) + " cannot be provided for AuthorizationType " + type + ".");
    }
  }
}

void checkEndpoint(const Json& auth) {
  auto oauth = auth.find("OAuthParameters");
  if (oauth != auth.end() && oauth->is_object() && hasString(*oauth, "AuthorizationEndpoint")) {
    requireHttpUrl(oauth->at("AuthorizationEndpoint").get<std::string>(),
                   "AuthParameters.OAuthParameters.AuthorizationEndpoint");
  }
}

// Copies `from` into `into`, objects member by member (nulls count as absent), anything else
// replaced.
void mergeInto(Json& into, const Json& from) {
  if (!from.is_object() || !into.is_object()) {
    into = from;
    return;
  }
  for (auto it = from.begin(); it != from.end(); ++it) {
    if (it->is_null()) continue;
    if (it->is_object() && into.contains(it.key())) {
      mergeInto(into[it.key()], *it);
    } else {
      into[it.key()] = *it;
    }
  }
}

// Drops null members, recursively, so that stored parameters hold only what was given.
Json withoutNulls(const Json& v) {
  if (!v.is_object()) return v;
  Json out = Json::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it->is_null()) out[it.key()] = withoutNulls(*it);
  }
  return out;
}

void authorize(store::Connection& c, int64_t nowMs) {
  c.secretsRemoved = false;
  c.stateReason.reset();
  if (c.authorizationType == "OAUTH_CLIENT_CREDENTIALS") {
    c.state = "AUTHORIZING";  // until the runtime has a token
  } else {
    c.state = "AUTHORIZED";
    c.lastAuthorizedTimeMs = nowMs;
  }
}

// Create/Update/Delete/DeauthorizeConnection's answer.
Json stateAnswer(const store::Connection& c, const std::string& state, bool withAuthorized) {
  Json out{{"ConnectionArn", c.arn},
           {"ConnectionState", state},
           {"CreationTime", epochSeconds(c.creationTimeMs)},
           {"LastModifiedTime", epochSeconds(c.lastModifiedTimeMs)}};
  if (withAuthorized && c.lastAuthorizedTimeMs) {
    out["LastAuthorizedTime"] = epochSeconds(*c.lastAuthorizedTimeMs);
  }
  return out;
}

Json createConnection(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  if (ctx.store.connections().count(name)) {
    // AWS's text is not recorded; LocalStack's wording.
    throw AwsError("ResourceAlreadyExistsException", "Connection " + name + " already exists.");
  }
  std::string type = req.at("AuthorizationType").get<std::string>();
  Json auth = withoutNulls(req.at("AuthParameters"));
  checkBlocks(auth, type);
  if (!complete(auth, type)) {
    badAuth(std::string(blockOf(type)) + " must be provided for AuthorizationType " + type + ".");
  }
  checkEndpoint(auth);

  store::Connection c;
  c.name = name;
  std::string region = ctx.store.region();
  std::string account = ctx.store.accountId();
  c.arn = store::resourceArn(region, account, "connection", name + "/" + ctx.newId());
  std::string suffix = ctx.newId().substr(0, 6);
  c.secretArn = store::secretArn(region, account,
                                 "events!connection/" + name + "/" + ctx.newId() + "-" + suffix);
  c.description = optString(req, "Description");
  c.kmsKeyIdentifier = optString(req, "KmsKeyIdentifier");
  c.authorizationType = type;
  c.authParameters = std::move(auth);
  if (present(req, "InvocationConnectivityParameters")) {
    c.invocationConnectivityParameters = req.at("InvocationConnectivityParameters");
  }
  c.creationTimeMs = ctx.now();
  c.lastModifiedTimeMs = c.creationTimeMs;
  c.lastAuthorizedTimeMs = c.creationTimeMs;  // AWS reports it even while AUTHORIZING (record)
  authorize(c, ctx.now());
  const store::Connection& stored =
      ctx.store.connections().emplace(name, std::move(c)).first->second;
  return stateAnswer(stored, stored.state, false);
}

void describeInto(Json& out, const store::Connection& c, bool full) {
  out["ConnectionArn"] = c.arn;
  out["Name"] = c.name;
  if (full && c.description) out["Description"] = *c.description;
  if (full && c.invocationConnectivityParameters) {
    out["InvocationConnectivityParameters"] = *c.invocationConnectivityParameters;
  }
  out["ConnectionState"] = c.state;
  if (c.stateReason) out["StateReason"] = *c.stateReason;
  out["AuthorizationType"] = c.authorizationType;
  if (full) {
    out["SecretArn"] = c.secretArn;
    if (c.kmsKeyIdentifier) out["KmsKeyIdentifier"] = *c.kmsKeyIdentifier;
    out["AuthParameters"] = store::publicAuthParameters(c.authParameters);
  }
  out["CreationTime"] = epochSeconds(c.creationTimeMs);
  out["LastModifiedTime"] = epochSeconds(c.lastModifiedTimeMs);
  if (c.lastAuthorizedTimeMs) out["LastAuthorizedTime"] = epochSeconds(*c.lastAuthorizedTimeMs);
}

Json describeConnection(Context& ctx, const Json& req) {
  const store::Connection& c = requireConnection(ctx, req.at("Name").get<std::string>());
  Json out = Json::object();
  describeInto(out, c, true);
  return out;
}

Json updateConnection(Context& ctx, const Json& req) {
  store::Connection& c = requireConnection(ctx, req.at("Name").get<std::string>());
  auto typeGiven = optString(req, "AuthorizationType");
  bool authGiven = present(req, "AuthParameters");
  std::string type = typeGiven.value_or(c.authorizationType);
  Json auth = c.authParameters;
  if (type != c.authorizationType) auth.erase(blockOf(c.authorizationType));
  if (authGiven) {
    Json given = withoutNulls(req.at("AuthParameters"));
    checkBlocks(given, type);
    mergeInto(auth, given);
  }
  bool reauthorize = typeGiven.has_value() || authGiven;
  if (reauthorize && !complete(auth, type)) {
    badAuth(std::string(blockOf(type)) + " must be provided for AuthorizationType " + type + ".");
  }
  checkEndpoint(auth);
  // Everything is checked: now change the connection.
  if (auto d = optString(req, "Description")) c.description = *d;
  if (auto k = optString(req, "KmsKeyIdentifier")) c.kmsKeyIdentifier = *k;
  if (present(req, "InvocationConnectivityParameters")) {
    c.invocationConnectivityParameters = req.at("InvocationConnectivityParameters");
  }
  c.authorizationType = type;
  c.authParameters = std::move(auth);
  c.lastModifiedTimeMs = ctx.now();
  ++c.revision;
  if (reauthorize) authorize(c, ctx.now());
  return stateAnswer(c, c.state, true);
}

Json deleteConnection(Context& ctx, const Json& req) {
  std::string name = req.at("Name").get<std::string>();
  const store::Connection& c = requireConnection(ctx, name);
  Json out = stateAnswer(c, "DELETING", true);  // AWS record
  ctx.store.connections().erase(name);
  return out;
}

Json deauthorizeConnection(Context& ctx, const Json& req) {
  store::Connection& c = requireConnection(ctx, req.at("Name").get<std::string>());
  c.authParameters = store::publicAuthParameters(c.authParameters);
  c.secretsRemoved = true;
  ++c.revision;
  c.state = "DEAUTHORIZED";
  c.stateReason.reset();
  c.lastModifiedTimeMs = ctx.now();
  return stateAnswer(c, "DEAUTHORIZING", true);  // answered while AWS removes the secret
}

Json listConnections(Context& ctx, const Json& req) {
  auto prefix = optString(req, "NamePrefix");
  auto state = optString(req, "ConnectionState");
  std::vector<const store::Connection*> found;
  for (const auto& entry : ctx.store.connections()) {
    const store::Connection& c = entry.second;
    if (prefix && c.name.compare(0, prefix->size(), *prefix) != 0) continue;
    if (state && c.state != *state) continue;
    found.push_back(&c);
  }
  return listAnswer(found, req, "Connections", [](const store::Connection* c) {
    Json item = Json::object();
    describeInto(item, *c, false);
    return item;
  });
}

// ---- internal: the runtime reports an OAuth token request's outcome ----

const Shape& setAuthorizationRequest() {
  static const Shape arn = model::str(1, 1600);
  static const Shape reason = model::str(0, 512);
  static const Shape s = model::structure({{"ConnectionArn", &arn, true},
                                           {"Authorized", &model::boolean(), true},
                                           {"StateReason", &reason}});
  return s;
}

// {"ConnectionArn", "Authorized", "StateReason"?} -> {"ConnectionState"}. A token was obtained:
// AUTHORIZED with LastAuthorizedTime now; the request failed: DEAUTHORIZED with the reason. A
// connection whose secrets were removed, or that is not OAuth, is left as it is.
Json setConnectionAuthorization(Context& ctx, const Json& req) {
  store::Connection& c = connectionOfArn(ctx, req.at("ConnectionArn").get<std::string>());
  if (c.authorizationType == "OAUTH_CLIENT_CREDENTIALS" && !c.secretsRemoved) {
    if (req.at("Authorized").get<bool>()) {
      c.state = "AUTHORIZED";
      c.stateReason.reset();
      c.lastAuthorizedTimeMs = ctx.now();
    } else {
      c.state = "DEAUTHORIZED";
      c.stateReason = stringOr(req, "StateReason", "The authorization request failed.");
    }
  }
  return Json{{"ConnectionState", c.state}};
}

}  // namespace

void addConnectionOperations(OperationTable& table) {
  table["CreateConnection"] = {model::createConnectionRequest, createConnection};
  table["DescribeConnection"] = {model::connectionNameRequest, describeConnection};
  table["UpdateConnection"] = {model::updateConnectionRequest, updateConnection};
  table["DeleteConnection"] = {model::connectionNameRequest, deleteConnection};
  table["DeauthorizeConnection"] = {model::connectionNameRequest, deauthorizeConnection};
  table["ListConnections"] = {model::listConnectionsRequest, listConnections};
  table["_Emulator.SetConnectionAuthorization"] = {setAuthorizationRequest,
                                                   setConnectionAuthorization};
}

}  // namespace ebw::api
