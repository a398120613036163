// The C++ types of the header's model: Strata types to C++ types, constraint
// bounds and the checks of the loader.
#include <fmt/format.h>

#include <algorithm>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

using sema::TypeInfo;
using sema::TypeKind;

Model::Model(const CxxHeaderRequest& r, const base::Interner& n, base::DiagSink& s) : req(r), names(n), sink(s) {}

base::Diagnostic& Model::report(base::DiagKind kind, base::Location at, std::string message) {
  ok = false;
  if (at.file == base::kNoFile) at = req.where;
  base::Diagnostic& d = sink.report(kind, at, std::move(message));
  if (req.where.file != base::kNoFile && (at.file != req.where.file || at.range.begin != req.where.range.begin))
    d.notes.push_back({req.where, "in the C++ header written here"});
  return d;
}

base::Location Model::where(const sema::FieldInfo& f) const {
  return {f.module ? f.module->file : base::kNoFile, f.range};
}

std::optional<std::pair<std::int64_t, std::int64_t>> Model::bounds(const sema::ConstraintInfo& c,
                                                                   std::optional<base::UnitKind> unit) {
  auto key = std::make_pair(c.node, unit ? static_cast<int>(*unit) : -1);
  if (auto it = bounds_.find(key); it != bounds_.end()) return it->second;
  std::optional<std::pair<std::int64_t, std::int64_t>> out;
  Folded f = fold_bounds(c.node->bounds, c.module, unit);
  if (f.kind == Folded::Kind::Range) {
    out = std::make_pair(f.lo, f.hi);
  } else if (f.kind == Folded::Kind::Unknown) {
    if (req.bounds) {
      out = req.bounds(c, unit);
    } else if (bad_bounds_.insert(key).second) {
      report(base::DiagKind::CxxBoundsNotConstant, {c.module ? c.module->file : base::kNoFile, c.node->range},
             "the C++ header needs the bounds of this constraint, and they are not written as a literal range "
             "(such as `1..65535`, or a `let` of one)");
    }
  }
  bounds_[key] = out;
  return out;
}

namespace {

// The constraints of t, then those of the optional around it.
std::vector<const sema::ConstraintInfo*> constraints_of(const TypeInfo* t, const TypeInfo* outer) {
  std::vector<const sema::ConstraintInfo*> out;
  for (const TypeInfo* x : {t, outer})
    if (x)
      for (const sema::ConstraintInfo& c : x->constraints) out.push_back(&c);
  return out;
}

std::string bound_text(std::int64_t v, const TypeInfo* t) {
  if (t->kind == TypeKind::Unit) return base::format_quantity({t->unit, v});
  return std::to_string(v);
}

}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> Model::int_bounds(const TypeInfo* t, const TypeInfo* outer) {
  std::optional<std::pair<std::int64_t, std::int64_t>> out;
  for (const sema::ConstraintInfo* c : constraints_of(t, outer)) {
    if (c->node->kind != ast::ConstraintKind::In) continue;
    auto b = bounds(*c, std::nullopt);
    if (!b) continue;
    if (!out) out = b;
    out->first = std::max(out->first, b->first);
    out->second = std::min(out->second, b->second);
  }
  return out;
}

std::vector<Check> Model::checks(const TypeInfo* t, const TypeInfo* outer) {
  std::vector<Check> out;
  const bool number = t->kind == TypeKind::Int || t->kind == TypeKind::Float || t->kind == TypeKind::Unit;
  const bool text = t->kind == TypeKind::String;
  for (const sema::ConstraintInfo* c : constraints_of(t, outer)) {
    Check k;
    k.info = c;
    switch (c->node->kind) {
      case ast::ConstraintKind::In: {
        if (!number) continue;
        auto b = bounds(*c, t->kind == TypeKind::Unit ? std::optional<base::UnitKind>(t->unit) : std::nullopt);
        if (!b) continue;
        k.lo = b->first;
        k.hi = b->second;
        k.text = fmt::format("in {}..{}", bound_text(k.lo, t), bound_text(k.hi, t));
        break;
      }
      case ast::ConstraintKind::Len: {
        if (!text) continue;
        auto b = bounds(*c, std::nullopt);
        if (!b) continue;
        k.lo = b->first;
        k.hi = b->second;
        k.text = fmt::format("length in {}..{}", k.lo, k.hi);
        break;
      }
      case ast::ConstraintKind::Matches:
        if (!text || !c->regex) continue;
        k.regex = std_regex_pattern(c->node->regex);
        k.text = fmt::format("matches /{}/", c->node->regex);
        break;
    }
    out.push_back(std::move(k));
  }
  return out;
}

std::string Model::spell(const TypeInfo* t) {
  switch (t->kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::Float: return "double";
    case TypeKind::String: return "std::string_view";
    case TypeKind::Secret: return "SecretRef";
    case TypeKind::Int: {
      auto b = int_bounds(t);
      if (!b || b->first > b->second) return "std::int64_t";
      auto [lo, hi] = *b;
      if (lo >= 0) {
        if (hi <= 0xff) return "std::uint8_t";
        if (hi <= 0xffff) return "std::uint16_t";
        if (hi <= 0xffffffffLL) return "std::uint32_t";
        return "std::uint64_t";
      }
      if (lo >= INT8_MIN && hi <= INT8_MAX) return "std::int8_t";
      if (lo >= INT16_MIN && hi <= INT16_MAX) return "std::int16_t";
      if (lo >= INT32_MIN && hi <= INT32_MAX) return "std::int32_t";
      return "std::int64_t";
    }
    case TypeKind::Unit:
      switch (t->unit) {
        case base::UnitKind::Memory: return "std::uint64_t";
        case base::UnitKind::Duration: return "std::chrono::milliseconds";
        default: return "std::int64_t";
      }
    case TypeKind::List: return "Span<" + spell(t->elem) + ">";
    case TypeKind::Map: return "Map<" + spell(t->value) + ">";
    case TypeKind::Optional: {
      // The `in` bounds of an optional int are those of the int and of the optional.
      if (t->elem->kind == TypeKind::Int && !t->constraints.empty()) {
        TypeInfo inner = *t->elem;
        for (const sema::ConstraintInfo& c : t->constraints) inner.constraints.push_back(c);
        return "std::optional<" + spell(&inner) + ">";
      }
      return "std::optional<" + spell(t->elem) + ">";
    }
    case TypeKind::Range: return "Range<" + spell(t->elem) + ">";
    case TypeKind::Enum: return by_enum.at(t->enum_)->name;
    case TypeKind::Union: return by_union.at(t)->name;
    case TypeKind::Schema: return by_schema.at(t->schema)->qualified;
    default: return "void";
  }
}

}  // namespace strata::emit::cxx
