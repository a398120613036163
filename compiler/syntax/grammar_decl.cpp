// The declaration grammar and the entry point that runs the whole grammar
// over one file with recovery between declarations.
#include <boost/fusion/include/at_c.hpp>

#include "syntax/tokens.hpp"

namespace strata::syntax::grammar {

x3::rule<decl_class, DeclP> const decl = "declaration";

namespace {

using boost::fusion::at_c;
using x3::_attr;
using x3::_val;
using x3::lit;


/// Recovery between declarations: reports "expected a declaration" unless an
/// error handler already reported this error, then skips to the next line that
/// starts, in its first column, with a declaration keyword or a doc comment.
bool recover_declaration(ParseState& st, const char*& first, const char* last) {
  const char* p = skip_trivia(first, last);
  if (p == last) return false;
  if (!st.recovering)
    st.report_unexpected(p,
                         "a declaration (`import`, `let`, `type`, `enum`, `schema`, `fn`, `check`, `env` or "
                         "`output`)",
                         base::DiagKind::ExpectedDeclaration);
  bool handled = st.recovering;
  p = recovery_start(st, p);
  st.recovering = false;
  // An error found at the start of the next declaration (`let a = 1 +`
  // followed by `let b`) resumes there: it lies past the failed declaration's
  // keyword, so this is progress. Otherwise skip at least one byte.
  if (!(handled && at_column0(st.begin, p) && starts_declaration(p, last))) ++p;
  while (p != last && !(at_column0(st.begin, p) && starts_declaration(p, last))) ++p;
  first = p;
  return true;
}

struct decl_recover_t : x3::parser<decl_recover_t> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    return recover_declaration(state(ctx), first, last);
  }
};
constexpr decl_recover_t decl_recover{};

file_type const file_r = "file";

x3::rule<class import_decl_c, DeclP> const import_decl = "import";
x3::rule<class let_decl_c, DeclP> const let_decl = "let";
x3::rule<class type_decl_c, DeclP> const type_decl = "type";
x3::rule<class enum_decl_c, DeclP> const enum_decl = "enum";
x3::rule<class enum_case_c, ast::EnumCase> const enum_case = "enum case";
x3::rule<class schema_decl_c, DeclP> const schema_decl = "schema";
x3::rule<class fn_top_c, DeclP> const fn_top = "function";
x3::rule<class check_top_c, DeclP> const check_top = "check";
x3::rule<class env_decl_c, DeclP> const env_decl = "env";
x3::rule<class env_head_c, ast::EnvDecl> const env_head = "`:` and a schema, or `amends` and an env";
x3::rule<class output_decl_c, DeclP> const output_decl = "output";
x3::rule<class extends_clause_c, std::vector<ast::Name>> const extends_clause = "`extends`";
x3::rule<class schema_body_c, std::vector<MemberP>> const schema_body = "schema members";
x3::rule<class env_body_c, std::vector<EntryP>> const env_body = "entries";


auto const set_val = [](auto& ctx) { _val(ctx) = unwrap(_attr(ctx)); };

template <typename Node>
DeclP decl_node(ParseState& st, base::Range r, Node&& n) {
  return st.make<ast::Decl>(ast::Decl{r, {}, ast::DeclNode(std::forward<Node>(n))});
}

auto const push_decl = [](auto& ctx) {
  if (DeclP d = unwrap(_attr(ctx))) state(ctx).file.decls.push_back(d);
};
auto const make_import = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& alias = at_c<1>(a);
  _val(ctx) = decl_node(state(ctx), where(ctx), ast::ImportDecl{at_c<0>(a), alias ? *alias : ast::Name{}});
};
auto const make_let = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& type = at_c<1>(a);
  _val(ctx) = decl_node(state(ctx), where(ctx), ast::LetDecl{at_c<0>(a), type ? *type : nullptr, at_c<2>(a)});
};
auto const make_type_decl = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = decl_node(state(ctx), where(ctx), ast::TypeDecl{at_c<0>(a), at_c<1>(a)});
};
auto const make_enum_case = [](auto& ctx) { _val(ctx) = ast::EnumCase{_attr(ctx), {}}; };
auto const make_enum = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = decl_node(state(ctx), where(ctx), ast::EnumDecl{at_c<0>(a), std::move(at_c<1>(a))});
};
auto const make_schema = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = decl_node(state(ctx), where(ctx),
                        ast::SchemaDecl{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))});
};
auto const make_fn_top = [](auto& ctx) { _val(ctx) = decl_node(state(ctx), where(ctx), std::move(_attr(ctx))); };
auto const make_check_top = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = decl_node(state(ctx), where(ctx),
                        ast::CheckDecl{at_c<0>(a), std::move(at_c<1>(a)), at_c<2>(a), at_c<3>(a)});
};
auto const set_env_schema = [](auto& ctx) { _val(ctx).schema = std::move(_attr(ctx)); };
auto const set_env_parent = [](auto& ctx) { _val(ctx).parent = _attr(ctx); };
auto const make_env = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::EnvDecl env = std::move(at_c<2>(a));
  env.abstract_ = at_c<0>(a);
  env.name = at_c<1>(a);
  env.body = std::move(at_c<3>(a));
  _val(ctx) = decl_node(state(ctx), where(ctx), std::move(env));
};
auto const make_output = [](auto& ctx) {
  _val(ctx) = decl_node(state(ctx), where(ctx), ast::OutputDecl{{_attr(ctx)}});
};

auto const file_r_def = *(decl[push_decl] | decl_recover);
auto const decl_def = (import_decl | let_decl | type_decl | enum_decl | schema_decl | fn_top | check_top | env_decl |
                       output_decl)[set_val] >>
                      -lit(';');
auto const import_decl_def = mark[((kw("import") > string_lit) >> -(kw("as") > name))[make_import]];
auto const let_decl_def = mark[((kw("let") > name) >> -(lit(':') > type()) > assign > expr())[make_let]];
auto const type_decl_def = mark[(kw("type") > name > assign > type())[make_type_decl]];
auto const enum_case_def = (name >> -(lit(',') | lit(';')))[make_enum_case];
auto const enum_decl_def = mark[(kw("enum") > name > lit('{') > *enum_case > lit('}'))[make_enum]];
auto const schema_body_def = (*(member() | member_recover))[make_members];
auto const extends_clause_def = -(kw("extends") > qualified_name());
auto const schema_decl_def =
    mark[(((kw("schema") > name) >> extends_clause) > lit('{') > schema_body > lit('}'))[make_schema]];
auto const fn_top_def = mark[fn_decl()[make_fn_top]];
auto const check_top_def =
    mark[(kw("check") > name > lit('(') > params() > lit(')') > assign > or_expr() > lit(':') > expr())[make_check_top]];
auto const env_head_def = (lit(':') > qualified_name())[set_env_schema] | (kw("amends") > name)[set_env_parent];
auto const env_body_def = (*(entry() | entry_recover))[make_entries];
auto const env_decl_def =
    mark[((x3::matches[kw("abstract")] >> kw("env")) > name > env_head > lit('{') > env_body > lit('}'))[make_env]];
auto const output_decl_def = mark[(kw("output") > entry())[make_output]];

BOOST_SPIRIT_DEFINE(extends_clause, import_decl, let_decl, type_decl, enum_decl, enum_case, schema_decl, fn_top, check_top,
                    env_decl, env_head, output_decl, schema_body, env_body)

}  // namespace

BOOST_SPIRIT_DEFINE(file_r, decl)
BOOST_SPIRIT_INSTANTIATE(file_type, iterator_type, context_type)

file_type const& file() { return file_r; }

void run_grammar(ParseState& st) {
  skipper_type const skipper{};
  skip_context_type const skip_ctx(skipper);
  context_type const ctx(st, skip_ctx);
  const char* first = st.begin + st.content_offset;
  x3::unused_type attr;
  try {
    file_r.parse(first, st.end, ctx, x3::unused, attr);
  } catch (x3::expectation_failure<iterator_type> const& e) {
    // Every declaration recovers on its own; this is a last line of defence.
    if (!st.recovering) st.report_expected(e.where(), e.which());
  }
}

}  // namespace strata::syntax::grammar
