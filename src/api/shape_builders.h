// Builders for the request shapes of the service model (model.cpp, model_resources.cpp): one
// line per modelled shape, e.g. str(1, 64, &patterns::kName) for RuleName.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "api/shape.h"

namespace ebw::api::model {

inline Shape str(std::optional<int64_t> min = std::nullopt,
                 std::optional<int64_t> max = std::nullopt, const Pattern* pattern = nullptr) {
  Shape s;
  s.kind = Shape::Kind::String;
  s.min = min;
  s.max = max;
  s.pattern = pattern;
  return s;
}

inline Shape sensitive(Shape s) {
  s.sensitive = true;
  return s;
}

inline Shape enumeration(std::vector<std::string> values) {
  Shape s;
  s.kind = Shape::Kind::String;
  s.enumValues = std::move(values);
  return s;
}

inline Shape integer(std::optional<int64_t> min = std::nullopt,
                     std::optional<int64_t> max = std::nullopt) {
  Shape s;
  s.kind = Shape::Kind::Integer;
  s.min = min;
  s.max = max;
  return s;
}

inline Shape structure(std::vector<Member> members) {
  Shape s;
  s.kind = Shape::Kind::Structure;
  s.members = std::move(members);
  return s;
}

inline Shape list(const Shape& element, std::optional<int64_t> min = std::nullopt,
                  std::optional<int64_t> max = std::nullopt) {
  Shape s;
  s.kind = Shape::Kind::List;
  s.element = &element;
  s.min = min;
  s.max = max;
  return s;
}

inline Shape map(const Shape& key, const Shape& value, std::optional<int64_t> max = std::nullopt) {
  Shape s;
  s.kind = Shape::Kind::Map;
  s.key = &key;
  s.element = &value;
  s.max = max;
  return s;
}

inline Shape timestamp() {
  Shape s;
  s.kind = Shape::Kind::Timestamp;
  return s;
}

}  // namespace ebw::api::model
