#pragma once
/// The JSON Schemas of schema/, embedded in the binary at build time.

#include <string_view>
#include <vector>

#include "sema/stdlib.hpp"

namespace strata::emit {

/// Every file of schema/ (paths relative to it), sorted by path.
const std::vector<sema::EmbeddedFile>& builtin_schema_files();

/// Where a schema applies: its `properties.apiVersion` and `.kind`.
struct SchemaKey {
  std::string_view path, api_version, kind;
};

/// The key of each file of builtin_schema_files(), in the same order, read
/// at build time (scripts/schema_index.py).
const std::vector<SchemaKey>& builtin_schema_index();

}  // namespace strata::emit
