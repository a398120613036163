#include "base/env_var_name.hpp"

namespace strata::base {

std::string env_var_name(const std::vector<std::string_view>& path) {
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string out;
  for (std::string_view part : path) {
    if (!out.empty()) out += '_';
    for (std::size_t i = 0; i < part.size(); ++i) {
      // A word starts at an upper-case letter after a lower-case letter or digit.
      if (i > 0 && is_upper(part[i]) && (is_lower(part[i - 1]) || is_digit(part[i - 1]))) out += '_';
      out += is_lower(part[i]) ? static_cast<char>(part[i] - 'a' + 'A') : part[i];
    }
  }
  return out;
}

}  // namespace strata::base
