#pragma once
/// The JSON Schemas of schema/, embedded in the binary at build time.

#include <vector>

#include "sema/stdlib.hpp"

namespace strata::emit {

/// Every file of schema/ (paths relative to it), sorted by path.
const std::vector<sema::EmbeddedFile>& builtin_schema_files();

}  // namespace strata::emit
