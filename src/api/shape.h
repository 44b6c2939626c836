// A small subset of the service model (botocore events/2015-10-07 service-2.json): enough shape
// information to check a request exactly as AWS's front end does, before any business logic.
//
// checkRequest() first checks JSON types (a number where a string is modelled fails with
// SerializationException, as AWS's JSON deserializer does), then collects every constraint
// violation in model member order and throws one ValidationException:
//   "1 validation error detected: Value 'x' at 'targets.1.member.id' failed to satisfy
//    constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"
//   "2 validation errors detected: ...; ..."
// Paths are camelCase member names; list members of structure type add "<index 1-based>.member".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace ebw::api {

// A model `pattern`: the regular expression text AWS prints and a hand-written matcher for it
// (no std::regex: it recurses per character and would overflow on long inputs).
struct Pattern {
  const char* text;
  bool (*matches)(std::string_view);
};

struct Shape;

struct Member {
  const char* name;  // PascalCase as on the wire (some ECS members are already camelCase)
  const Shape* shape;
  bool required = false;
};

struct Shape {
  // Timestamp: epoch seconds as a JSON number, as the awsJson1_1 protocol sends them.
  enum class Kind { String, Integer, Boolean, Timestamp, Structure, List, Map };
  Kind kind = Kind::String;
  std::optional<int64_t> min;  // length for String/List/Map, value for Integer
  std::optional<int64_t> max;
  const Pattern* pattern = nullptr;
  std::vector<std::string> enumValues;
  bool sensitive = false;          // value left out of messages
  std::vector<Member> members;     // Structure
  const Shape* element = nullptr;  // List member, Map value
  const Shape* key = nullptr;      // Map key
};

// Throws AwsError SerializationException for a JSON type that does not fit `shape`, then
// ValidationException listing every constraint violation. Null members count as absent; unknown
// members are ignored (as AWS does).
void checkRequest(const Json& request, const Shape& shape);

// Same checks for a value nested at `path` (e.g. a stored target re-checked on import).
void checkValue(const Json& value, const Shape& shape, const std::string& path);

// The value of a member that checkRequest() accepted as an Integer (a whole JSON number, possibly
// written as 1.0).
int64_t integerOf(const Json& v);

// Length as AWS (Java) counts it: UTF-16 code units of the UTF-8 text.
std::size_t javaLength(std::string_view utf8);

}  // namespace ebw::api
