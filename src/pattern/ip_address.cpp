#include "pattern/ip_address.h"

#include <vector>

namespace ebw::pattern {

namespace {

bool parseIpv4(std::string_view s, uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    unsigned value = 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      if (++digits > 3) return false;
      ++i;
    }
    if (value > 255) return false;
    out[part++] = static_cast<uint8_t>(value);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parseIpv6(std::string_view s, uint8_t* out) {
  std::vector<uint16_t> head, tail;
  bool sawGap = false;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    sawGap = true;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    std::vector<uint16_t>& groups = sawGap ? tail : head;
    // An embedded IPv4 address may end the text.
    std::size_t end = s.find(':', i);
    std::string_view token = s.substr(i, end == std::string_view::npos ? s.size() - i : end - i);
    if (token.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos) return false;
      uint8_t v4[4];
      if (!parseIpv4(token, v4)) return false;
      groups.push_back(static_cast<uint16_t>(v4[0] << 8 | v4[1]));
      groups.push_back(static_cast<uint16_t>(v4[2] << 8 | v4[3]));
      i = s.size();
      break;
    }
    if (token.empty() || token.size() > 4) return false;
    unsigned value = 0;
    for (char c : token) {
      int h = hexDigit(c);
      if (h < 0) return false;
      value = value << 4 | static_cast<unsigned>(h);
    }
    groups.push_back(static_cast<uint16_t>(value));
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (sawGap) return false;
      sawGap = true;
      ++i;
    } else if (i >= s.size()) {
      return false;  // trailing single colon
    }
  }
  std::size_t total = head.size() + tail.size();
  if (sawGap ? total > 7 : total != 8) return false;
  std::vector<uint16_t> all(head);
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (int g = 0; g < 8; ++g) {
    out[2 * g] = static_cast<uint8_t>(all[g] >> 8);
    out[2 * g + 1] = static_cast<uint8_t>(all[g] & 0xFF);
  }
  return true;
}

}  // namespace

bool parseIpAddress(std::string_view text, IpAddress& out) {
  out = IpAddress{};
  if (text.find(':') != std::string_view::npos) {
    out.v6 = true;
    return parseIpv6(text, out.bytes.data());
  }
  return parseIpv4(text, out.bytes.data());
}

IpRange singleAddressRange(const IpAddress& ip) {
  IpRange r;
  r.v6 = ip.v6;
  r.low = ip.bytes;
  r.high = ip.bytes;
  return r;
}

bool parseCidr(std::string_view text, IpRange& out, std::string& reason) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
    reason = "Malformed CIDR, one '/' required";
    return false;
  }
  std::string_view ipText = text.substr(0, slash);
  std::string_view bitsText = text.substr(slash + 1);
  bool negative = !bitsText.empty() && bitsText[0] == '-';
  std::string_view digits = negative ? bitsText.substr(1) : bitsText;
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    reason = "Malformed CIDR, mask bits must be an integer";
    return false;
  }
  if (negative) {
    reason = "Malformed CIDR, mask bits must not be negative";
    return false;
  }
  int bits = std::stoi(std::string(digits));
  IpAddress ip;
  if (!parseIpAddress(ipText, ip)) {
    reason = "Nonstandard IP address: " + std::string(ipText);
    return false;
  }
  // AWS's engine requires strictly fewer mask bits than the address has (so /32 and /128 are
  // rejected there); whether the service itself does is unverified.
  int width = ip.v6 ? 128 : 32;
  if (bits >= width) {
    reason = ip.v6 ? "IPv6 mask bits must be < 128" : "IPv4 mask bits must be < 32";
    return false;
  }
  out = IpRange{};
  out.v6 = ip.v6;
  int bytes = ip.v6 ? 16 : 4;
  for (int b = 0; b < bytes; ++b) {
    int keep = bits - 8 * b;
    uint8_t mask = keep >= 8 ? 0xFF : keep <= 0 ? 0 : static_cast<uint8_t>(0xFF << (8 - keep));
    out.low[b] = ip.bytes[b] & mask;
    out.high[b] = static_cast<uint8_t>(ip.bytes[b] | static_cast<uint8_t>(~mask));
  }
  return true;
}

bool ipInRange(const IpAddress& ip, const IpRange& range) {
  if (ip.v6 != range.v6) return false;
  int bytes = ip.v6 ? 16 : 4;
  for (int b = 0; b < bytes; ++b) {  // lexicographic low <= ip
    if (ip.bytes[b] != range.low[b]) {
      if (ip.bytes[b] < range.low[b]) return false;
      break;
    }
  }
  for (int b = 0; b < bytes; ++b) {  // ip <= high
    if (ip.bytes[b] != range.high[b]) return ip.bytes[b] < range.high[b];
  }
  return true;
}

}  // namespace ebw::pattern
