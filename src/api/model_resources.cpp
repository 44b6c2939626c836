#include "api/model_resources.h"

#include "api/model.h"
#include "api/patterns.h"
#include "api/shape_builders.h"

namespace ebw::api::model {

namespace {

namespace p = patterns;

const Shape& Arn1600() {
  static const Shape s = str(1, 1600);
  return s;
}
const Shape& Description512() {  // ArchiveDescription, ReplayDescription, ...: ".*"
  static const Shape s = str(std::nullopt, 512, &p::kSingleLine);
  return s;
}

// ---- archives and replays ----
const Shape& ArchiveName() {
  static const Shape s = str(1, 48, &p::kName);
  return s;
}
const Shape& EventBusArn() {  // also ArchiveArn: the same constraints
  static const Shape s = str(1, 1600, &p::kEventBusArn);
  return s;
}
const Shape& RetentionDays() {
  static const Shape s = integer(0);
  return s;
}
const Shape& ArchiveState() {
  static const Shape s = enumeration(
      {"ENABLED", "DISABLED", "CREATING", "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"});
  return s;
}
const Shape& ReplayName() {
  static const Shape s = str(1, 64, &p::kName);
  return s;
}
const Shape& ReplayState() {
  static const Shape s =
      enumeration({"STARTING", "RUNNING", "CANCELLING", "COMPLETED", "CANCELLED", "FAILED"});
  return s;
}
const Shape& Timestamp() {
  static const Shape s = timestamp();
  return s;
}
const Shape& ReplayDestination() {
  static const Shape filters = list(Arn1600());
  static const Shape s = structure({{"Arn", &Arn1600(), true}, {"FilterArns", &filters}});
  return s;
}

// ---- connections ----
const Shape& ConnectionName() {
  static const Shape s = str(1, 64, &p::kName);
  return s;
}
const Shape& AuthorizationType() {
  static const Shape s = enumeration({"BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY"});
  return s;
}
const Shape& AuthHeaderParameter() {
  static const Shape s = str(1, 512, &p::kAuthHeaderValue);
  return s;
}
const Shape& AuthHeaderParameterSensitive() {
  static const Shape s = sensitive(str(1, 512, &p::kAuthHeaderValue));
  return s;
}
const Shape& HttpsEndpoint() {
  static const Shape s = str(1, 2048, &p::kHttpsEndpoint);
  return s;
}
const Shape& OAuthHttpMethod() {
  static const Shape s = enumeration({"GET", "POST", "PUT"});
  return s;
}
const Shape& ConnectionHttpParameters() {
  static const Shape headerKey = str(std::nullopt, 512, &p::kHeaderKey);
  static const Shape headerValue = sensitive(str(std::nullopt, 512, &p::kHeaderValue));
  static const Shape header =
      structure({{"Key", &headerKey}, {"Value", &headerValue}, {"IsValueSecret", &boolean()}});
  static const Shape headers = list(header, 0, 100);
  static const Shape queryKey = str(std::nullopt, 512, &p::kQueryStringKey);
  static const Shape queryValue = sensitive(str(std::nullopt, 512, &p::kQueryStringValue));
  static const Shape query =
      structure({{"Key", &queryKey}, {"Value", &queryValue}, {"IsValueSecret", &boolean()}});
  static const Shape queries = list(query, 0, 100);
  static const Shape bodyValue = sensitive(str());
  static const Shape body =
      structure({{"Key", &string()}, {"Value", &bodyValue}, {"IsValueSecret", &boolean()}});
  static const Shape bodies = list(body, 0, 100);
  static const Shape s = structure({{"HeaderParameters", &headers},
                                    {"QueryStringParameters", &queries},
                                    {"BodyParameters", &bodies}});
  return s;
}
const Shape& ConnectivityParameters() {
  static const Shape arn = str(0, 2048, &p::kResourceConfigurationArn);
  static const Shape resource = structure({{"ResourceConfigurationArn", &arn, true}});
  static const Shape s = structure({{"ResourceParameters", &resource, true}});
  return s;
}
// The authorization blocks. CreateConnection requires the members of each block that is given
// (`req`); UpdateConnection requires none.
struct AuthBlocks {
  Shape basic;
  Shape client;
  Shape apiKey;
  Shape oauth;
  Shape auth;
};
void buildAuthBlocks(AuthBlocks& b, bool req) {
  const Shape* plain = &AuthHeaderParameter();
  const Shape* secret = &AuthHeaderParameterSensitive();
  b.basic = structure({{"Username", plain, req}, {"Password", secret, req}});
  b.client = structure({{"ClientID", plain, req}, {"ClientSecret", secret, req}});
  b.apiKey = structure({{"ApiKeyName", plain, req}, {"ApiKeyValue", secret, req}});
  b.oauth = structure({{"ClientParameters", &b.client, req},
                       {"AuthorizationEndpoint", &HttpsEndpoint(), req},
                       {"HttpMethod", &OAuthHttpMethod(), req},
                       {"OAuthHttpParameters", &ConnectionHttpParameters()}});
  b.auth = structure({{"BasicAuthParameters", &b.basic},
                      {"OAuthParameters", &b.oauth},
                      {"ApiKeyAuthParameters", &b.apiKey},
                      {"InvocationHttpParameters", &ConnectionHttpParameters()},
                      {"ConnectivityParameters", &ConnectivityParameters()}});
}
const Shape& CreateAuthParameters() {
  static const AuthBlocks* b = [] {
    static AuthBlocks blocks;
    buildAuthBlocks(blocks, true);
    return &blocks;
  }();
  return b->auth;
}
const Shape& UpdateAuthParameters() {
  static const AuthBlocks* b = [] {
    static AuthBlocks blocks;
    buildAuthBlocks(blocks, false);
    return &blocks;
  }();
  return b->auth;
}
const Shape& ConnectionState() {
  static const Shape s =
      enumeration({"CREATING", "UPDATING", "DELETING", "AUTHORIZED", "DEAUTHORIZED", "AUTHORIZING",
                   "DEAUTHORIZING", "ACTIVE", "FAILED_CONNECTIVITY"});
  return s;
}

// ---- API destinations ----
const Shape& ApiDestinationName() {
  static const Shape s = str(1, 64, &p::kName);
  return s;
}
const Shape& ConnectionArn() {
  static const Shape s = str(1, 1600, &p::kConnectionArn);
  return s;
}
const Shape& ApiDestinationHttpMethod() {
  // In the order AWS prints the set (AWS record), not the model's.
  static const Shape s = enumeration({"HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"});
  return s;
}
const Shape& RateLimit() {
  static const Shape s = integer(1);
  return s;
}

}  // namespace

const Shape& createArchiveRequest() {
  static const Shape s = structure({{"ArchiveName", &ArchiveName(), true},
                                    {"EventSourceArn", &EventBusArn(), true},
                                    {"Description", &Description512()},
                                    {"EventPattern", &eventPattern()},
                                    {"RetentionDays", &RetentionDays()},
                                    {"KmsKeyIdentifier", &kmsKeyIdentifier()}});
  return s;
}

const Shape& archiveNameRequest() {
  static const Shape s = structure({{"ArchiveName", &ArchiveName(), true}});
  return s;
}

const Shape& updateArchiveRequest() {
  static const Shape s = structure({{"ArchiveName", &ArchiveName(), true},
                                    {"Description", &Description512()},
                                    {"EventPattern", &eventPattern()},
                                    {"RetentionDays", &RetentionDays()},
                                    {"KmsKeyIdentifier", &kmsKeyIdentifier()}});
  return s;
}

const Shape& listArchivesRequest() {
  static const Shape s = structure({{"NamePrefix", &ArchiveName()},
                                    {"EventSourceArn", &EventBusArn()},
                                    {"State", &ArchiveState()},
                                    {"NextToken", &nextToken()},
                                    {"Limit", &limitMax100()}});
  return s;
}

const Shape& startReplayRequest() {
  static const Shape s = structure({{"ReplayName", &ReplayName(), true},
                                    {"Description", &Description512()},
                                    {"EventSourceArn", &EventBusArn(), true},
                                    {"EventStartTime", &Timestamp(), true},
                                    {"EventEndTime", &Timestamp(), true},
                                    {"Destination", &ReplayDestination(), true}});
  return s;
}

const Shape& replayNameRequest() {
  static const Shape s = structure({{"ReplayName", &ReplayName(), true}});
  return s;
}

const Shape& listReplaysRequest() {
  static const Shape s = structure({{"NamePrefix", &ReplayName()},
                                    {"State", &ReplayState()},
                                    {"EventSourceArn", &EventBusArn()},
                                    {"NextToken", &nextToken()},
                                    {"Limit", &limitMax100()}});
  return s;
}

const Shape& createConnectionRequest() {
  static const Shape s = structure({{"Name", &ConnectionName(), true},
                                    {"Description", &Description512()},
                                    {"AuthorizationType", &AuthorizationType(), true},
                                    {"AuthParameters", &CreateAuthParameters(), true},
                                    {"InvocationConnectivityParameters", &ConnectivityParameters()},
                                    {"KmsKeyIdentifier", &kmsKeyIdentifier()}});
  return s;
}

const Shape& updateConnectionRequest() {
  static const Shape s = structure({{"Name", &ConnectionName(), true},
                                    {"Description", &Description512()},
                                    {"AuthorizationType", &AuthorizationType()},
                                    {"AuthParameters", &UpdateAuthParameters()},
                                    {"InvocationConnectivityParameters", &ConnectivityParameters()},
                                    {"KmsKeyIdentifier", &kmsKeyIdentifier()}});
  return s;
}

const Shape& connectionNameRequest() {
  static const Shape s = structure({{"Name", &ConnectionName(), true}});
  return s;
}

const Shape& listConnectionsRequest() {
  static const Shape s = structure({{"NamePrefix", &ConnectionName()},
                                    {"ConnectionState", &ConnectionState()},
                                    {"NextToken", &nextToken()},
                                    {"Limit", &limitMax100()}});
  return s;
}

const Shape& createApiDestinationRequest() {
  static const Shape s = structure({{"Name", &ApiDestinationName(), true},
                                    {"Description", &Description512()},
                                    {"ConnectionArn", &ConnectionArn(), true},
                                    {"InvocationEndpoint", &HttpsEndpoint(), true},
                                    {"HttpMethod", &ApiDestinationHttpMethod(), true},
                                    {"InvocationRateLimitPerSecond", &RateLimit()}});
  return s;
}

const Shape& updateApiDestinationRequest() {
  static const Shape s = structure({{"Name", &ApiDestinationName(), true},
                                    {"Description", &Description512()},
                                    {"ConnectionArn", &ConnectionArn()},
                                    {"InvocationEndpoint", &HttpsEndpoint()},
                                    {"HttpMethod", &ApiDestinationHttpMethod()},
                                    {"InvocationRateLimitPerSecond", &RateLimit()}});
  return s;
}

const Shape& apiDestinationNameRequest() {
  static const Shape s = structure({{"Name", &ApiDestinationName(), true}});
  return s;
}

const Shape& listApiDestinationsRequest() {
  static const Shape s = structure({{"NamePrefix", &ApiDestinationName()},
                                    {"ConnectionArn", &ConnectionArn()},
                                    {"NextToken", &nextToken()},
                                    {"Limit", &limitMax100()}});
  return s;
}

}  // namespace ebw::api::model
