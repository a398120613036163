#pragma once
/// UTF-8 validation and code point counting.

#include <cstddef>
#include <string_view>

namespace strata::base {

/// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not
/// valid UTF-8 (stray continuation byte, overlong form, surrogate, truncated).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// Number of code points in s (bytes 0x80..0xBF that continue a sequence are not counted).
std::size_t count_code_points(std::string_view s);

}  // namespace strata::base
