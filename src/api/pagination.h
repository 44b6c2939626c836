// NextToken/Limit paging shared by the List* operations. Tokens are opaque to clients; they encode
// the offset of the next item.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"

namespace ebw::api {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> nextToken;
};

// The slice of `total` items the request's NextToken and Limit (default 100) select. Throws
// ValidationException for a token this emulator did not issue.
Page paginate(std::size_t total, const Json& request);

// A List* answer: {"<key>": [item(found[i]) for the page], "NextToken"?}.
template <typename T, typename Item>
Json listAnswer(const std::vector<T>& found, const Json& request, const char* key, Item item) {
  Page page = paginate(found.size(), request);
  Json items = Json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) items.push_back(item(found[i]));
  Json out{{key, std::move(items)}};
  if (page.nextToken) out["NextToken"] = *page.nextToken;
  return out;
}

}  // namespace ebw::api
