#include "transform/json_path.h"

#include "transform/event_document.h"

namespace ebw::transform {

namespace {

// Longest index accepted; longer digit runs cannot address an element of any real event.
constexpr std::size_t kMaxIndexDigits = 18;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<JsonPath> parseJsonPath(std::string_view path) {
  if (path.empty() || path[0] != '$') return std::nullopt;
  JsonPath out;
  std::size_t i = 1;
  const std::size_t n = path.size();
  while (i < n) {
    char c = path[i];
    if (c == '.') {
      ++i;
      if (i >= n || path[i] == '.' || path[i] == '[') return std::nullopt;  // "$." "$..x" "$.[0]"
      if (path[i] == '*' && (i + 1 == n || path[i + 1] == '.' || path[i + 1] == '[')) {
        out.segments.push_back(PathSegment{PathSegment::Type::Wildcard, std::string(), 0});
        out.indefinite = true;
        ++i;
        continue;
      }
      std::size_t start = i;
      while (i < n && path[i] != '.' && path[i] != '[') ++i;
      out.segments.push_back(
          PathSegment{PathSegment::Type::Name, std::string(path.substr(start, i - start)), 0});
      continue;
    }
    if (c != '[') return std::nullopt;
    ++i;
    if (i >= n) return std::nullopt;
    if (path[i] == '*') {
      if (i + 1 >= n || path[i + 1] != ']') return std::nullopt;
      out.segments.push_back(PathSegment{PathSegment::Type::Wildcard, std::string(), 0});
      out.indefinite = true;
      i += 2;
      continue;
    }
    if (path[i] == '\'' || path[i] == '"') {
      char quote = path[i];
      std::size_t start = ++i;
      while (i < n && path[i] != quote) ++i;
      if (i >= n || i + 1 >= n || path[i + 1] != ']' || i == start) return std::nullopt;
      out.segments.push_back(
          PathSegment{PathSegment::Type::Name, std::string(path.substr(start, i - start)), 0});
      i += 2;
      continue;
    }
    bool negative = false;
    if (path[i] == '-') {
      negative = true;
      ++i;
    }
    std::size_t start = i;
    long long value = 0;
    while (i < n && isDigit(path[i])) {
      if (i - start >= kMaxIndexDigits) return std::nullopt;
      value = value * 10 + (path[i] - '0');
      ++i;
    }
    if (i == start || i >= n || path[i] != ']') return std::nullopt;
    ++i;
    out.segments.push_back(
        PathSegment{PathSegment::Type::Index, std::string(), negative ? -value : value});
  }
  return out;
}

namespace {

std::optional<json::Span> step(const EventDocument& doc, const json::Span& cur,
                               const PathSegment& seg) {
  if (seg.type == PathSegment::Type::Name) return doc.member(cur, seg.name);
  return doc.element(cur, seg.index);
}

}  // namespace

Value evaluatePath(std::string_view path, const EventDocument& doc) {
  std::optional<JsonPath> parsed = parseJsonPath(path);
  if (!parsed) return Value::missing();
  std::string_view text = doc.text();

  if (!parsed->indefinite) {
    json::Span cur = doc.root();
    for (const PathSegment& seg : parsed->segments) {
      std::optional<json::Span> next = step(doc, cur, seg);
      if (!next) return Value::missing();
      cur = *next;
    }
    return Value::fromSpan(text, cur);
  }

  std::vector<json::Span> current{doc.root()};
  for (const PathSegment& seg : parsed->segments) {
    std::vector<json::Span> next;
    for (const json::Span& cur : current) {
      if (seg.type == PathSegment::Type::Wildcard) {
        for (const auto& m : doc.members(cur)) next.push_back(m.second);
        for (const json::Span& e : doc.elements(cur)) next.push_back(e);
      } else if (std::optional<json::Span> v = step(doc, cur, seg)) {
        next.push_back(*v);
      }
    }
    current.swap(next);
    if (current.empty()) break;
  }
  std::string out = "[";
  for (std::size_t i = 0; i < current.size(); ++i) {
    if (i) out += ',';
    json::appendCompact(out, text, current[i]);
  }
  out += ']';
  return Value{Value::Kind::Array, std::move(out)};
}

}  // namespace ebw::transform
