// NextToken/Limit paging shared by the List* operations. Tokens are opaque to clients; they encode
// the offset of the next item.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

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

}  // namespace ebw::api
