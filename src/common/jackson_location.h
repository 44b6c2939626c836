// Jackson's description of a place in a JSON text, as AWS quotes it in parse errors:
// [Source: (String)"<text>"; line: L, column: C]. The text is quoted up to 500 UTF-16 units and
// then marked "[truncated N chars]"; ISO control characters other than CR and LF are written as
// \uXXXX (jackson-core 2.13 onwards). Lines and columns are 1-based; columns count UTF-16 units.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ebw {

std::string jacksonLocation(std::string_view text, std::size_t line, std::size_t column);

}  // namespace ebw
