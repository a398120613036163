#pragma once
/// The syntax step's facade: source text in, ast::File and diagnostics out.
/// No Spirit X3 type appears here.

#include <cstddef>

#include "ast/ast.hpp"
#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"

namespace strata::syntax {

/// Files larger than this are rejected with E0007 before anything else.
inline constexpr std::size_t kMaxFileBytes = base::kMaxSourceBytes;

/// Parses one file of sm. Never throws for any input: every problem becomes a
/// diagnostic in sink, and the result holds every declaration that could be
/// read (with `///` doc comments attached to declarations, schema members and
/// enum cases) and every comment.
ast::File parse(const base::SourceManager& sm, base::FileId file, base::Interner& names, base::DiagSink& sink);

}  // namespace strata::syntax
