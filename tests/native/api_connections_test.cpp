// Connections and API destinations through the dispatcher: AWS's answers and states, secrets kept
// out of every answer, update and deauthorize, the runtime's internal operations, the state file.
#include <gtest/gtest.h>

#include <string>

#include "api/dispatcher.h"
#include "common/json.h"
#include "dispatcher_calls.h"

namespace {

using ebw::Json;

constexpr int64_t kNow = 1717200000000;

class Connections : public ::testing::Test {
 protected:
  static ebw::api::Options options() {
    ebw::api::Options o;
    o.nowMs = [] { return kNow; };
    o.newId = [] {
      static int n = 0;
      return "0000000" + std::to_string(n++ % 10) + "-0000-4000-8000-000000000000";
    };
    return o;
  }
  Json ok(const std::string& op, const Json& req) { return callExpecting(d, 200, op, req); }
  Json fail(const std::string& op, const Json& req) { return callExpecting(d, 400, op, req); }
  std::string basic(const std::string& name) {
    Json out =
        ok("CreateConnection",
           {{"Name", name},
            {"AuthorizationType", "BASIC"},
            {"AuthParameters",
             {{"BasicAuthParameters", {{"Username", "user"}, {"Password", "s3cret-pw"}}},
              {"InvocationHttpParameters",
               {{"HeaderParameters",
                 {{{"Key", "x-plain"}, {"Value", "p"}, {"IsValueSecret", false}},
                  {{"Key", "x-hidden"}, {"Value", "s3cret-hdr"}, {"IsValueSecret", true}}}}}}}}});
    return out["ConnectionArn"].get<std::string>();
  }
  ebw::api::Dispatcher d{options()};
};

TEST_F(Connections, StatesAndAnswersWithoutSecrets) {
  std::string arn = basic("c");
  EXPECT_EQ(arn.rfind("arn:aws:events:us-east-1:123456789012:connection/c/", 0), 0u);
  Json described = ok("DescribeConnection", {{"Name", "c"}});
  EXPECT_EQ(described["ConnectionState"], "AUTHORIZED");
  EXPECT_EQ(described["AuthorizationType"], "BASIC");
  EXPECT_EQ(described["SecretArn"].get<std::string>().rfind(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/c/", 0),
            0u);
  EXPECT_EQ(described["AuthParameters"]["BasicAuthParameters"], (Json{{"Username", "user"}}));
  EXPECT_EQ(described["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"][1],
            (Json{{"Key", "x-hidden"}, {"IsValueSecret", true}}));
  EXPECT_EQ(described["LastAuthorizedTime"], kNow / 1000);
  for (std::string op : {"DescribeConnection", "ListConnections"}) {
    std::string body = d.call(op, op == "ListConnections" ? "{}" : R"({"Name":"c"})").body;
    EXPECT_EQ(body.find("s3cret"), std::string::npos) << op << " " << body;
  }
  Json oauth =
      ok("CreateConnection",
         {{"Name", "o"},
          {"AuthorizationType", "OAUTH_CLIENT_CREDENTIALS"},
          {"AuthParameters",
           {{"OAuthParameters",
             {{"ClientParameters", {{"ClientID", "id"}, {"ClientSecret", "s3cret-client"}}},
              {"AuthorizationEndpoint", "https://auth.example.com/token"},
              {"HttpMethod", "POST"}}}}}});
  EXPECT_EQ(oauth["ConnectionState"], "AUTHORIZING");
  EXPECT_FALSE(oauth.contains("LastAuthorizedTime"));
  Json o = ok("DescribeConnection", {{"Name", "o"}});
  EXPECT_EQ(o["AuthParameters"]["OAuthParameters"]["ClientParameters"], (Json{{"ClientID", "id"}}));
  EXPECT_EQ(d.call("ListConnections", "{}").body.find("s3cret"), std::string::npos);
  EXPECT_EQ(ok("ListConnections", {{"ConnectionState", "AUTHORIZING"}})["Connections"].size(), 1u);
}

TEST_F(Connections, ValidationAsAwsAnswers) {
  Json e = fail("CreateConnection",
                {{"Name", "This should fail with two errors 123467890123412341234123412341234"},
                 {"AuthorizationType", "INVALID"},
                 {"AuthParameters",
                  {{"BasicAuthParameters", {{"Username", "user"}, {"Password", "pass"}}}}}});
  EXPECT_EQ(e["message"],
            "3 validation errors detected: Value 'This should fail with two errors "
            "123467890123412341234123412341234' at 'name' failed to satisfy constraint: Member "
            "must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value 'This should fail "
            "with two errors 123467890123412341234123412341234' at 'name' failed to satisfy "
            "constraint: Member must have length less than or equal to 64; Value 'INVALID' at "
            "'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: "
            "[BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]");
  e = fail("CreateConnection",
           {{"Name", "c"},
            {"AuthorizationType", "BASIC"},
            {"AuthParameters",
             {{"ApiKeyAuthParameters", {{"ApiKeyName", "k"}, {"ApiKeyValue", "v"}}}}}});
  EXPECT_EQ(e["message"],
            "Parameter AuthParameters is not valid. Reason: ApiKeyAuthParameters cannot be "
            "provided for AuthorizationType BASIC.");
  e = fail("CreateConnection",
           {{"Name", "c"}, {"AuthorizationType", "API_KEY"}, {"AuthParameters", Json::object()}});
  EXPECT_EQ(e["message"],
            "Parameter AuthParameters is not valid. Reason: ApiKeyAuthParameters must be provided "
            "for AuthorizationType API_KEY.");
  e = fail(
      "CreateConnection",
      {{"Name", "c"},
       {"AuthorizationType", "BASIC"},
       {"AuthParameters", {{"BasicAuthParameters", {{"Username", "u:x"}, {"Password", "p"}}}}}});
  EXPECT_NE(
      e["message"].get<std::string>().find("at 'authParameters.basicAuthParameters.username'"),
      std::string::npos);
  basic("c");
  EXPECT_EQ(fail("CreateConnection",
                 {{"Name", "c"},
                  {"AuthorizationType", "BASIC"},
                  {"AuthParameters",
                   {{"BasicAuthParameters", {{"Username", "u"}, {"Password", "p"}}}}}})["__type"],
            "ResourceAlreadyExistsException");
  EXPECT_EQ(fail("DescribeConnection", {{"Name", "nope"}})["message"],
            "Failed to describe the connection(s). Connection 'nope' does not exist.");
  EXPECT_EQ(fail("DeleteConnection", {{"Name", "nope"}})["__type"], "ResourceNotFoundException");
}

TEST_F(Connections, UpdateDeauthorizeDelete) {
  std::string connArn = basic("c");
  Json dest = ok("CreateApiDestination", {{"Name", "d"},
                                          {"ConnectionArn", connArn},
                                          {"InvocationEndpoint", "http://127.0.0.1:9/x"},
                                          {"HttpMethod", "POST"}});
  std::string destArn = dest["ApiDestinationArn"].get<std::string>();
  auto resolved = [&] {
    return ok("_Emulator.ResolveApiDestination", {{"ApiDestinationArn", destArn}});
  };
  Json upd =
      ok("UpdateConnection",
         {{"Name", "c"}, {"AuthParameters", {{"BasicAuthParameters", {{"Username", "new"}}}}}});
  EXPECT_EQ(upd["ConnectionState"], "AUTHORIZED");
  EXPECT_EQ(ok("DescribeConnection", {{"Name", "c"}})["AuthParameters"]["BasicAuthParameters"],
            (Json{{"Username", "new"}}));
  // The password given at creation is kept: only what the update names changes.
  EXPECT_EQ(resolved()["Connection"]["AuthParameters"]["BasicAuthParameters"],
            (Json{{"Username", "new"}, {"Password", "s3cret-pw"}}));
  std::string generation = resolved()["Connection"]["Generation"];
  EXPECT_EQ(fail("UpdateConnection", {{"Name", "c"}, {"AuthorizationType", "API_KEY"}})["message"],
            "Parameter AuthParameters is not valid. Reason: ApiKeyAuthParameters must be provided "
            "for AuthorizationType API_KEY.");
  ok("UpdateConnection",
     {{"Name", "c"},
      {"AuthorizationType", "API_KEY"},
      {"AuthParameters",
       {{"ApiKeyAuthParameters", {{"ApiKeyName", "x-api-key"}, {"ApiKeyValue", "k1"}}}}}});
  Json described = ok("DescribeConnection", {{"Name", "c"}});
  EXPECT_EQ(described["AuthorizationType"], "API_KEY");
  EXPECT_FALSE(described["AuthParameters"].contains("BasicAuthParameters"));
  EXPECT_NE(resolved()["Connection"]["Generation"], generation);

  Json deauth = ok("DeauthorizeConnection", {{"Name", "c"}});
  EXPECT_EQ(deauth["ConnectionState"], "DEAUTHORIZING");
  EXPECT_EQ(ok("DescribeConnection", {{"Name", "c"}})["ConnectionState"], "DEAUTHORIZED");
  EXPECT_EQ(ok("DescribeApiDestination", {{"Name", "d"}})["ApiDestinationState"], "INACTIVE");
  Json gone = resolved()["Connection"];
  EXPECT_EQ(gone["SecretsRemoved"], true);
  EXPECT_EQ(gone["AuthParameters"]["ApiKeyAuthParameters"], (Json{{"ApiKeyName", "x-api-key"}}));
  EXPECT_EQ(gone["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"][1],
            (Json{{"Key", "x-hidden"}, {"IsValueSecret", true}}));
  ok("UpdateConnection",
     {{"Name", "c"}, {"AuthParameters", {{"ApiKeyAuthParameters", {{"ApiKeyValue", "k2"}}}}}});
  EXPECT_EQ(resolved()["Connection"]["SecretsRemoved"], false);
  EXPECT_EQ(ok("DescribeApiDestination", {{"Name", "d"}})["ApiDestinationState"], "ACTIVE");

  Json deleted = ok("DeleteConnection", {{"Name", "c"}});
  EXPECT_EQ(deleted["ConnectionState"], "DELETING");
  EXPECT_EQ(deleted["ConnectionArn"], connArn);
  EXPECT_EQ(fail("_Emulator.ResolveApiDestination", {{"ApiDestinationArn", destArn}})["message"],
            "Failed to describe the connection(s). Connection 'c' does not exist.");
}

TEST_F(Connections, OAuthAuthorizationReportedByTheRuntime) {
  Json created = ok("CreateConnection",
                    {{"Name", "o"},
                     {"AuthorizationType", "OAUTH_CLIENT_CREDENTIALS"},
                     {"AuthParameters",
                      {{"OAuthParameters",
                        {{"ClientParameters", {{"ClientID", "id"}, {"ClientSecret", "cs"}}},
                         {"AuthorizationEndpoint", "http://127.0.0.1:9/token"},
                         {"HttpMethod", "POST"}}}}}});
  std::string arn = created["ConnectionArn"];
  ok("CreateApiDestination", {{"Name", "d"},
                              {"ConnectionArn", arn},
                              {"InvocationEndpoint", "https://example.com/api"},
                              {"HttpMethod", "POST"}});
  EXPECT_EQ(ok("DescribeApiDestination", {{"Name", "d"}})["ApiDestinationState"], "INACTIVE");
  ok("_Emulator.SetConnectionAuthorization", {{"ConnectionArn", arn}, {"Authorized", true}});
  EXPECT_EQ(ok("DescribeConnection", {{"Name", "o"}})["ConnectionState"], "AUTHORIZED");
  EXPECT_EQ(ok("DescribeApiDestination", {{"Name", "d"}})["ApiDestinationState"], "ACTIVE");
  ok("_Emulator.SetConnectionAuthorization", {{"ConnectionArn", arn},
                                              {"Authorized", false},
                                              {"StateReason", "The endpoint answered 400."}});
  Json c = ok("DescribeConnection", {{"Name", "o"}});
  EXPECT_EQ(c["ConnectionState"], "DEAUTHORIZED");
  EXPECT_EQ(c["StateReason"], "The endpoint answered 400.");
  // A new configuration starts authorizing again.
  ok("UpdateConnection",
     {{"Name", "o"}, {"AuthParameters", {{"OAuthParameters", {{"HttpMethod", "PUT"}}}}}});
  c = ok("DescribeConnection", {{"Name", "o"}});
  EXPECT_EQ(c["ConnectionState"], "AUTHORIZING");
  EXPECT_FALSE(c.contains("StateReason"));
  EXPECT_EQ(c["AuthParameters"]["OAuthParameters"]["HttpMethod"], "PUT");
}

TEST_F(Connections, ApiDestinationsAsAwsAnswers) {
  std::string connArn = basic("c");
  Json e = fail("CreateApiDestination", {{"Name", "test-destination-abc123"},
                                         {"ConnectionArn", "invalid-connection-arn"},
                                         {"HttpMethod", "INVALID_METHOD"},
                                         {"InvocationEndpoint", "invalid-endpoint"}});
  EXPECT_EQ(e["message"],
            "2 validation errors detected: Value 'invalid-connection-arn' at 'connectionArn' "
            "failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/"
            "[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$; Value 'INVALID_METHOD' at 'httpMethod' failed "
            "to satisfy constraint: Member must satisfy enum value set: [HEAD, POST, PATCH, "
            "DELETE, PUT, GET, OPTIONS]");
  e = fail("CreateApiDestination", {{"Name", "d"},
                                    {"ConnectionArn", connArn + "0"},
                                    {"InvocationEndpoint", "https://x"},
                                    {"HttpMethod", "GET"}});
  EXPECT_EQ(e["message"], "Failed to describe the connection(s). Connection 'c' does not exist.");
  e = fail("CreateApiDestination", {{"Name", "d"},
                                    {"ConnectionArn", connArn},
                                    {"InvocationEndpoint", "ftp://x"},
                                    {"HttpMethod", "GET"}});
  EXPECT_EQ(e["message"],
            "Parameter InvocationEndpoint is not valid. Reason: it must be an http:// or https:// "
            "URL.");
  Json created = ok("CreateApiDestination", {{"Name", "d"},
                                             {"Description", "desc"},
                                             {"ConnectionArn", connArn},
                                             {"InvocationEndpoint", "https://example.com/api/*"},
                                             {"HttpMethod", "POST"}});
  EXPECT_EQ(created["ApiDestinationState"], "ACTIVE");
  std::string arn = created["ApiDestinationArn"];
  EXPECT_EQ(arn.rfind("arn:aws:events:us-east-1:123456789012:api-destination/d/", 0), 0u);
  Json described = ok("DescribeApiDestination", {{"Name", "d"}});
  EXPECT_EQ(described["InvocationRateLimitPerSecond"], 300);
  EXPECT_EQ(described["Description"], "desc");
  EXPECT_EQ(fail("CreateApiDestination", {{"Name", "d"},
                                          {"ConnectionArn", connArn},
                                          {"InvocationEndpoint", "https://x"},
                                          {"HttpMethod", "GET"}})["message"],
            "An api-destination 'd' already exists.");
  ok("UpdateApiDestination", {{"Name", "d"},
                              {"HttpMethod", "PUT"},
                              {"InvocationRateLimitPerSecond", 5},
                              {"InvocationEndpoint", "https://example.com/api/v2"}});
  Json listed = ok("ListApiDestinations", {{"ConnectionArn", connArn}});
  ASSERT_EQ(listed["ApiDestinations"].size(), 1u);
  EXPECT_EQ(listed["ApiDestinations"][0]["HttpMethod"], "PUT");
  EXPECT_EQ(listed["ApiDestinations"][0]["InvocationRateLimitPerSecond"], 5);
  EXPECT_FALSE(listed["ApiDestinations"][0].contains("Description"));
  Json resolved = ok("_Emulator.ResolveApiDestination", {{"ApiDestinationArn", arn}});
  EXPECT_EQ(resolved["InvocationEndpoint"], "https://example.com/api/v2");
  EXPECT_EQ(resolved["Connection"]["AuthParameters"]["BasicAuthParameters"]["Password"],
            "s3cret-pw");
  EXPECT_EQ(ok("DeleteApiDestination", {{"Name", "d"}}), Json::object());
  EXPECT_EQ(fail("DescribeApiDestination", {{"Name", "d"}})["message"],
            "Failed to describe the api-destination(s). An api-destination 'd' does not exist.");
  EXPECT_EQ(fail("_Emulator.ResolveApiDestination", {{"ApiDestinationArn", arn}})["__type"],
            "ResourceNotFoundException");
}

TEST_F(Connections, StateDocumentKeepsConfiguredSecretsOnly) {
  std::string connArn = basic("c");
  ok("CreateApiDestination", {{"Name", "d"},
                              {"ConnectionArn", connArn},
                              {"InvocationEndpoint", "https://example.com"},
                              {"HttpMethod", "GET"}});
  std::string doc = d.exportState();
  ebw::api::Dispatcher other(options());
  other.importState(doc);
  EXPECT_EQ(other.exportState(), doc);
  Json state = Json::parse(doc);
  EXPECT_EQ(state["Connections"][0]["AuthParameters"]["BasicAuthParameters"]["Password"],
            "s3cret-pw");
  EXPECT_EQ(state["ApiDestinations"][0]["ConnectionArn"], connArn);
  Json bad = state;
  bad["Connections"][0]["AuthorizationType"] = "NONE";
  EXPECT_THROW(other.importState(bad.dump()), std::exception);
  EXPECT_EQ(other.exportState(), doc);
}

}  // namespace
