#include "api/shape.h"

#include <cmath>
#include <limits>

#include "common/aws_error.h"

namespace ebw::api {

namespace {

AwsError serializationError(const std::string& message) {
  return AwsError("SerializationException", message, 400);
}

std::string lowerFirst(const char* name) {
  std::string s(name);
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// Wire-level name of a JSON value's type, as AWS's deserializer reports it.
const char* tokenName(const Json& v) {
  if (v.is_string()) return "STRING_VALUE";
  if (v.is_boolean()) return v.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.is_number()) return "NUMBER_VALUE";
  return "VALUE";
}

// Deserialization: JSON types must fit the model before any constraint is looked at.
void checkTypes(const Json& v, const Shape& shape) {
  using K = Shape::Kind;
  if (v.is_null()) return;
  switch (shape.kind) {
    case K::String:
      if (v.is_object())
        throw serializationError("Start of structure or map found where not expected.");
      if (v.is_array()) throw serializationError("Start of list found where not expected");
      if (!v.is_string()) {
        throw serializationError(std::string(tokenName(v)) + " can not be converted to a String");
      }
      return;
    case K::Integer: {
      if (v.is_object())
        throw serializationError("Start of structure or map found where not expected.");
      if (v.is_array()) throw serializationError("Start of list found where not expected");
      bool ok = v.is_number_integer();
      if (v.is_number_unsigned() &&
          v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
        ok = false;
      }
      if (v.is_number_float()) {
        double d = v.get<double>();
        ok = std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18;
      }
      if (!ok) {
        throw serializationError(std::string(tokenName(v)) + " can not be converted to an Integer");
      }
      return;
    }
    case K::Boolean:
      if (v.is_object())
        throw serializationError("Start of structure or map found where not expected.");
      if (v.is_array()) throw serializationError("Start of list found where not expected");
      if (!v.is_boolean()) {
        throw serializationError(std::string(tokenName(v)) + " can not be converted to a Boolean");
      }
      return;
    case K::Timestamp:
      if (v.is_object())
        throw serializationError("Start of structure or map found where not expected.");
      if (v.is_array()) throw serializationError("Start of list found where not expected");
      if (!v.is_number() || !std::isfinite(v.get<double>())) {
        throw serializationError(std::string(tokenName(v)) +
                                 " can not be converted to a Timestamp");
      }
      return;
    case K::Structure:
      if (!v.is_object()) {
        throw serializationError(std::string("Unexpected ") +
                                 (v.is_array() ? "list" : tokenName(v)) +
                                 " where a structure was expected");
      }
      for (const Member& m : shape.members) {
        auto it = v.find(m.name);
        if (it != v.end()) checkTypes(*it, *m.shape);
      }
      return;
    case K::List:
      if (!v.is_array()) {
        throw serializationError(std::string("Unexpected ") +
                                 (v.is_object() ? "structure" : tokenName(v)) +
                                 " where a list was expected");
      }
      for (const Json& e : v) checkTypes(e, *shape.element);
      return;
    case K::Map:
      if (!v.is_object()) {
        throw serializationError(std::string("Unexpected ") +
                                 (v.is_array() ? "list" : tokenName(v)) +
                                 " where a map was expected");
      }
      for (const auto& item : v.items()) checkTypes(item.value(), *shape.element);
      return;
  }
}

// Java-like rendering of a value inside "Value '...'": strings raw, lists "[a, b]", maps and
// structures "{k=v}".
std::string render(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9.0e18) return std::to_string(static_cast<int64_t>(d));
    return v.dump();
  }
  if (v.is_number()) return v.dump();
  std::string s;
  if (v.is_array()) {
    s = "[";
    bool first = true;
    for (const Json& e : v) {
      if (!first) s += ", ";
      first = false;
      s += render(e);
    }
    return s + "]";
  }
  s = "{";
  bool first = true;
  for (const auto& item : v.items()) {
    if (!first) s += ", ";
    first = false;
    s += item.key() + "=" + render(item.value());
  }
  return s + "}";
}

// The failed constraints of one scalar/collection value, in AWS's order: pattern, length, enum,
// range.
std::vector<std::string> violations(const Json& v, const Shape& shape) {
  using K = Shape::Kind;
  std::vector<std::string> out;
  if (shape.kind == K::String) {
    std::string s = v.get<std::string>();
    if (shape.pattern && !shape.pattern->matches(s)) {
      out.push_back(std::string("Member must satisfy regular expression pattern: ") +
                    shape.pattern->text);
    }
    auto len = static_cast<int64_t>(javaLength(s));
    if (shape.max && len > *shape.max) {
      out.push_back("Member must have length less than or equal to " + std::to_string(*shape.max));
    }
    if (shape.min && len < *shape.min) {
      out.push_back("Member must have length greater than or equal to " +
                    std::to_string(*shape.min));
    }
    if (!shape.enumValues.empty()) {
      bool found = false;
      for (const std::string& e : shape.enumValues) found = found || e == s;
      if (!found) {
        std::string set;
        for (const std::string& e : shape.enumValues) set += (set.empty() ? "" : ", ") + e;
        out.push_back("Member must satisfy enum value set: [" + set + "]");
      }
    }
  } else if (shape.kind == K::Integer) {
    int64_t n = integerOf(v);
    if (shape.max && n > *shape.max) {
      out.push_back("Member must have value less than or equal to " + std::to_string(*shape.max));
    }
    if (shape.min && n < *shape.min) {
      out.push_back("Member must have value greater than or equal to " +
                    std::to_string(*shape.min));
    }
  } else if (shape.kind == K::List || shape.kind == K::Map) {
    auto n = static_cast<int64_t>(v.size());
    if (shape.max && n > *shape.max) {
      out.push_back("Member must have length less than or equal to " + std::to_string(*shape.max));
    }
    if (shape.min && n < *shape.min) {
      out.push_back("Member must have length greater than or equal to " +
                    std::to_string(*shape.min));
    }
  }
  return out;
}

bool isScalar(const Shape& s) {
  return s.kind == Shape::Kind::String || s.kind == Shape::Kind::Integer ||
         s.kind == Shape::Kind::Boolean || s.kind == Shape::Kind::Timestamp;
}

class Collector {
 public:
  void add(const Json& v, const Shape& shape, const std::string& path, const std::string& what) {
    std::string value = shape.sensitive ? "Value" : "Value '" + render(v) + "'";
    errors_.push_back(value + " at '" + path + "' failed to satisfy constraint: " + what);
  }
  void addNull(const std::string& path) {
    errors_.push_back("Value null at '" + path +
                      "' failed to satisfy constraint: Member must not be null");
  }

  void visit(const Json& v, const Shape& shape, const std::string& path) {
    for (const std::string& what : violations(v, shape)) add(v, shape, path, what);
    using K = Shape::Kind;
    if (shape.kind == K::Structure) {
      for (const Member& m : shape.members) {
        std::string sub = path.empty() ? lowerFirst(m.name) : path + "." + lowerFirst(m.name);
        auto it = v.find(m.name);
        if (it == v.end() || it->is_null()) {
          if (m.required) addNull(sub);
          continue;
        }
        visit(*it, *m.shape, sub);
      }
    } else if (shape.kind == K::List) {
      const Shape& el = *shape.element;
      if (isScalar(el)) {
        // AWS reports scalar list members at the list: "Member must satisfy constraint: [...]".
        std::vector<std::string> inner;
        for (const Json& e : v) {
          if (e.is_null()) continue;
          for (std::string& what : violations(e, el)) {
            bool seen = false;
            for (const std::string& s : inner) seen = seen || s == what;
            if (!seen) inner.push_back(std::move(what));
          }
        }
        if (!inner.empty())
          add(v, shape, path, "Member must satisfy constraint: [" + join(inner) + "]");
      } else {
        std::size_t i = 0;
        for (const Json& e : v) {
          ++i;
          if (e.is_null()) continue;
          visit(e, el, path + "." + std::to_string(i) + ".member");
        }
      }
    } else if (shape.kind == K::Map) {
      std::vector<std::string> keyErrors;
      std::vector<std::string> valueErrors;
      for (const auto& item : v.items()) {
        for (std::string& what : violations(Json(item.key()), *shape.key))
          keyErrors.push_back(what);
        if (!item.value().is_null() && isScalar(*shape.element)) {
          for (std::string& what : violations(item.value(), *shape.element))
            valueErrors.push_back(what);
        }
      }
      dedupe(keyErrors);
      dedupe(valueErrors);
      if (!keyErrors.empty())
        add(v, shape, path, "Map keys must satisfy constraint: [" + join(keyErrors) + "]");
      if (!valueErrors.empty()) {
        add(v, shape, path, "Map value must satisfy constraint: [" + join(valueErrors) + "]");
      }
    }
  }

  void throwIfAny() const {
    if (errors_.empty()) return;
    std::string msg =
        std::to_string(errors_.size()) +
        (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < errors_.size(); ++i) {
      if (i) msg += "; ";
      msg += errors_[i];
    }
    throw validationError(msg);
  }

 private:
  static std::string join(const std::vector<std::string>& items) {
    std::string s;
    for (const std::string& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
  }
  static void dedupe(std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (std::string& i : items) {
      bool seen = false;
      for (const std::string& o : out) seen = seen || o == i;
      if (!seen) out.push_back(std::move(i));
    }
    items.swap(out);
  }

  std::vector<std::string> errors_;
};

}  // namespace

int64_t integerOf(const Json& v) {
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return v.get<int64_t>();
}

std::size_t javaLength(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;  // a lead byte starts a code point
    if (c >= 0xF0) ++n;           // outside the BMP: a surrogate pair in UTF-16
  }
  return n;
}

void checkValue(const Json& value, const Shape& shape, const std::string& path) {
  checkTypes(value, shape);
  Collector c;
  c.visit(value, shape, path);
  c.throwIfAny();
}

void checkRequest(const Json& request, const Shape& shape) {
  if (!request.is_object()) throw serializationError("Request body must be a JSON object");
  checkValue(request, shape, "");
}

}  // namespace ebw::api
