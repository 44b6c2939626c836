// IP addresses and CIDR blocks for the cidr operator and for pattern strings that are IP literals
// (AWS's engine turns those into one-address ranges, so "10.0.0.1" also matches other spellings).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ebw::pattern {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
};

struct IpRange {
  bool v6 = false;
  std::array<uint8_t, 16> low{};
  std::array<uint8_t, 16> high{};
};

// Strict dotted-quad IPv4, or IPv6 of hex groups and colons (with ::; AWS's engine takes no
// embedded IPv4 tail).
bool parseIpAddress(std::string_view text, IpAddress& out);

// Parses "ip/bits". On failure returns false with AWS's reason text.
bool parseCidr(std::string_view text, IpRange& out, std::string& reason);

IpRange singleAddressRange(const IpAddress& ip);

bool ipInRange(const IpAddress& ip, const IpRange& range);

}  // namespace ebw::pattern
