#pragma once
/// The JSON Schemas of schema/, embedded in the binary at build time.

#include <string_view>
#include <vector>

#include "sema/stdlib.hpp"

namespace strata::emit {

/// One file of schema/ and where it applies: its `properties.apiVersion`
/// and `.kind`, read at build time (scripts/schema_index.py).
struct BuiltinSchema {
  sema::EmbeddedFile file;  // path relative to schema/, JSON text
  std::string_view api_version, kind;
};

/// Every file of schema/, sorted by path.
const std::vector<BuiltinSchema>& builtin_schemas();

}  // namespace strata::emit
