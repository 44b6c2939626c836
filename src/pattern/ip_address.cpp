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
    // AWS's engine takes only hex digits and colons as IPv6 (no embedded IPv4 tail).
    std::size_t end = s.find(':', i);
    std::string_view token = s.substr(i, end == std::string_view::npos ? s.size() - i : end - i);
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

namespace {

// Java's Integer.parseInt: an optional sign, then digits, within 32 bits.
bool parseJavaInt(std::string_view t, long long& out) {
  std::size_t i = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
  if (i == t.size() || t.size() - i > 10) return false;
  long long v = 0;
  for (std::size_t k = i; k < t.size(); ++k) {
    if (t[k] < '0' || t[k] > '9') return false;
    v = v * 10 + (t[k] - '0');
  }
  out = t[0] == '-' ? -v : v;
  return out >= -2147483648LL && out <= 2147483647LL;
}

// The shape AWS's engine checks before parsing an address: four dot-separated digit runs, or
// only hex digits and colons. Text of that shape that is no address is "Invalid", other text
// "Nonstandard".
bool addressShaped(std::string_view t) {
  if (t.empty()) return false;
  if (t.find(':') != std::string_view::npos) {
    return t.find_first_not_of("0123456789abcdefABCDEF:") == std::string_view::npos;
  }
  int parts = 1;
  bool digit = false;
  for (char c : t) {
    if (c == '.') {
      if (!digit) return false;
      ++parts;
      digit = false;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return false;
    }
  }
  return digit && parts == 4;
}

}  // namespace

bool parseCidr(std::string_view text, IpRange& out, std::string& reason) {
  // Split on '/' as Java's String.split does: trailing empty fields are dropped.
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    std::size_t slash = text.find('/', start);
    fields.push_back(text.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
  if (fields.size() != 2) {
    reason = "Malformed CIDR, one '/' required";
    return false;
  }
  std::string_view ipText = fields[0];
  long long bits = 0;
  if (!parseJavaInt(fields[1], bits)) {
    reason = "Malformed CIDR, mask bits must be an integer";
    return false;
  }
  if (bits < 0) {
    reason = "Malformed CIDR, mask bits must not be negative";
    return false;
  }
  IpAddress ip;
  if (!parseIpAddress(ipText, ip)) {
    reason = (addressShaped(ipText) ? "Invalid IP address: " : "Nonstandard IP address: ") +
             std::string(ipText);
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
