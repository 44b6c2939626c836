#include "match/value_match.h"

#include "pattern/case_fold.h"
#include "pattern/number.h"

namespace ebw::match {

using pattern::Item;
using pattern::ItemKind;

bool LeafValue::number(double& out) {
  if (numberState_ == 0) numberState_ = pattern::parseNumber(text_, number_) ? 1 : 2;
  out = number_;
  return numberState_ == 1;
}

const pattern::IpAddress* LeafValue::ip() {
  if (ipState_ == 0) ipState_ = pattern::parseIpAddress(text_, ip_) ? 1 : 2;
  return ipState_ == 1 ? &ip_ : nullptr;
}

std::string_view LeafValue::folded() {
  if (!foldedReady_) {
    folded_.clear();
    pattern::appendFolded(folded_, text_);
    foldedReady_ = true;
  }
  return folded_;
}

namespace {

bool startsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool endsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool inRange(const pattern::NumericRange& r, double v) {
  if (r.hasLow && (r.lowOpen ? !(v > r.low) : !(v >= r.low))) return false;
  if (r.hasHigh && (r.highOpen ? !(v < r.high) : !(v <= r.high))) return false;
  return true;
}

const char* literalText(ValueType t) {
  return t == ValueType::True ? "true" : t == ValueType::False ? "false" : "null";
}

}  // namespace

bool itemMatches(const Item& item, LeafValue& value) {
  const bool isString = value.type() == ValueType::String;
  switch (item.kind) {
    case ItemKind::ExactString:
      return isString && value.text() == item.text;
    case ItemKind::ExactNumber: {
      if (value.type() != ValueType::Number) return false;
      if (value.text() == item.text) return true;
      double v;
      return item.numberComparable && value.number(v) && v == item.number;
    }
    case ItemKind::ExactLiteral:
      return value.type() != ValueType::String && value.type() != ValueType::Number &&
             item.text == literalText(value.type());
    case ItemKind::Prefix:
      return isString && startsWith(value.text(), item.text);
    case ItemKind::Suffix:
      return isString && endsWith(value.text(), item.text);
    case ItemKind::PrefixIgnoreCase:
      return isString && startsWith(value.folded(), item.text);
    case ItemKind::SuffixIgnoreCase:
      return isString && endsWith(value.folded(), item.text);
    case ItemKind::EqualsIgnoreCase:
      return isString && value.folded() == item.text;
    case ItemKind::Wildcard:
      return isString && pattern::wildcardMatches(item.wildcards[0], value.text());
    case ItemKind::Numeric: {
      double v;
      return value.type() == ValueType::Number && value.number(v) && inRange(item.range, v);
    }
    case ItemKind::IpRange: {
      if (!isString) return false;
      const pattern::IpAddress* ip = value.ip();
      return ip && pattern::ipInRange(*ip, item.ip);
    }
    case ItemKind::Exists:
      return true;  // any leaf at the path, null included
    case ItemKind::Absent:
      return false;  // satisfied by the absence of leaves, never by a value
    // anything-but: any present value (null, other types included) except the excluded ones.
    case ItemKind::AnythingButStrings:
      if (!isString) return true;
      for (const std::string& t : item.texts) {
        if (value.text() == t) return false;
      }
      return true;
    case ItemKind::AnythingButNumbers: {
      double v;
      if (value.type() != ValueType::Number || !value.number(v)) return true;
      for (double n : item.numbers) {
        if (v == n) return false;
      }
      return true;
    }
    case ItemKind::AnythingButPrefix:
      if (!isString) return true;
      for (const std::string& t : item.texts) {
        if (startsWith(value.text(), t)) return false;
      }
      return true;
    case ItemKind::AnythingButSuffix:
      if (!isString) return true;
      for (const std::string& t : item.texts) {
        if (endsWith(value.text(), t)) return false;
      }
      return true;
    case ItemKind::AnythingButIgnoreCase:
      if (!isString) return true;
      for (const std::string& t : item.texts) {
        if (value.folded() == t) return false;
      }
      return true;
    case ItemKind::AnythingButWildcard:
      if (!isString) return true;
      for (const pattern::Wildcard& w : item.wildcards) {
        if (pattern::wildcardMatches(w, value.text())) return false;
      }
      return true;
  }
  return false;
}

}  // namespace ebw::match
