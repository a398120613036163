#pragma once
// Private to compiler/syntax: the parse state shared by the grammar's semantic
// actions, and the X3-free token helpers behind the custom token parsers.

#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "base/diagnostic.hpp"
#include "base/interner.hpp"

namespace strata::syntax::grammar {

/// Deepest nesting of expressions or types before E0006.
inline constexpr int kMaxDepth = 256;
/// The `which` of an expectation failure thrown by the depth guard.
inline constexpr const char* kDepthWhich = "\x01nesting";

/// Everything the semantic actions need: where nodes go, names, diagnostics.
struct ParseState {
  ParseState(ast::File& f, base::Interner& n, base::DiagSink& d, const char* b, const char* e)
      : file(f), names(n), diags(d), begin(b), end(e) {}
  ast::File& file;
  base::Interner& names;
  base::DiagSink& diags;
  const char* begin;
  const char* end;
  std::size_t content_offset = 0;  // where the grammar starts (after a UTF-8 BOM)
  int depth = 0;
  // Where each enclosing mark[] began (after whitespace): the start of the
  // range of the node its action builds.
  std::vector<const char*> marks;
  // Set when an error handler has reported a diagnostic that the next recovery
  // parser should not report again.
  bool recovering = false;
  // Where the error being recovered from was found; recovery skips from there.
  const char* error_at = nullptr;
  // Where the last "expected ..." error was reported (see report_unexpected).
  const char* last_error_at = nullptr;

  base::Range range(const char* a, const char* b) const {
    return {static_cast<std::uint32_t>(a - begin), static_cast<std::uint32_t>(b - begin)};
  }
  base::Location loc(const char* a, const char* b) const { return {file.file, range(a, b)}; }
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    return file.arena->make<T>(std::forward<Args>(args)...);
  }
  template <typename Node>
  ast::Expr* expr(base::Range r, Node&& node) {
    return make<ast::Expr>(ast::Expr{r, ast::ExprNode(std::forward<Node>(node))});
  }
  /// Records the diagnostic for an expectation failure at `where`.
  void report_expected(const char* where, const std::string& which);
  /// Records "expected ..., found ..." at the token at or after p.
  void report_unexpected(const char* p, std::string_view expected,
                         base::DiagKind kind = base::DiagKind::Expected);
};

/// Skips whitespace and comments from p (the same rules as the skipper).
const char* skip_trivia(const char* p, const char* end);

inline bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// True for the reserved words of the language.
bool is_keyword(std::string_view word);
/// True for the words that start a declaration (`let`, `schema`, `env`, ...).
bool is_declaration_keyword(std::string_view word);
/// True when the text after a word (at p) is `:` or a single `=`: the word is
/// used as a field or entry name.
bool names_a_field(const char* p, const char* end);
/// True when p (in the first column) starts a declaration: a declaration
/// keyword or a `///` doc comment.
bool starts_declaration(const char* p, const char* end);
/// True when p is in the first column of a line. A declaration keyword there
/// always starts a declaration: it never continues an expression, which keeps
/// one unfinished declaration from swallowing the next.
inline bool at_column0(const char* begin, const char* p) {
  return p == begin || p[-1] == '\n' || p[-1] == '\r';
}

/// The end of the identifier starting at p (p itself when there is none).
inline const char* scan_ident(const char* p, const char* end) {
  if (p == end || !is_ident_start(*p)) return p;
  ++p;
  while (p != end && is_ident_char(*p)) ++p;
  return p;
}

/// Parses a number literal at p (no leading sign): an integer, a float, or a
/// number with a unit suffix. Returns the end, or p when there is no number.
const char* parse_number(ParseState& st, const char* p, const char* end, ast::Expr*& out);

/// Scanning state of a string literal, between interpolations.
struct StringScanner {
  StringScanner(ParseState& s, const char* o) : st(s), open(o) {}
  ParseState& st;
  const char* open;         // the opening quote
  bool multiline = false;
  std::size_t indent = 0;   // multi-line: indentation removed from each line
  ast::StringLit lit;
  std::string text;
  const char* text_begin = nullptr;

  /// Scans text up to the closing quote or `${`. Returns the position after
  /// the closing quote (closed = true) or after `${` (closed = false); nullptr
  /// when the literal is not terminated.
  const char* scan(const char* p, const char* end, bool& closed);
  void flush_text(const char* at);
};
/// Starts a string literal at p (which is `"`); returns the first content byte.
const char* begin_string(StringScanner& sc, const char* p, const char* end);

/// Runs the X3 grammar over st's text, filling st.file.decls and st.diags.
void run_grammar(ParseState& st);

}  // namespace strata::syntax::grammar
