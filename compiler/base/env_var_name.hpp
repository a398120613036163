#pragma once
/// The environment variable that holds a field of a configuration record,
/// shared by `env_vars(...)` (which names the variables of a .env file) and
/// the C++ header's loader (which reads them back).

#include <string>
#include <string_view>
#include <vector>

namespace strata::base {

/// Each name of the field path in upper snake case (`maxConns` -> `MAX_CONNS`),
/// joined with `_`: `database.pool.max` -> `DATABASE_POOL_MAX`.
std::string env_var_name(const std::vector<std::string_view>& path);

}  // namespace strata::base
