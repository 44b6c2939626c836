// Whether one match item of a pattern accepts one leaf value of an event, with AWS's typing:
// strings match only string operators, numbers compare by value, null matches every anything-but.
#pragma once

#include <string>
#include <string_view>

#include "match/event_scanner.h"
#include "pattern/ip_address.h"
#include "pattern/pattern.h"

namespace ebw::match {

// A leaf value with the derived forms some operators need, computed at most once per leaf.
class LeafValue {
 public:
  LeafValue() = default;
  LeafValue(ValueType type, std::string_view text) : type_(type), text_(text) {}
  // Another leaf's value, keeping the folded string's buffer (the matcher reuses one LeafValue
  // per leaf across events).
  void reset(ValueType type, std::string_view text) {
    type_ = type;
    text_ = text;
    numberState_ = 0;
    ipState_ = 0;
    foldedReady_ = false;
  }

  ValueType type() const { return type_; }
  std::string_view text() const { return text_; }
  // The number's value; false when it does not fit a double.
  bool number(double& out);
  // The string parsed as an IP address; false when it is not one.
  const pattern::IpAddress* ip();
  // The string folded to lower case.
  std::string_view folded();

 private:
  ValueType type_ = ValueType::Null;
  std::string_view text_;
  int numberState_ = 0;  // 0 unknown, 1 valid, 2 invalid
  double number_ = 0;
  int ipState_ = 0;
  pattern::IpAddress ip_;
  bool foldedReady_ = false;
  std::string folded_;
};

bool itemMatches(const pattern::Item& item, LeafValue& value);

}  // namespace ebw::match
