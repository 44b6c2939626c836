// Connections (how to authorize against an HTTP endpoint) and API destinations (an endpoint, a
// method and a rate, through a connection). AWS keeps a connection's secrets in Secrets Manager and
// returns only their SecretArn; this store keeps the authorization parameters as configured (the
// secrets included, so that deliveries can use them) and answers them only through
// publicAuthParameters(), which leaves every secret out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/json.h"

namespace ebw::store {

// InvocationRateLimitPerSecond when none is given (AWS default).
constexpr int64_t kDefaultInvocationRateLimit = 300;

struct Connection {
  std::string name;
  std::string arn;        // ...:connection/<name>/<uuid>
  std::string secretArn;  // ...:secretsmanager:...:secret:events!connection/<name>/<uuid>-<suffix>
  std::optional<std::string> description;
  std::optional<std::string> kmsKeyIdentifier;
  std::string authorizationType;         // BASIC | API_KEY | OAUTH_CLIENT_CREDENTIALS
  Json authParameters = Json::object();  // as configured, secrets included
  std::optional<Json> invocationConnectivityParameters;
  std::string state;  // AUTHORIZED, AUTHORIZING, DEAUTHORIZED, ...
  std::optional<std::string> stateReason;
  int64_t creationTimeMs = 0;
  int64_t lastModifiedTimeMs = 0;
  std::optional<int64_t> lastAuthorizedTimeMs;
  // DeauthorizeConnection removed the secrets: nothing can authorize until UpdateConnection gives
  // them again.
  bool secretsRemoved = false;
  // Bumped by every change of the authorization (not persisted): the runtime drops a cached OAuth
  // token when it changes.
  uint64_t revision = 0;
};

struct ApiDestination {
  std::string name;
  std::string arn;  // ...:api-destination/<name>/<uuid>
  std::optional<std::string> description;
  std::string connectionArn;
  std::string connectionName;
  std::string invocationEndpoint;
  std::string httpMethod;
  int64_t invocationRateLimitPerSecond = kDefaultInvocationRateLimit;
  int64_t creationTimeMs = 0;
  int64_t lastModifiedTimeMs = 0;
};

// AuthParameters as DescribeConnection answers them: user names, key names, client ids, endpoints
// and the non-secret HTTP parameters; passwords, key values, client secrets and the values of
// parameters marked IsValueSecret are left out.
Json publicAuthParameters(const Json& authParameters);

}  // namespace ebw::store
