#include "api/patterns.h"

#include <cstring>

namespace ebw::api::patterns {

namespace {

bool isLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
  return isLower(c) || isUpper(c) || isDigit(c);
}
bool isWord(char c) {
  return isAlnum(c) || c == '_';
}  // \w

template <typename Pred>
bool allOf(std::string_view s, Pred pred) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool nameChar(char c) {
  return isAlnum(c) || c == '.' || c == '-' || c == '_';
}
bool busNameChar(char c) {
  return nameChar(c) || c == '/';
}

bool name(std::string_view s) {
  return !s.empty() && allOf(s, nameChar);
}
bool busName(std::string_view s) {
  return !s.empty() && allOf(s, busNameChar);
}

// [a-z]{2}-[a-z]+-[\w-]+
bool region(std::string_view r) {
  if (r.size() < 6 || !isLower(r[0]) || !isLower(r[1]) || r[2] != '-') return false;
  std::size_t dash = r.find('-', 3);
  if (dash == std::string_view::npos || dash == 3) return false;
  if (!allOf(r.substr(3, dash - 3), isLower)) return false;
  std::string_view rest = r.substr(dash + 1);
  return !rest.empty() && allOf(rest, [](char c) { return isWord(c) || c == '-'; });
}

// (arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+
bool busNameOrArn(std::string_view s) {
  if (busName(s)) return true;
  std::size_t pos = s.find(":event-bus/");
  if (pos == std::string_view::npos) return false;
  std::string_view head = s.substr(0, pos);  // arn:aws...:events:<region>:<account>
  if (!busName(s.substr(pos + 11))) return false;
  if (head.rfind("arn:aws", 0) != 0) return false;
  std::size_t p1 = head.find(':', 4);  // after the partition
  if (p1 == std::string_view::npos) return false;
  if (!allOf(head.substr(7, p1 - 7), [](char c) { return isWord(c) || c == '-'; })) return false;
  std::string_view rest = head.substr(p1 + 1);
  if (rest.rfind("events:", 0) != 0) return false;
  rest = rest.substr(7);
  std::size_t p2 = rest.find(':');
  if (p2 == std::string_view::npos || !region(rest.substr(0, p2))) return false;
  std::string_view account = rest.substr(p2 + 1);
  return account.size() == 12 && allOf(account, isDigit);
}

// aws\.partner(/[\.\-_A-Za-z0-9]+){2,}
bool eventSourceName(std::string_view s) {
  if (s.rfind("aws.partner/", 0) != 0) return false;
  std::string_view rest = s.substr(11);  // starts with '/'
  int segments = 0;
  while (!rest.empty()) {
    if (rest[0] != '/') return false;
    std::size_t next = rest.find('/', 1);
    std::string_view seg =
        rest.substr(1, next == std::string_view::npos ? std::string_view::npos : next - 1);
    if (!name(seg)) return false;
    ++segments;
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
  }
  return segments >= 2;
}

bool action(std::string_view s) {
  return s.size() > 7 && s.rfind("events:", 0) == 0 &&
         allOf(s.substr(7), [](char c) { return isLower(c) || isUpper(c); });
}

bool principal(std::string_view s) {
  return s == "*" || (s.size() == 12 && allOf(s, isDigit));
}

bool statementId(std::string_view s) {
  return !s.empty() && allOf(s, [](char c) { return isAlnum(c) || c == '-' || c == '_'; });
}

bool inputPathKey(std::string_view s) {
  return !s.empty() && allOf(s, [](char c) { return isAlnum(c) || c == '_' || c == '-'; });
}

// ^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$  ('+-.' is the range + , - .)
bool headerKey(std::string_view s) {
  return !s.empty() && allOf(s, [](char c) {
    return isAlnum(c) || (c != 0 && std::strchr("!#$%&'*+,-.^_`|~", c) != nullptr);
  });
}

// ^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$ : printable ASCII and tabs, not only tabs.
bool headerValue(std::string_view s) {
  bool printable = false;
  for (char c : s) {
    if (c == '\t') continue;
    if (c < 0x20 || c > 0x7E) return false;
    printable = true;
  }
  return printable;
}

bool control(char c) {
  return (c >= 0 && c <= 0x1F) || c == 0x7F;
}

bool queryStringKey(std::string_view s) {
  return !s.empty() && allOf(s, [](char c) { return !control(c); });
}

bool queryStringValue(std::string_view s) {
  return !s.empty() && allOf(s, [](char c) { return !control(c) || c == '\n' || c == '\r'; });
}

// ^(?!\s*$).+ : not blank, no line terminator ('.' does not match one).
bool pathParameter(std::string_view s) {
  bool blank = true;
  for (char c : s) {
    if (c == '\n' || c == '\r') return false;
    if (!(c == ' ' || c == '\t' || c == '\f' || c == '\v')) blank = false;
  }
  return !s.empty() && !blank;
}

// ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$ : ASCII approximated exactly; any non-ASCII character is taken as
// a letter, number or separator.
bool runCommandTargetKey(std::string_view s) {
  return allOf(s, [](char c) {
    return (static_cast<unsigned char>(c) >= 0x80) || isAlnum(c) || c == ' ' ||
           std::strchr("_.:/=+-@", c) != nullptr;
  });
}

// ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$
bool sageMakerParameterName(std::string_view s) {
  return !s.empty() && isAlnum(s.front()) && isAlnum(s.back()) &&
         allOf(s, [](char c) { return isAlnum(c) || c == '-'; });
}

// (^arn:aws([a-z]|\-)*:secretsmanager:[a-z0-9-.]+:.*)|(\$(\.[\w_-]+(\[(\d+|\*)\])*)*)
bool jsonPathForm(std::string_view s) {
  if (s.empty() || s[0] != '$') return false;
  std::size_t i = 1;
  while (i < s.size()) {
    if (s[i] != '.') return false;
    std::size_t start = ++i;
    while (i < s.size() && (isWord(s[i]) || s[i] == '-')) ++i;
    if (i == start) return false;
    while (i < s.size() && s[i] == '[') {
      std::size_t close = s.find(']', i);
      if (close == std::string_view::npos) return false;
      std::string_view idx = s.substr(i + 1, close - i - 1);
      if (!(idx == "*" || (!idx.empty() && allOf(idx, isDigit)))) return false;
      i = close + 1;
    }
  }
  return true;
}

bool redshiftSecretArn(std::string_view s) {
  if (s.rfind("arn:aws", 0) == 0) {
    std::size_t p = s.find(":secretsmanager:");
    if (p != std::string_view::npos &&
        allOf(s.substr(7, p - 7), [](char c) { return isLower(c) || c == '-'; })) {
      std::string_view rest = s.substr(p + 16);
      std::size_t colon = rest.find(':');
      if (colon != std::string_view::npos && colon > 0 &&
          allOf(rest.substr(0, colon),
                [](char c) { return isLower(c) || isDigit(c) || c == '-' || c == '.'; }) &&
          rest.substr(colon + 1).find_first_of("\r\n") == std::string_view::npos) {
        return true;
      }
    }
  }
  return jsonPathForm(s);
}

bool kmsKeyIdentifier(std::string_view s) {
  return allOf(s,
               [](char c) { return isAlnum(c) || c == '_' || c == '-' || c == '/' || c == ':'; });
}

// Java's '.' matches anything but a line terminator: \n, \r, U+0085, U+2028, U+2029.
bool singleLine(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\r') return false;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return false;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      return false;
    }
  }
  return true;
}

// ^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?: ; the text after it in `rest`.
bool eventsArnPrefix(std::string_view s, std::string_view& rest) {
  if (s.rfind("arn:aws", 0) != 0) return false;
  std::size_t i = 7;
  while (i < s.size() && (isLower(s[i]) || s[i] == '-')) ++i;
  if (s.compare(i, 8, ":events:") != 0) return false;
  i += 8;
  while (i < s.size() && (isLower(s[i]) || isDigit(s[i]) || s[i] == '-')) ++i;
  if (i >= s.size() || s[i] != ':') return false;
  std::size_t account = ++i;
  while (i < s.size() && isDigit(s[i])) ++i;
  if (!(i - account == 0 || i - account == 12) || i >= s.size() || s[i] != ':') return false;
  rest = s.substr(i + 1);
  return true;
}

// ...:.+\/.+$
bool eventBusArn(std::string_view s) {
  std::string_view rest;
  if (!eventsArnPrefix(s, rest) || !singleLine(rest)) return false;
  std::size_t slash = rest.find('/', 1);
  return slash != std::string_view::npos && slash + 1 < rest.size();
}

// ...:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$
bool connectionArn(std::string_view s) {
  std::string_view rest;
  if (!eventsArnPrefix(s, rest) || rest.rfind("connection/", 0) != 0) return false;
  rest = rest.substr(11);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || !name(rest.substr(0, slash))) return false;
  std::string_view id = rest.substr(slash + 1);
  return !id.empty() && allOf(id, [](char c) { return isAlnum(c) || c == '-'; });
}

bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// ^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$ : the optional last
// group's characters are all in the main set, so: escapes and those characters, at least one.
bool httpsEndpoint(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !isHex(s[i + 1]) || !isHex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    if (!(isAlnum(c) || (c != 0 && std::strchr("-()_.!~*';/?:@&=+$,", c) != nullptr))) {
      return false;
    }
  }
  return true;
}

// ^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$ : no control character but
// tab, no ':', and something besides tabs (spaces alone match the middle class).
bool authHeaderValue(std::string_view s) {
  bool content = false;
  for (char c : s) {
    if (c == '\t') continue;
    if (c == ':' || control(c)) return false;
    content = true;
  }
  return content;
}

// ^(?:^arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:\d{12}:resourceconfiguration/rcfg-[0-9a-z]{17}$|^$)
bool resourceConfigurationArn(std::string_view s) {
  if (s.empty()) return true;
  if (s.rfind("arn:", 0) != 0) return false;
  std::size_t p = s.find(':', 4);
  if (p == std::string_view::npos || p == 4 ||
      !allOf(s.substr(4, p - 4), [](char c) { return isLower(c) || isDigit(c) || c == '-'; })) {
    return false;
  }
  std::string_view rest = s.substr(p + 1);
  if (rest.rfind("vpc-lattice:", 0) != 0) return false;
  rest = rest.substr(12);
  std::size_t q = rest.find(':');
  if (q == std::string_view::npos || q == 0 ||
      !allOf(rest.substr(0, q), [](char c) { return isAlnum(c) || c == '-'; })) {
    return false;
  }
  rest = rest.substr(q + 1);
  if (rest.size() < 13 || !allOf(rest.substr(0, 12), isDigit) || rest[12] != ':') return false;
  rest = rest.substr(13);
  if (rest.rfind("resourceconfiguration/rcfg-", 0) != 0) return false;
  std::string_view id = rest.substr(27);
  return id.size() == 17 && allOf(id, [](char c) { return isLower(c) || isDigit(c); });
}

}  // namespace

const Pattern kName{"[\\.\\-_A-Za-z0-9]+", name};
const Pattern kEventBusName{"[/\\.\\-_A-Za-z0-9]+", busName};
const Pattern kEventBusNameOrArn{
    "(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+",
    busNameOrArn};
const Pattern kEventSourceName{"aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}", eventSourceName};
const Pattern kAction{"events:[a-zA-Z]+", action};
const Pattern kPrincipal{"(\\d{12}|\\*)", principal};
const Pattern kStatementId{"[a-zA-Z0-9-_]+", statementId};
const Pattern kInputPathKey{"[A-Za-z0-9\\_\\-]+", inputPathKey};
const Pattern kHeaderKey{"^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$", headerKey};
const Pattern kHeaderValue{"^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$", headerValue};
const Pattern kQueryStringKey{"[^\\x00-\\x1F\\x7F]+", queryStringKey};
const Pattern kQueryStringValue{"[^\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]+", queryStringValue};
const Pattern kPathParameter{"^(?!\\s*$).+", pathParameter};
const Pattern kRunCommandTargetKey{"^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$", runCommandTargetKey};
const Pattern kSageMakerParameterName{"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$", sageMakerParameterName};
const Pattern kRedshiftSecretArn{
    "(^arn:aws([a-z]|\\-)*:secretsmanager:[a-z0-9-.]+:.*)|(\\$(\\.[\\w_-]+(\\[(\\d+|\\*)\\])*)*)",
    redshiftSecretArn};
const Pattern kKmsKeyIdentifier{"^[a-zA-Z0-9_\\-/:]*$", kmsKeyIdentifier};

const Pattern kEventBusArn{"^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$",
                           eventBusArn};
const Pattern kConnectionArn{
    "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/"
    "[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$",
    connectionArn};
const Pattern kHttpsEndpoint{
    "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$", httpsEndpoint};
const Pattern kAuthHeaderValue{
    "^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$", authHeaderValue};
const Pattern kSingleLine{".*", singleLine};
const Pattern kResourceConfigurationArn{
    "^(?:^arn:[a-z0-9\\-]+:vpc-lattice:[a-zA-Z0-9\\-]+:\\d{12}:resourceconfiguration/"
    "rcfg-[0-9a-z]{17}$|^$)",
    resourceConfigurationArn};

}  // namespace ebw::api::patterns
