#pragma once
/// Minimal JSON text helpers (string escaping) shared by every JSON output.

#include <string>
#include <string_view>

namespace strata::base {

/// Appends s to out as a quoted JSON string. Control characters are escaped and
/// invalid UTF-8 bytes become U+FFFD, so the result is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

}  // namespace strata::base
