#pragma once
/// Values as text: for messages, and `strata eval` output in YAML or JSON.

#include <string>

#include "eval/value.hpp"

namespace strata::eval {

/// "an int", "a string", "a list", "a `Service` record", ... for messages.
std::string describe_value_kind(const Value& v);
/// A short rendering for messages: `3`, `"web"`, `250m`, `1..3`, `[...]`.
std::string short_text(const Value& v, const base::Interner& names);
/// A scalar as interpolation, `format` and .env files write it: a string as
/// itself, anything else as `short_text` gives it.
std::string plain_text(const Value& v, const base::Interner& names);
/// The value as JSON (indented with two spaces when pretty).
std::string to_json(const Value& v, const base::Interner& names, bool pretty = true);
/// The value as YAML (block style, strings quoted whenever YAML might read
/// them as something else).
std::string to_yaml(const Value& v, const base::Interner& names);

}  // namespace strata::eval
