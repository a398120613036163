// The type grammar: named, list, map, optional, record and literal-union
// types with their constraints; schema members; function signatures.
#include <boost/fusion/include/at_c.hpp>

#include "syntax/tokens.hpp"

namespace strata::syntax::grammar {
namespace {

using boost::fusion::at_c;
using x3::_attr;
using x3::_val;
using x3::lit;

type_type const type_r = "type";
member_type const member_r = "schema member";
fn_decl_type const fn_decl_r = "function";
params_type const params_r = "parameters";
qualified_name_type const qualified_name_r = "name";

x3::rule<class type_core_c, TypeP> const type_core = "type";
x3::rule<class primary_type_c, TypeP> const primary_type = "type";
x3::rule<class named_type_c, TypeP> const named_type = "type";
x3::rule<class list_type_c, TypeP> const list_type = "list type";
x3::rule<class map_type_c, TypeP> const map_type = "map type";
x3::rule<class record_type_c, TypeP> const record_type = "record type";
x3::rule<class union_type_c, TypeP> const union_type = "type";
x3::rule<class constraint_c, ast::Constraint> const constraint = "constraint";
x3::rule<class map_key_c, TypeP> const map_key = "map key type";
x3::rule<class type_args_c, std::vector<TypeP>> const type_args = "type arguments";
x3::rule<class type_list_c, std::vector<TypeP>> const type_list = "type";
x3::rule<class param_c, ast::Param> const param = "parameter";
x3::rule<class field_decl_c, MemberP> const field_decl = "field";
x3::rule<class check_member_c, MemberP> const check_member = "check";
x3::rule<class fn_member_c, MemberP> const fn_member = "function";
x3::rule<class members_c, std::vector<MemberP>> const members = "schema members";


TypeP new_type(ParseState& st, base::Range r, ast::TypeNode node) {
  return st.make<ast::Type>(ast::Type{r, std::move(node), {}});
}

auto const set_val = [](auto& ctx) { _val(ctx) = unwrap(_attr(ctx)); };

auto const make_type = [](auto& ctx) {
  auto& a = _attr(ctx);
  TypeP t = at_c<0>(a);
  t->constraints = std::move(at_c<1>(a));
  if (!t->constraints.empty()) t->range.end = t->constraints.back().range.end;
  _val(ctx) = t;
};
auto const make_optional = [](auto& ctx) {
  auto& a = _attr(ctx);
  TypeP t = at_c<0>(a);
  if (at_c<1>(a)) t = new_type(state(ctx), where(ctx), ast::OptionalType{t});
  _val(ctx) = t;
};
auto const make_named = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::NamedType n{std::move(at_c<0>(a)), std::move(at_c<1>(a))};
  _val(ctx) = new_type(state(ctx), where(ctx), std::move(n));
};
auto const make_list_type = [](auto& ctx) {
  _val(ctx) = new_type(state(ctx), where(ctx), ast::ListType{_attr(ctx)});
};
auto const make_map_type = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = new_type(state(ctx), where(ctx), ast::MapType{at_c<0>(a), at_c<1>(a)});
};
auto const make_map_key = [](auto& ctx) {
  ast::Name n = _attr(ctx);
  _val(ctx) = new_type(state(ctx), n.range, ast::NamedType{{n}, {}});
};
auto const make_record_type = [](auto& ctx) {
  _val(ctx) = new_type(state(ctx), where(ctx), ast::RecordType{_attr(ctx)});
};
auto const make_union = [](auto& ctx) {
  _val(ctx) = new_type(state(ctx), where(ctx), ast::UnionType{std::move(_attr(ctx))});
};
template <ast::ConstraintKind Kind>
struct make_bounds_constraint {
  template <typename Ctx>
  void operator()(Ctx& ctx) const {
    _val(ctx) = ast::Constraint{Kind, _attr(ctx), {}, where(ctx)};
  }
};
auto const make_regex_constraint = [](auto& ctx) {
  _val(ctx) = ast::Constraint{ast::ConstraintKind::Matches, nullptr, std::move(_attr(ctx)), where(ctx)};
};

auto const make_param = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& def = at_c<2>(a);
  _val(ctx) = ast::Param{at_c<0>(a), at_c<1>(a), def ? *def : nullptr};
};
auto const make_fn = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = ast::FnDecl{at_c<0>(a), std::move(at_c<1>(a)), at_c<2>(a), at_c<3>(a)};
};
template <typename Node>
MemberP member_node(ParseState& st, base::Range r, Node&& n) {
  return st.make<ast::SchemaMember>(ast::SchemaMember{r, {}, ast::SchemaMemberNode(std::forward<Node>(n))});
}
auto const make_field = [](auto& ctx) {
  auto& a = _attr(ctx);
  auto& def = at_c<2>(a);
  _val(ctx) = member_node(state(ctx), where(ctx), ast::FieldDecl{at_c<0>(a), at_c<1>(a), def ? *def : nullptr});
};
auto const make_check_member = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = member_node(state(ctx), where(ctx), ast::CheckDecl{{}, {}, at_c<0>(a), at_c<1>(a)});
};
auto const make_fn_member = [](auto& ctx) { _val(ctx) = member_node(state(ctx), where(ctx), std::move(_attr(ctx))); };

auto const type_r_def = depth_guard[(type_core >> *constraint)[make_type]];
auto const type_core_def = mark[union_type[set_val] | (primary_type >> x3::matches[lit('?')])[make_optional]];
auto const primary_type_def = list_type | map_type | record_type | named_type;
auto const named_type_def = mark[(qualified_name_r >> type_args)[make_named]];
auto const type_args_def = -(lit('<') > type_list > lit('>'));
auto const type_list_def = type_r % ',';
auto const list_type_def = mark[(lit('[') > type_r > lit(']'))[make_list_type]];
auto const map_key_def = (&(kw("string") | kw("int")) >> name)[make_map_key];
auto const map_type_def =
    mark[((lit('{') >> map_key >> lit(':')) > type_r > lit('}'))[make_map_type]];
auto const record_type_def = mark[(lit('{') > members > lit('}'))[make_record_type]];
auto const union_type_def = mark[(string_lit % '|')[make_union]];
auto const constraint_def = mark[(kw("in") > or_expr())[make_bounds_constraint<ast::ConstraintKind::In>{}]  //
                            | (kw("matches") > regex)[make_regex_constraint]                            //
                            | (keyword_parser{"len", true} > or_expr())[make_bounds_constraint<ast::ConstraintKind::Len>{}]];

auto const members_def = (*(member_r | member_recover))[make_members];
auto const member_r_def = (field_decl | check_member | fn_member)[set_val] >> -(lit(',') | lit(';'));
auto const field_decl_def = mark[(((name >> lit(':')) > type_r) >> -(assign > expr()))[make_field]];
auto const check_member_def = mark[(kw("check") > or_expr() > lit(':') > expr())[make_check_member]];
auto const fn_member_def = mark[fn_decl_r[make_fn_member]];
auto const fn_decl_r_def =
    (kw("fn") > name > lit('(') > params_r > lit(')') > lit("->") > type_r > assign > expr())[make_fn];
auto const params_r_def = -((param % ',') >> -lit(','));
auto const param_def = ((name > lit(':') > type_r) >> -(assign > expr()))[make_param];
auto const qualified_name_r_def = name % '.';

BOOST_SPIRIT_DEFINE(type_core, primary_type, named_type, type_args, type_list, list_type, map_type, map_key, record_type, union_type,
                    constraint, param, field_decl, check_member, fn_member, members)

}  // namespace

BOOST_SPIRIT_DEFINE(type_r, member_r, fn_decl_r, params_r, qualified_name_r)

BOOST_SPIRIT_INSTANTIATE(type_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(member_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(fn_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(params_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(qualified_name_type, iterator_type, context_type)

type_type const& type() { return type_r; }
member_type const& member() { return member_r; }
fn_decl_type const& fn_decl() { return fn_decl_r; }
params_type const& params() { return params_r; }
qualified_name_type const& qualified_name() { return qualified_name_r; }

}  // namespace strata::syntax::grammar
