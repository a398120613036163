#pragma once
// Private to compiler/syntax: the pass before the grammar. It checks the
// encoding (UTF-8 only, BOM allowed, no NUL), finds every comment, and finds
// strings, comments and regex literals that never end, so that the grammar
// only ever sees well-formed lexical structure.

#include <cstddef>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "base/diagnostic.hpp"

namespace strata::syntax {

struct LexicalScan {
  std::size_t content_begin = 0;       // 3 after a UTF-8 BOM
  std::vector<ast::Comment> comments;  // in source order
  bool ok = true;                      // false: do not run the grammar
};

/// Scans text (the whole file) and reports E0001-E0005 and E0010 to sink.
LexicalScan scan_lexical(std::string_view text, base::FileId file, base::DiagSink& sink);

}  // namespace strata::syntax
