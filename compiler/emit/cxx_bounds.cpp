// Constant bounds of `in` and `len` constraints, folded without the evaluator:
// literals, `-x`, `+ - * /`, `lo..hi` and `let`s of those.
#include <variant>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

namespace {

struct Num {
  std::int64_t v = 0;
  bool unit = false;  // a count of the smallest unit, not a plain number
};

constexpr int kMaxLetDepth = 32;

const ast::Expr* let_value(const ast::Ident& id, const sema::Module*& m) {
  const sema::Entity* e = sema::find_entity(*m, id.name);
  if (!e || e->kind != sema::EntityKind::Let || !e->decl) return nullptr;
  m = e->module;
  return std::get<ast::LetDecl>(e->decl->node).value;
}

std::optional<Num> to_unit(Num n, std::optional<base::UnitKind> unit) {
  if (n.unit || !unit) return n;
  auto q = base::quantity_from_int(n.v, *unit);
  if (const auto* v = std::get_if<base::Quantity>(&q)) return Num{v->value, true};
  return std::nullopt;
}

std::optional<Num> fold(const ast::Expr* e, const sema::Module* m, std::optional<base::UnitKind> unit, int depth) {
  if (!e || !m || depth > kMaxLetDepth) return std::nullopt;
  auto quantity = [](const std::variant<base::Quantity, base::UnitError>& q) -> std::optional<Num> {
    if (const auto* v = std::get_if<base::Quantity>(&q)) return Num{v->value, true};
    return std::nullopt;
  };
  if (const auto* i = std::get_if<ast::IntLit>(&e->node)) return Num{i->value, false};
  if (const auto* u = std::get_if<ast::UnitLit>(&e->node))
    return unit ? quantity(base::parse_quantity(u->text, *unit)) : std::nullopt;
  if (const auto* f = std::get_if<ast::FloatLit>(&e->node))
    return unit ? quantity(base::quantity_from_float(f->value, *unit)) : std::nullopt;
  if (const auto* id = std::get_if<ast::Ident>(&e->node)) {
    const ast::Expr* v = let_value(*id, m);
    return v ? fold(v, m, unit, depth + 1) : std::nullopt;
  }
  if (const auto* u = std::get_if<ast::Unary>(&e->node)) {
    if (u->op != ast::UnaryOp::Neg) return std::nullopt;
    auto x = fold(u->operand, m, unit, depth);
    if (!x || x->v == INT64_MIN) return std::nullopt;
    return Num{-x->v, x->unit};
  }
  const auto* b = std::get_if<ast::Binary>(&e->node);
  if (!b) return std::nullopt;
  auto l = fold(b->lhs, m, unit, depth), r = fold(b->rhs, m, unit, depth);
  if (!l || !r) return std::nullopt;
  std::optional<std::int64_t> v;
  switch (b->op) {
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
      l = to_unit(*l, unit);
      r = to_unit(*r, unit);
      if (!l || !r || l->unit != r->unit) return std::nullopt;
      v = b->op == ast::BinaryOp::Add ? base::checked_add(l->v, r->v) : base::checked_sub(l->v, r->v);
      return v ? std::optional<Num>(Num{*v, l->unit}) : std::nullopt;
    case ast::BinaryOp::Mul:
      if (l->unit && r->unit) return std::nullopt;
      v = base::checked_mul(l->v, r->v);
      return v ? std::optional<Num>(Num{*v, l->unit || r->unit}) : std::nullopt;
    case ast::BinaryOp::Div:
      if (r->unit || r->v == 0 || (l->v == INT64_MIN && r->v == -1)) return std::nullopt;
      return Num{l->v / r->v, l->unit};
    default: return std::nullopt;
  }
}

}  // namespace

Folded fold_bounds(const ast::Expr* e, const sema::Module* m, std::optional<base::UnitKind> unit) {
  for (int depth = 0; e && m && depth <= kMaxLetDepth; ++depth) {
    if (const auto* id = std::get_if<ast::Ident>(&e->node)) {
      e = let_value(*id, m);
      continue;
    }
    const auto* b = std::get_if<ast::Binary>(&e->node);
    if (!b || b->op != ast::BinaryOp::Range) {
      // Literals that are not ranges: the evaluator ignores such bounds.
      bool literal = std::holds_alternative<ast::IntLit>(e->node) || std::holds_alternative<ast::FloatLit>(e->node) ||
                     std::holds_alternative<ast::UnitLit>(e->node) || std::holds_alternative<ast::BoolLit>(e->node) ||
                     std::holds_alternative<ast::StringLit>(e->node) || std::holds_alternative<ast::NullLit>(e->node) ||
                     std::holds_alternative<ast::ListLit>(e->node) || std::holds_alternative<ast::RecordLit>(e->node);
      return Folded{literal ? Folded::Kind::NotRange : Folded::Kind::Unknown, 0, 0};
    }
    auto lo = fold(b->lhs, m, unit, 0), hi = fold(b->rhs, m, unit, 0);
    if (lo) lo = to_unit(*lo, unit);
    if (hi) hi = to_unit(*hi, unit);
    if (!lo || !hi) return Folded{};
    return Folded{Folded::Kind::Range, lo->v, hi->v};
  }
  return Folded{};
}

}  // namespace strata::emit::cxx
