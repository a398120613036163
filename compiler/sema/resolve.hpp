#pragma once
/// Name resolution: every name used in the program refers to something.

#include "sema/program.hpp"

namespace strata::sema {

/// Fills each module's table of top-level names and checks every name used in
/// expressions and types: duplicates (E0204), unknown names with a "did you
/// mean" (E0203), members a module does not have (E0205), and names that two
/// unaliased imports both define (E0207). In env bodies the fields of the
/// env's schema are in scope; in schema members, the schema's own fields.
void resolve_names(Program& program, const base::Interner& names, base::DiagSink& sink);

/// The builtin types, functions and namespaces, in lookup order.
const std::vector<std::string_view>& builtin_types();
const std::vector<std::string_view>& builtin_functions();

}  // namespace strata::sema
