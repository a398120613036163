#pragma once
/// The builtin functions (their names: sema::builtin_functions()).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "eval/value.hpp"

namespace strata::eval {

/// The result of a builtin, or an error message (the caller reports it at
/// the call).
struct BuiltinResult {
  Value value;
  std::string error;  // non-empty on error
  base::DiagKind kind = base::DiagKind::BadArguments;  // of the error
};

bool is_builtin(std::string_view name);
/// Calls builtin `name` on evaluated arguments (all positional).
/// What it makes lives in arena.
BuiltinResult call_builtin(std::string_view name, std::span<const Value> args, Origin at,
                           const base::Interner& names, ValueArena& arena);
/// `a + b` of two maps: every key of both, with `b`'s value where both have it.
const Map* merge_maps(ValueArena& arena, const Map& a, const Map& b);
/// Deep equality of two values.
bool values_equal(const Value& a, const Value& b);

}  // namespace strata::eval
