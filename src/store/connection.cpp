#include "store/connection.h"

namespace ebw::store {

namespace {

const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

// Copies only the listed members of `obj` that are present.
Json pick(const Json& obj, std::initializer_list<const char*> keys) {
  Json out = Json::object();
  for (const char* k : keys) {
    if (const Json* v = member(obj, k)) out[k] = *v;
  }
  return out;
}

// HeaderParameters / QueryStringParameters / BodyParameters: secret values are left out.
Json publicHttpParameters(const Json& params) {
  Json out = Json::object();
  if (!params.is_object()) return out;
  for (const char* list : {"HeaderParameters", "QueryStringParameters", "BodyParameters"}) {
    const Json* items = member(params, list);
    if (!items || !items->is_array()) continue;
    Json kept = Json::array();
    for (const Json& p : *items) {
      if (!p.is_object()) continue;
      const Json* secret = member(p, "IsValueSecret");
      bool isSecret = secret && secret->is_boolean() && secret->get<bool>();
      kept.push_back(isSecret ? pick(p, {"Key", "IsValueSecret"})
                              : pick(p, {"Key", "Value", "IsValueSecret"}));
    }
    out[list] = std::move(kept);
  }
  return out;
}

}  // namespace

Json publicAuthParameters(const Json& auth) {
  Json out = Json::object();
  if (const Json* basic = member(auth, "BasicAuthParameters")) {
    out["BasicAuthParameters"] = pick(*basic, {"Username"});
  }
  if (const Json* oauth = member(auth, "OAuthParameters")) {
    Json o = Json::object();
    if (const Json* client = member(*oauth, "ClientParameters")) {
      o["ClientParameters"] = pick(*client, {"ClientID"});
    }
    for (const char* k : {"AuthorizationEndpoint", "HttpMethod"}) {
      if (const Json* v = member(*oauth, k)) o[k] = *v;
    }
    if (const Json* http = member(*oauth, "OAuthHttpParameters")) {
      o["OAuthHttpParameters"] = publicHttpParameters(*http);
    }
    out["OAuthParameters"] = std::move(o);
  }
  if (const Json* key = member(auth, "ApiKeyAuthParameters")) {
    out["ApiKeyAuthParameters"] = pick(*key, {"ApiKeyName"});
  }
  if (const Json* http = member(auth, "InvocationHttpParameters")) {
    out["InvocationHttpParameters"] = publicHttpParameters(*http);
  }
  if (const Json* conn = member(auth, "ConnectivityParameters"))
    out["ConnectivityParameters"] = *conn;
  return out;
}

}  // namespace ebw::store
