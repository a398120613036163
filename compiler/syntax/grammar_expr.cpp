// The expression grammar: literals, operators by precedence, postfix access,
// if/let/match, lists, records, comprehensions, and entries (`path = value`).
#include <boost/fusion/include/at_c.hpp>

#include "syntax/tokens.hpp"

namespace strata::syntax::grammar {
namespace {

using boost::fusion::at_c;
using x3::_attr;
using x3::_val;
using x3::lit;

template <typename Ctx>
std::uint32_t end_of_match(Ctx const& ctx) {
  return static_cast<std::uint32_t>(x3::_where(ctx).begin() - state(ctx).begin);
}

base::Range span(const ast::Expr* a, const ast::Expr* b) { return {a->range.begin, b->range.end}; }

struct add_ops_t : x3::symbols<ast::BinaryOp> {
  add_ops_t() { add("+", ast::BinaryOp::Add)("-", ast::BinaryOp::Sub); }
} const add_ops;
struct mul_ops_t : x3::symbols<ast::BinaryOp> {
  mul_ops_t() { add("*", ast::BinaryOp::Mul)("/", ast::BinaryOp::Div)("%", ast::BinaryOp::Mod); }
} const mul_ops;
struct cmp_ops_t : x3::symbols<ast::BinaryOp> {
  cmp_ops_t() {
    add("==", ast::BinaryOp::Eq)("!=", ast::BinaryOp::Ne)("<", ast::BinaryOp::Lt)("<=", ast::BinaryOp::Le)(
        ">", ast::BinaryOp::Gt)(">=", ast::BinaryOp::Ge);
  }
} const cmp_ops;
struct unary_ops_t : x3::symbols<ast::UnaryOp> {
  unary_ops_t() { add("-", ast::UnaryOp::Neg)("!", ast::UnaryOp::Not); }
} const unary_ops;

/// A qualified name whose last segment starts with an upper-case letter and
/// which is followed by `{`: the type of a record construction `p.Service {`.
struct construct_head_parser : x3::parser<construct_head_parser> {
  using attribute_type = ast::Expr*;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const char* p = first;
    const char* seg = p;
    for (;;) {
      const char* e = scan_ident(p, last);
      if (e == p || is_keyword({p, static_cast<std::size_t>(e - p)})) return false;
      seg = p;
      p = e;
      if (p != last && *p == '.' && p + 1 != last && is_ident_start(p[1])) {
        ++p;
        continue;
      }
      break;
    }
    if (!(*seg >= 'A' && *seg <= 'Z')) return false;
    const char* q = skip_trivia(p, last);
    if (q == last || *q != '{') return false;
    // Build Ident(.Member)* from the segments.
    ParseState& st = state(ctx);
    const char* s = first;
    ast::Expr* e = nullptr;
    while (s < p) {
      const char* se = scan_ident(s, last);
      ast::Name n{st.names.intern({s, static_cast<std::size_t>(se - s)}), st.range(s, se)};
      if (!e) e = st.expr(n.range, ast::Ident{n.sym});
      else e = st.expr(st.range(first, se), ast::Member{e, n, false});
      s = se + 1;
    }
    attr = e;
    first = p;
    return true;
  }
};
constexpr construct_head_parser construct_head{};

/// The `.` of a member access: not `..`, and not first on its line, where a
/// `.name` is an enum literal (a match arm or list item on the next line).
struct member_dot_parser : x3::parser<member_dot_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    It p = first;
    x3::skip_over(p, last, ctx);
    if (p == last || *p != '.' || (last - p >= 2 && p[1] == '.')) return false;
    const char* q = p;
    while (q != state(ctx).begin && (q[-1] == ' ' || q[-1] == '\t')) --q;
    if (at_column0(state(ctx).begin, q)) return false;
    first = p + 1;
    return true;
  }
};
constexpr member_dot_parser member_dot{};

auto const sep = lit(',') | lit(';');

// ------------------------------------------------------------------ rules

expr_type const expr_r = "expression";
or_expr_type const or_expr_r = "expression";
entry_type const entry_r = "entry";

x3::rule<class and_expr_c, ExprP> const and_expr = "expression";
x3::rule<class cmp_expr_c, ExprP> const cmp_expr = "expression";
x3::rule<class coalesce_expr_c, ExprP> const coalesce_expr = "expression";
x3::rule<class range_expr_c, ExprP> const range_expr = "expression";
x3::rule<class add_expr_c, ExprP> const add_expr = "expression";
x3::rule<class mul_expr_c, ExprP> const mul_expr = "expression";
x3::rule<class unary_expr_c, ExprP> const unary_expr = "expression";
x3::rule<class postfix_expr_c, ExprP> const postfix_expr = "expression";
x3::rule<class primary_c, ExprP> const primary = "expression";
x3::rule<class if_expr_c, ExprP> const if_expr = "`if` expression";
x3::rule<class let_expr_c, ExprP> const let_expr = "`let` expression";
x3::rule<class match_expr_c, ExprP> const match_expr = "`match` expression";
x3::rule<class match_arm_c, ast::MatchArm> const match_arm = "match arm `pattern => value`";
x3::rule<class list_lit_c, ExprP> const list_lit = "list";
x3::rule<class list_comp_c, ExprP> const list_comp = "list comprehension";
x3::rule<class list_items_c, std::vector<ExprP>> const list_items = "list items";
x3::rule<class record_lit_c, ExprP> const record_lit = "record";
x3::rule<class construct_c, ExprP> const construct = "record";
x3::rule<class map_comp_c, ExprP> const map_comp = "map comprehension";
x3::rule<class for_clause_c, ast::ForClause> const for_clause = "`for` clause";
x3::rule<class args_c, std::vector<ast::Arg>> const args = "arguments";
x3::rule<class arg_c, ast::Arg> const arg = "argument";
x3::rule<class key_c, ast::Key> const key = "name or string";
x3::rule<class key_path_c, std::vector<ast::Key>> const key_path = "name";
x3::rule<class entry_assign_c, EntryP> const entry_assign = "entry";
x3::rule<class entry_for_c, EntryP> const entry_for = "`for` block";
x3::rule<class entries_c, std::vector<EntryP>> const entries = "entries";


// ------------------------------------------------------------------ actions

auto const set_val = [](auto& ctx) { _val(ctx) = unwrap(_attr(ctx)); };

auto const fold_binary = [](auto& ctx) {
  ast::BinaryOp op = at_c<0>(_attr(ctx));
  ExprP rhs = at_c<1>(_attr(ctx));
  ExprP lhs = _val(ctx);
  _val(ctx) = state(ctx).expr(span(lhs, rhs), ast::Binary{op, lhs, rhs});
};

template <ast::BinaryOp Op>
struct fold_fixed {
  template <typename Ctx>
  void operator()(Ctx& ctx) const {
    ExprP rhs = _attr(ctx);
    ExprP lhs = _val(ctx);
    _val(ctx) = state(ctx).expr(span(lhs, rhs), ast::Binary{Op, lhs, rhs});
  }
};

auto const chained_comparison = [](auto& ctx) {
  ParseState& st = state(ctx);
  const char* op = skip_trivia(st.begin + _val(ctx)->range.end, st.end);
  const char* op_end = op;
  while (op_end != st.end && (*op_end == '<' || *op_end == '>' || *op_end == '=' || *op_end == '!')) ++op_end;
  st.diags.report(base::DiagKind::ChainedComparison, st.loc(op, op_end),
                  "comparison operators cannot be chained; combine two comparisons with `&&`");
  fold_binary(ctx);
};

auto const make_unary = [](auto& ctx) {
  auto& ops = at_c<0>(_attr(ctx));
  ExprP e = at_c<1>(_attr(ctx));
  base::Range r = where(ctx);
  for (auto it = ops.rbegin(); it != ops.rend(); ++it)
    e = state(ctx).expr({r.begin, e->range.end}, ast::Unary{*it, e});
  _val(ctx) = e;
};

auto const make_member = [](auto& ctx) {
  ExprP obj = _val(ctx);
  ast::Name n = _attr(ctx);
  _val(ctx) = state(ctx).expr({obj->range.begin, n.range.end}, ast::Member{obj, n, false});
};
auto const make_opt_member = [](auto& ctx) {
  ExprP obj = _val(ctx);
  ast::Name n = _attr(ctx);
  _val(ctx) = state(ctx).expr({obj->range.begin, n.range.end}, ast::Member{obj, n, true});
};
auto const make_call = [](auto& ctx) {
  ExprP callee = _val(ctx);
  _val(ctx) = state(ctx).expr({callee->range.begin, end_of_match(ctx)}, ast::Call{callee, std::move(_attr(ctx))});
};
auto const make_index = [](auto& ctx) {
  ExprP obj = _val(ctx);
  _val(ctx) = state(ctx).expr({obj->range.begin, end_of_match(ctx)}, ast::Index{obj, _attr(ctx)});
};

auto const make_arg = [](auto& ctx) {
  auto& name = at_c<0>(_attr(ctx));
  _val(ctx) = ast::Arg{name ? *name : ast::Name{}, at_c<1>(_attr(ctx))};
};

template <bool Value>
struct make_bool {
  template <typename Ctx>
  void operator()(Ctx& ctx) const {
    _val(ctx) = state(ctx).expr(where(ctx), ast::BoolLit{Value});
  }
};
auto const make_null = [](auto& ctx) { _val(ctx) = state(ctx).expr(where(ctx), ast::NullLit{}); };
auto const make_ident = [](auto& ctx) {
  ast::Name n = _attr(ctx);
  _val(ctx) = state(ctx).expr(n.range, ast::Ident{n.sym});
};
auto const make_enum_lit = [](auto& ctx) {
  ast::Name n = _attr(ctx);
  _val(ctx) = state(ctx).expr(where(ctx), ast::EnumLit{n.sym});
};

auto const make_if = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& else_ = at_c<2>(a);
  _val(ctx) = state(ctx).expr(where(ctx), ast::If{at_c<0>(a), at_c<1>(a), else_ ? *else_ : nullptr});
};
auto const make_let = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& type = at_c<1>(a);
  _val(ctx) = state(ctx).expr(where(ctx), ast::Let{at_c<0>(a), type ? *type : nullptr, at_c<2>(a), at_c<3>(a)});
};
auto const make_match = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = state(ctx).expr(where(ctx), ast::Match{at_c<0>(a), std::move(at_c<1>(a))});
};
auto const make_arm = [](auto& ctx) {
  auto& a = _attr(ctx);
  ExprP pattern = at_c<0>(a);
  // `_` is the wildcard pattern
  if (auto* id = std::get_if<ast::Ident>(&pattern->node); id && state(ctx).names.str(id->name) == "_")
    pattern = nullptr;
  _val(ctx) = ast::MatchArm{pattern, at_c<1>(a), where(ctx)};
};

auto const make_for = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::ForClause c;
  ast::Name first = at_c<0>(a);
  auto& second = at_c<1>(a);
  if (second) {
    c.key = first;
    c.value = *second;
  } else {
    c.value = first;
  }
  c.iterable = at_c<2>(a);
  auto& filter = at_c<3>(a);
  c.filter = filter ? *filter : nullptr;
  c.range = where(ctx);
  _val(ctx) = c;
};

auto const make_list = [](auto& ctx) {
  _val(ctx) = state(ctx).expr(where(ctx), ast::ListLit{std::move(_attr(ctx))});
};
auto const make_list_comp = [](auto& ctx) {
  auto& a = _attr(ctx);
  ParseState& st = state(ctx);
  _val(ctx) = st.expr(where(ctx), ast::ListComp{st.make<ast::ForClause>(at_c<0>(a)), at_c<1>(a)});
};
auto const make_map_comp = [](auto& ctx) {
  auto& a = _attr(ctx);
  ParseState& st = state(ctx);
  _val(ctx) = st.expr(where(ctx), ast::MapComp{st.make<ast::ForClause>(at_c<0>(a)), at_c<1>(a), at_c<2>(a)});
};


auto const make_record = [](auto& ctx) {
  _val(ctx) = state(ctx).expr(where(ctx), ast::RecordLit{nullptr, std::move(_attr(ctx))});
};
auto const make_construct = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = state(ctx).expr(where(ctx), ast::RecordLit{at_c<0>(a), std::move(at_c<1>(a))});
};

auto const make_key_ident = [](auto& ctx) {
  ast::Name n = _attr(ctx);
  _val(ctx) = ast::Key{state(ctx).expr(n.range, ast::Ident{n.sym}), n.range};
};
auto const make_key_string = [](auto& ctx) {
  ExprP e = _attr(ctx);
  _val(ctx) = ast::Key{e, e->range};
};
auto const make_entry_assign = [](auto& ctx) {
  auto& a = _attr(ctx);
  ParseState& st = state(ctx);
  _val(ctx) = st.make<ast::Entry>(ast::Entry{where(ctx), std::move(at_c<0>(a)), at_c<1>(a), nullptr});
};
auto const make_entry_for = [](auto& ctx) {
  auto& a = _attr(ctx);
  ParseState& st = state(ctx);
  auto* block = st.make<ast::EntryFor>(ast::EntryFor{at_c<0>(a), std::move(at_c<1>(a))});
  _val(ctx) = st.make<ast::Entry>(ast::Entry{where(ctx), {}, nullptr, block});
};

// ------------------------------------------------------------------ definitions

auto const expr_r_def = depth_guard[(if_expr | let_expr | match_expr | or_expr_r)[set_val]];

auto const if_expr_def = mark[((kw("if") > expr_r > kw("then") > expr_r) >> -(kw("else") > expr_r))[make_if]];
auto const let_expr_def =
    mark[((keyword_parser("let", false, true) > name) >> -(lit(':') > type()) > assign > expr_r > kw("in") > expr_r)[make_let]];
auto const match_expr_def = mark[(kw("match") > or_expr_r > lit('{') > *match_arm > lit('}'))[make_match]];
auto const match_arm_def = mark[((or_expr_r > lit("=>") > expr_r) >> -sep)[make_arm]];

auto const or_expr_r_def = and_expr[set_val] >> *(lit("||") > and_expr)[fold_fixed<ast::BinaryOp::Or>{}];
auto const and_expr_def = cmp_expr[set_val] >> *(lit("&&") > cmp_expr)[fold_fixed<ast::BinaryOp::And>{}];
auto const cmp_expr_def = coalesce_expr[set_val] >>
                          -((cmp_ops > coalesce_expr)[fold_binary] >> *(cmp_ops > coalesce_expr)[chained_comparison]);
auto const coalesce_expr_def =
    range_expr[set_val] >> *(lit("??") > range_expr)[fold_fixed<ast::BinaryOp::Coalesce>{}];
auto const range_expr_def = add_expr[set_val] >> -(lit("..") > add_expr)[fold_fixed<ast::BinaryOp::Range>{}];
auto const add_expr_def = mul_expr[set_val] >> *(add_ops > mul_expr)[fold_binary];
auto const mul_expr_def = unary_expr[set_val] >> *(mul_ops > unary_expr)[fold_binary];
auto const unary_expr_def = mark[(*unary_ops >> postfix_expr)[make_unary]];
auto const postfix_expr_def = primary[set_val] >>
                              *((member_dot > name)[make_member]     //
                                | (lit("?.") > name)[make_opt_member]          //
                                | (lit('(') > args > lit(')'))[make_call]      //
                                | (lit('[') > expr_r > lit(']'))[make_index]);

auto const primary_def = mark[number[set_val]                                       //
                         | string_lit[set_val]                                 //
                         | kw("true")[make_bool<true>{}]                       //
                         | kw("false")[make_bool<false>{}]                     //
                         | kw("null")[make_null]                               //
                         | (lit('.') >> name)[make_enum_lit]                   //
                         | construct[set_val]                                  //
                         | name[make_ident]                                    //
                         | (lit('(') > expr_r > lit(')'))[set_val]             //
                         | list_comp[set_val]                                  //
                         | list_lit[set_val]                                   //
                         | map_comp[set_val]                                   //
                         | record_lit[set_val]];

auto const args_def = -((arg % ',') >> -lit(','));
auto const arg_def = (-(name >> assign) >> expr_r)[make_arg];

auto const for_clause_def =
    mark[((((keyword_parser("for", true) > name) >> -(lit(',') > name)) > kw("in") > or_expr_r) >> -(kw("if") > or_expr_r))[make_for]];
auto const list_comp_def = mark[((lit('[') >> &kw("for")) > for_clause > lit("=>") > expr_r > lit(']'))[make_list_comp]];
auto const list_lit_def = mark[(lit('[') >> list_items > lit(']'))[make_list]];
auto const list_items_def = -((expr_r % ',') >> -lit(','));
auto const map_comp_def =
    mark[((lit('{') >> for_clause >> lit("=>")) > expr_r > lit(':') > expr_r > lit('}'))[make_map_comp]];
auto const record_lit_def = mark[(lit('{') > entries > lit('}'))[make_record]];
auto const construct_def = mark[(construct_head > lit('{') > entries > lit('}'))[make_construct]];

auto const entries_def = (*(entry_r | entry_recover))[make_entries];
auto const key_def = name[make_key_ident] | string_lit[make_key_string];
auto const key_path_def = key % '.';
auto const entry_assign_def = mark[(key_path > assign > expr_r)[make_entry_assign]];
auto const entry_for_def = mark[(for_clause > lit('{') > entries > lit('}'))[make_entry_for]];
auto const entry_r_def = (entry_for | entry_assign)[set_val] >> -sep;

BOOST_SPIRIT_DEFINE(list_items, and_expr, cmp_expr, coalesce_expr, range_expr, add_expr, mul_expr,
                    unary_expr, postfix_expr, primary, if_expr, let_expr, match_expr, match_arm, list_lit, list_comp,
                    record_lit, construct, map_comp, for_clause, args, arg, key, key_path, entry_assign, entry_for,
                    entries)

}  // namespace

BOOST_SPIRIT_DEFINE(expr_r, or_expr_r, entry_r)

BOOST_SPIRIT_INSTANTIATE(expr_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(or_expr_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(entry_type, iterator_type, context_type)

expr_type const& expr() { return expr_r; }
or_expr_type const& or_expr() { return or_expr_r; }
entry_type const& entry() { return entry_r; }

}  // namespace strata::syntax::grammar
