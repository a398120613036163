#pragma once
/// The builtin functions: len sum min max keys values sort unique flatten
/// contains join split lower upper replace starts_with ends_with to_string
/// format secret dotenv.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/value.hpp"

namespace strata::eval {

/// The result of a builtin, or an error message (the caller reports it at
/// the call).
struct BuiltinResult {
  Value value;
  std::string error;  // non-empty on error
};

bool is_builtin(std::string_view name);
/// Calls builtin `name` on evaluated arguments (all positional).
BuiltinResult call_builtin(std::string_view name, const std::vector<Value>& args, Origin at,
                           const base::Interner& names);
/// Deep equality of two values.
bool values_equal(const Value& a, const Value& b);

}  // namespace strata::eval
