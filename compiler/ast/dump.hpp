#pragma once
/// A stable, readable S-expression dump of an ast::File, for golden tests of
/// the parser and for `strata dump-ast`.

#include <string>

#include "ast/ast.hpp"

namespace strata::ast {

std::string dump(const File& file, const base::Interner& names);

}  // namespace strata::ast
