#pragma once
// Private to compiler/syntax: the Spirit X3 grammar, split over three
// translation units (expressions, types, declarations) with the
// declare / define / instantiate pattern. Nothing outside this folder may
// include it; parse.hpp is the facade.
//
// Design notes:
// - Tokens (skipper, identifiers, keywords, numbers, strings, regexes) are
//   small custom parsers: exact errors, no lexeme[] (which would change the
//   context type), and fast.
// - Every rule builds ast nodes through semantic actions into the arena of
//   ParseState; backtracking only leaves garbage in the arena.
// - `>` expectation points throw once input has committed; rules that list an
//   error handler (entries, schema members, declarations) record a diagnostic
//   and fail, and a recovery parser skips ahead, so one file yields many
//   diagnostics and a partial tree.

#include <boost/spirit/home/x3.hpp>
#include <string>
#include <string_view>

#include "syntax/parse_state.hpp"

namespace strata::syntax::grammar {

namespace x3 = boost::spirit::x3;
using iterator_type = const char*;

struct state_tag;

/// Skips whitespace, `//` line comments and `/* */` block comments.
struct skipper_parser : x3::parser<skipper_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    It p = first;
    while (p != last) {
      char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++p;
      } else if (c == '/' && last - p >= 2 && p[1] == '/') {
        while (p != last && *p != '\n' && *p != '\r') ++p;
      } else if (c == '/' && last - p >= 2 && p[1] == '*') {
        p += 2;
        while (p != last && !(*p == '*' && last - p >= 2 && p[1] == '/')) ++p;
        p = p == last ? last : p + 2;
      } else {
        break;
      }
    }
    bool moved = p != first;
    first = p;
    return moved;
  }
};

using skipper_type = skipper_parser;
using skip_context_type = x3::context<x3::skipper_tag, skipper_type const, x3::unused_type>;
using context_type = x3::context<state_tag, ParseState, skip_context_type>;

template <typename Ctx>
ParseState& state(Ctx const& ctx) {
  return x3::get<state_tag>(ctx);
}

/// The error handler shared by rules that recover: record, then fail so the
/// enclosing loop's recovery parser can skip ahead. With Nested, a nesting
/// limit error is passed on to the declaration, which skips the whole of it:
/// recovering inside 256 open brackets would only report each of them.
template <bool Nested>
struct recovering_handler {
  template <typename It, typename Exc, typename Ctx>
  x3::error_handler_result on_error(It&, It const&, Exc const& x, Ctx const& ctx) {
    if (Nested && x.which() == kDepthWhich) return x3::error_handler_result::rethrow;
    ParseState& st = state(ctx);
    if (!st.recovering) {
      st.report_expected(x.where(), x.which());
      st.error_at = skip_trivia(x.where(), st.end);
    }
    st.recovering = true;
    return x3::error_handler_result::fail;
  }
};

// ------------------------------------------------------------------ rules

using ExprP = ast::Expr*;
using TypeP = ast::Type*;
using EntryP = ast::Entry*;
using MemberP = ast::SchemaMember*;
using DeclP = ast::Decl*;

struct expr_class;
struct or_expr_class;
struct entry_class : recovering_handler<true> {};
struct type_class;
struct member_class : recovering_handler<true> {};
struct decl_class : recovering_handler<false> {};
struct fn_decl_class;
struct params_class;
struct qualified_name_class;
struct file_class;

using expr_type = x3::rule<expr_class, ExprP>;
using or_expr_type = x3::rule<or_expr_class, ExprP>;
using entry_type = x3::rule<entry_class, EntryP>;
using type_type = x3::rule<type_class, TypeP>;
using member_type = x3::rule<member_class, MemberP>;
using fn_decl_type = x3::rule<fn_decl_class, ast::FnDecl>;
using params_type = x3::rule<params_class, std::vector<ast::Param>>;
using qualified_name_type = x3::rule<qualified_name_class, std::vector<ast::Name>>;
using file_type = x3::rule<file_class, x3::unused_type>;

BOOST_SPIRIT_DECLARE(expr_type, or_expr_type, entry_type)
BOOST_SPIRIT_DECLARE(type_type, member_type, fn_decl_type, params_type, qualified_name_type)
BOOST_SPIRIT_DECLARE(file_type)

expr_type const& expr();
or_expr_type const& or_expr();
entry_type const& entry();
type_type const& type();
member_type const& member();
fn_decl_type const& fn_decl();
params_type const& params();
qualified_name_type const& qualified_name();
file_type const& file();

}  // namespace strata::syntax::grammar
