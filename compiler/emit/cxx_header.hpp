#pragma once
/// The typed C++ configuration header of `cxx.header(Schema, namespace = "...",
/// values = {...})`: one self-contained header with a struct per schema, an
/// `enum class` per enum and literal union, a `constexpr` value per env, and a
/// loader of runtime overrides from environment variables. docs/cxx-header.md
/// describes the type mapping, the renaming and escaping rules and the loader.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "eval/value.hpp"
#include "sema/types.hpp"

namespace strata::emit {

struct CxxHeaderRequest {
  const sema::SchemaInfo* schema = nullptr;                // the config schema (sema/types.hpp)
  std::string ns;                                          // "app::config"
  std::vector<std::pair<std::string, eval::Value>> envs;  // env name -> a Record of `schema`, by name (the order of the `values` map)
  base::Location where;                                    // the cxx.header(...) call, for diagnostics
  /// Optional: the bounds `lo..hi` of an `in` or `len` constraint, as the
  /// evaluator computes them (unit is set for an `in` on a unit value), or
  /// nullopt when they are not a range (the constraint is then ignored, as the
  /// evaluator ignores it). When empty, only bounds written as literals, `let`s
  /// of literals and arithmetic on them are understood; others are E0545.
  std::function<std::optional<std::pair<std::int64_t, std::int64_t>>(const sema::ConstraintInfo&,
                                                                     std::optional<base::UnitKind> unit)>
      bounds;
};

/// The header text, or nullopt after reporting every problem to sink.
std::optional<std::string> cxx_header_text(const CxxHeaderRequest& req, const base::Interner& names,
                                           base::DiagSink& sink);

}  // namespace strata::emit
