#include "store/store.h"

#include <utility>

#include "store/arn.h"

namespace ebw::store {

void upsertTag(std::vector<Tag>& tags, const std::string& key, const std::string& value) {
  for (Tag& t : tags) {
    if (t.key == key) {
      t.value = value;
      return;
    }
  }
  tags.push_back({key, value});
}

const Target* Rule::findTarget(const std::string& id) const {
  for (const Target& t : targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const Rule* EventBus::findRule(const std::string& ruleName) const {
  auto it = rules.find(ruleName);
  return it == rules.end() ? nullptr : &it->second;
}

Rule* EventBus::findRule(const std::string& ruleName) {
  auto it = rules.find(ruleName);
  return it == rules.end() ? nullptr : &it->second;
}

Store::Store(std::string accountId, std::string region, int64_t nowMs)
    : accountId_(std::move(accountId)), region_(std::move(region)) {
  EventBus def;
  def.name = "default";
  addBus(std::move(def), nowMs);
}

std::string Store::busArn(const std::string& busName) const {
  return eventBusArn(region_, accountId_, busName);
}

std::string Store::ruleArn(const std::string& busName, const std::string& ruleName) const {
  return store::ruleArn(region_, accountId_, busName, ruleName);
}

const EventBus* Store::findBus(const std::string& name) const {
  auto it = buses_.find(name);
  return it == buses_.end() ? nullptr : &it->second;
}

EventBus* Store::findBus(const std::string& name) {
  auto it = buses_.find(name);
  return it == buses_.end() ? nullptr : &it->second;
}

EventBus& Store::addBus(EventBus bus, int64_t nowMs) {
  bus.arn = busArn(bus.name);
  if (bus.creationTimeMs == 0) bus.creationTimeMs = nowMs;
  if (bus.lastModifiedTimeMs == 0) bus.lastModifiedTimeMs = bus.creationTimeMs;
  std::string name = bus.name;
  auto result = buses_.insert_or_assign(name, std::move(bus));
  return result.first->second;
}

void Store::removeBus(const std::string& name) {
  if (name == "default") return;
  buses_.erase(name);
}

const Rule* Store::findRule(const std::string& busName, const std::string& ruleName) const {
  const EventBus* bus = findBus(busName);
  return bus ? bus->findRule(ruleName) : nullptr;
}

Rule& Store::putRule(EventBus& bus, Rule rule) {
  rule.busName = bus.name;
  rule.arn = ruleArn(bus.name, rule.name);
  // The only step that can fail comes first, so a rejected pattern changes nothing.
  if (rule.matchable()) {
    bus.matcher.addRule(rule.name, *rule.eventPattern);
  } else {
    if (rule.eventPattern) validateEventPattern(*rule.eventPattern);
    bus.matcher.removeRule(rule.name);
  }
  std::string name = rule.name;
  auto result = bus.rules.insert_or_assign(name, std::move(rule));
  return result.first->second;
}

void Store::deleteRule(EventBus& bus, const std::string& ruleName) {
  bus.matcher.removeRule(ruleName);
  bus.rules.erase(ruleName);
}

void Store::setRuleState(EventBus& bus, Rule& rule, const std::string& state) {
  bool wasMatchable = rule.matchable();
  std::string previous = rule.state;
  rule.state = state;
  if (rule.matchable() && !wasMatchable) {
    try {
      bus.matcher.addRule(rule.name, *rule.eventPattern);
    } catch (...) {
      rule.state = previous;  // keep rule and matcher consistent
      throw;
    }
  } else if (!rule.matchable() && wasMatchable) {
    bus.matcher.removeRule(rule.name);
  }
}

bool Store::hasArchivesOn(const std::string& busName) const {
  for (const auto& entry : archives_) {
    if (entry.second.sourceBusName == busName) return true;
  }
  return false;
}

void validateEventPattern(const std::string& pattern) {
  Matcher scratch;
  scratch.addRule("pattern", pattern);
}

}  // namespace ebw::store
