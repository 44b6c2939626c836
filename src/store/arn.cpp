#include "store/arn.h"

#include <vector>

namespace ebw::store {

std::string partitionForRegion(std::string_view region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

static std::string prefix(std::string_view region, std::string_view account) {
  std::string s = "arn:" + partitionForRegion(region) + ":events:";
  s.append(region);
  s += ':';
  s.append(account);
  s += ':';
  return s;
}

std::string eventBusArn(std::string_view region, std::string_view account, std::string_view bus) {
  return prefix(region, account) + "event-bus/" + std::string(bus);
}

std::string ruleArn(std::string_view region, std::string_view account, std::string_view bus,
                    std::string_view rule) {
  std::string s = prefix(region, account) + "rule/";
  if (bus != "default") {
    s.append(bus);
    s += '/';
  }
  s.append(rule);
  return s;
}

std::string resourceArn(std::string_view region, std::string_view account, std::string_view type,
                        std::string_view path) {
  std::string s = prefix(region, account);
  s.append(type);
  s += '/';
  s.append(path);
  return s;
}

std::string secretArn(std::string_view region, std::string_view account, std::string_view name) {
  std::string s = "arn:" + partitionForRegion(region) + ":secretsmanager:";
  s.append(region);
  s += ':';
  s.append(account);
  s += ":secret:";
  s.append(name);
  return s;
}

std::optional<ParsedArn> parseEventsArn(std::string_view arn) {
  // Five colons separate arn, partition, service, region, account and the resource; the resource
  // itself may not contain ':' for the resources we handle.
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string_view resource = arn.substr(start);
  if (parts[0] != "arn" || parts[1].rfind("aws", 0) != 0 || parts[2] != "events") {
    return std::nullopt;
  }
  std::size_t slash = resource.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= resource.size()) {
    return std::nullopt;
  }
  ParsedArn p;
  p.partition = std::string(parts[1]);
  p.region = std::string(parts[3]);
  p.account = std::string(parts[4]);
  p.kind = std::string(resource.substr(0, slash));
  std::string_view path = resource.substr(slash + 1);
  if (p.kind == "rule") {
    // Bus names may contain '/' (partner buses), rule names never do: the rule is the last part.
    std::size_t last = path.rfind('/');
    if (last == std::string_view::npos) {
      p.bus = "default";
      p.rule = std::string(path);
    } else {
      p.bus = std::string(path.substr(0, last));
      p.rule = std::string(path.substr(last + 1));
      if (p.bus.empty() || p.rule.empty()) return std::nullopt;
    }
  } else {
    p.bus = std::string(path);
  }
  return p;
}

std::string busNameFromNameOrArn(std::string_view nameOrArn) {
  if (nameOrArn.rfind("arn:", 0) == 0) {
    std::size_t pos = nameOrArn.find(":event-bus/");
    if (pos != std::string_view::npos) return std::string(nameOrArn.substr(pos + 11));
  }
  return std::string(nameOrArn);
}

}  // namespace ebw::store
