// PutTargets-time checks of Input, InputPath, InputTransformer and KinesisParameters.
#include <string>
#include <vector>

#include "common/json_depth.h"
#include "common/limits.h"
#include "transform/json_text.h"
#include "transform/predefined.h"
#include "transform/target_input.h"
#include "transform/template_scan.h"

namespace ebw::transform {

namespace {

// Service-model bounds [M botocore events 2015-10-07].
constexpr std::size_t kMaxInput = 8192;           // TargetInput
constexpr std::size_t kMaxInputPath = 256;        // TargetInputPath
constexpr std::size_t kMaxTemplate = 8192;        // TransformerInput
constexpr std::size_t kMaxPathsMapEntries = 100;  // TransformerPaths
constexpr std::size_t kMaxPathsMapKey = 256;      // InputTransformerPathKey
constexpr std::size_t kMaxPartitionKeyPath = 256;

// Java's String.length(): UTF-16 units.
std::size_t javaLength(std::string_view s) {
  std::size_t units = 0;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u & 0xC0) == 0x80) continue;
    units += (u >= 0xF0 && u <= 0xF7) ? 2 : 1;
  }
  return units;
}

const Json* memberOf(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string targetId(const Json& target) {
  const Json* id = memberOf(target, "Id");
  return (id && id->is_string()) ? id->get<std::string>() : std::string("null");
}

// A string-to-string map as Java's Map.toString() prints it: {k1=v1, k2=v2}.
std::string javaMap(const Json& map) {
  std::string out = "{";
  bool first = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    out += it.key();
    out += '=';
    out += it->is_string() ? it->get<std::string>() : it->dump();
  }
  out += '}';
  return out;
}

std::string violation(const std::string& value, std::size_t index, const std::string& member,
                      const std::string& constraint) {
  return "Value " + value + " at 'targets." + std::to_string(index) + ".member." + member +
         "' failed to satisfy constraint: " + constraint;
}

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

std::string maxLength(std::size_t n) {
  return "Member must have length less than or equal to " + std::to_string(n);
}

bool isPathsMapKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

void pathsMapViolations(const Json& map, std::size_t index, std::vector<std::string>& out) {
  const std::string member = "inputTransformer.inputPathsMap";
  if (map.size() > kMaxPathsMapEntries) {
    out.push_back(violation(quoted(javaMap(map)), index, member, maxLength(kMaxPathsMapEntries)));
  }
  bool keyTooLong = false, keyEmpty = false, keyPattern = false, valueTooLong = false;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string& key = it.key();
    if (javaLength(key) > kMaxPathsMapKey) keyTooLong = true;
    if (key.empty()) keyEmpty = true;
    for (char c : key) {
      if (!isPathsMapKeyChar(c)) keyPattern = true;
    }
    if (key.empty()) keyPattern = true;
    if (it->is_string() && javaLength(it->get_ref<const std::string&>()) > kMaxInputPath) {
      valueTooLong = true;
    }
  }
  if (keyTooLong || keyEmpty || keyPattern) {
    std::vector<std::string> failed;
    if (keyTooLong) failed.push_back(maxLength(kMaxPathsMapKey));
    if (keyEmpty) failed.push_back("Member must have length greater than or equal to 1");
    if (keyPattern) {
      failed.push_back("Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+");
    }
    std::string list;
    for (std::size_t i = 0; i < failed.size(); ++i) list += (i ? ", " : "") + failed[i];
    out.push_back(violation(quoted(javaMap(map)), index, member,
                            "Map keys must satisfy constraint: [" + list + "]"));
  }
  if (valueTooLong) {
    out.push_back(
        violation(quoted(javaMap(map)), index, member,
                  "Map value must satisfy constraint: [" + maxLength(kMaxInputPath) + "]"));
  }
}

bool isLogGroupArn(const Json& target) {
  const Json* arn = memberOf(target, "Arn");
  if (!arn || !arn->is_string()) return false;
  const std::string& s = arn->get_ref<const std::string&>();
  // arn:<partition>:logs:<region>:<account>:log-group:<name>
  if (s.rfind("arn:", 0) != 0) return false;
  std::size_t partitionEnd = s.find(':', 4);
  if (partitionEnd == std::string::npos) return false;
  return s.compare(partitionEnd, 6, ":logs:") == 0 && s.find(":log-group:") != std::string::npos;
}

}  // namespace

std::vector<std::string> targetInputConstraintViolations(const Json& target,
                                                         std::size_t targetIndex) {
  std::vector<std::string> out;
  if (!target.is_object()) return out;

  if (const Json* input = memberOf(target, "Input"); input && input->is_string()) {
    const std::string& s = input->get_ref<const std::string&>();
    if (javaLength(s) > kMaxInput) {
      out.push_back(violation(quoted(s), targetIndex, "input", maxLength(kMaxInput)));
    }
  }
  if (const Json* path = memberOf(target, "InputPath"); path && path->is_string()) {
    const std::string& s = path->get_ref<const std::string&>();
    if (javaLength(s) > kMaxInputPath) {
      out.push_back(violation(quoted(s), targetIndex, "inputPath", maxLength(kMaxInputPath)));
    }
  }
  if (const Json* transformer = memberOf(target, "InputTransformer");
      transformer && transformer->is_object()) {
    if (const Json* map = memberOf(*transformer, "InputPathsMap"); map && map->is_object()) {
      pathsMapViolations(*map, targetIndex, out);
    }
    const Json* tmpl = memberOf(*transformer, "InputTemplate");
    const std::string member = "inputTransformer.inputTemplate";
    if (!tmpl) {
      out.push_back(violation("null", targetIndex, member, "Member must not be null"));
    } else if (tmpl->is_string()) {
      const std::string& s = tmpl->get_ref<const std::string&>();
      if (s.empty()) {
        out.push_back(violation(quoted(s), targetIndex, member,
                                "Member must have length greater than or equal to 1"));
      } else if (javaLength(s) > kMaxTemplate) {
        out.push_back(violation(quoted(s), targetIndex, member, maxLength(kMaxTemplate)));
      }
    }
  }
  if (const Json* kinesis = memberOf(target, "KinesisParameters");
      kinesis && kinesis->is_object()) {
    const Json* path = memberOf(*kinesis, "PartitionKeyPath");
    const std::string member = "kinesisParameters.partitionKeyPath";
    if (!path) {
      out.push_back(violation("null", targetIndex, member, "Member must not be null"));
    } else if (path->is_string() &&
               javaLength(path->get_ref<const std::string&>()) > kMaxPartitionKeyPath) {
      out.push_back(violation(quoted(path->get<std::string>()), targetIndex, member,
                              maxLength(kMaxPartitionKeyPath)));
    }
  }
  return out;
}

void validateTargetInput(const Json& target, std::size_t targetIndex) {
  if (!target.is_object()) return;
  try {
    std::vector<std::string> violations = targetInputConstraintViolations(target, targetIndex);
    if (!violations.empty()) {
      std::string message = std::to_string(violations.size()) +
                            (violations.size() == 1 ? " validation error detected: "
                                                    : " validation errors detected: ");
      for (std::size_t i = 0; i < violations.size(); ++i) {
        message += (i ? "; " : "") + violations[i];
      }
      throw validationError(message);
    }

    const std::string id = targetId(target);
    const Json* input = memberOf(target, "Input");
    const Json* inputPath = memberOf(target, "InputPath");
    const Json* transformer = memberOf(target, "InputTransformer");
    int given = (input ? 1 : 0) + (inputPath ? 1 : 0) + (transformer ? 1 : 0);
    if (given > 1) {
      // [LS-T AWS-validated] test_put_event_input_path_and_input_transformer.
      throw validationError(
          "Only one of Input, InputPath, or InputTransformer must be provided "
          "for target " +
          id + ".");
    }

    if (input && input->is_string()) {
      // AWS parses Input with Jackson and quotes its error location, e.g. (aws/aws-cli#6711):
      // "JSON syntax error in input for target 1: [Source: (String)"env:dev"; line: 1, column: 4]".
      // Columns of other syntax errors follow Jackson's parser and are unverified.
      const std::string& text = input->get_ref<const std::string&>();
      json::SyntaxCheck check = json::checkDocument(text, kMaxJsonDepth);
      if (!check.ok) {
        throw validationError("JSON syntax error in input for target " + id + ": " +
                              json::jacksonLocation(text, check));
      }
    }

    if (transformer && transformer->is_object()) {
      const Json* tmpl = memberOf(*transformer, "InputTemplate");
      const Json* map = memberOf(*transformer, "InputPathsMap");
      if (tmpl && tmpl->is_string()) {
        const std::string& text = tmpl->get_ref<const std::string&>();
        // [LS-T AWS-validated] test_put_events_with_input_transformer_missing_keys.
        for (const std::string& name : placeholderNames(text)) {
          bool known = isPredefinedVariable(name) ||
                       (map && map->is_object() && map->find(name) != map->end());
          if (!known) {
            throw validationError("InputTemplate for target " + id +
                                  " contains invalid placeholder " + name + ".");
          }
        }
        // The fixed nesting limit (kMaxJsonDepth): a JSON template nested deeper could never
        // render (its output is checked with the same limit), so it is refused here instead of
        // being stored and silently never delivered. AWS's answer to such a template is not
        // recorded; the message is ours.
        if (isJsonTemplate(text) && !jsonDepthWithin(text, kMaxJsonDepth)) {
          throw validationError("InputTemplate for target " + id + " is nested deeper than " +
                                std::to_string(kMaxJsonDepth) + " levels.");
        }
        // A quoted-string template on a log-group target was rejected so
        // (awsdocs/aws-cloudformation-user-guide#1010); other targets accept string templates.
        if (!isJsonTemplate(text) && isLogGroupArn(target)) {
          throw validationError("Input for target " + id + " is not a valid JSON text.");
        }
      }
    }
  } catch (const AwsError&) {
    throw;
  } catch (const std::exception&) {
    // Only nlohmann's type errors on malformed member types could land here.
    throw validationError("Target " + targetId(target) + " is not valid.");
  }
}

}  // namespace ebw::transform
