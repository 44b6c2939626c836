#include "api/pagination.h"

#include <algorithm>

#include "common/aws_error.h"

namespace ebw::api {

namespace {

constexpr std::size_t kDefaultLimit = 100;
constexpr const char* kTokenPrefix = "ebw1-";

std::string encode(std::size_t offset) {
  return kTokenPrefix + std::to_string(offset);
}

std::size_t decode(const std::string& token) {
  std::string prefix = kTokenPrefix;
  bool ok = token.size() > prefix.size() && token.size() < prefix.size() + 10 &&
            token.compare(0, prefix.size(), prefix) == 0;
  std::size_t offset = 0;
  for (std::size_t i = prefix.size(); ok && i < token.size(); ++i) {
    char c = token[i];
    ok = c >= '0' && c <= '9';
    offset = offset * 10 + static_cast<std::size_t>(c - '0');
  }
  if (!ok) throw validationError("The NextToken provided is not valid.");
  return offset;
}

}  // namespace

Page paginate(std::size_t total, const Json& request) {
  std::size_t limit = kDefaultLimit;
  auto lim = request.find("Limit");
  if (lim != request.end() && !lim->is_null()) {
    limit =
        static_cast<std::size_t>(lim->is_number_float() ? lim->get<double>() : lim->get<int64_t>());
  }
  std::size_t begin = 0;
  auto tok = request.find("NextToken");
  if (tok != request.end() && !tok->is_null()) begin = decode(tok->get<std::string>());
  Page page;
  page.begin = std::min(begin, total);
  page.end = std::min(total, page.begin + limit);
  if (page.end < total) page.nextToken = encode(page.end);
  return page;
}

}  // namespace ebw::api
