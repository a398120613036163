#include "emit/typed_objects.hpp"

#include <algorithm>

#include "base/units.hpp"

namespace strata::emit {

using sema::TypeKind;

LeafSet leaf_of(const eval::Value& v) {
  if (v.str()) return kLeafString;
  if (v.get<std::int64_t>()) return kLeafInt;
  if (v.get<bool>()) return kLeafBool;
  if (v.get<double>()) return kLeafFloat;
  if (const auto* q = v.get<base::Quantity>()) {
    switch (q->kind) {
      case base::UnitKind::Cpu: return kLeafCpu;
      case base::UnitKind::Memory: return kLeafMemory;
      case base::UnitKind::Duration: return kLeafDuration;
      case base::UnitKind::Percent: return kLeafPercent;
    }
    return kLeafOther;
  }
  if (v.get<eval::EnumV>()) return kLeafEnum;
  if (v.list() || v.map() || v.record() || v.is_null()) return 0;
  return kLeafOther;
}

bool is_std_k8s(const sema::SchemaInfo* s) {
  return s && s->module && s->module->is_std && s->module->display == "std/k8s.strata";
}

namespace {

// Constraints in a type, not looking into schemas (whose records are checked
// when they are built).
bool constrained(const sema::TypeInfo* t) {
  if (!t->constraints.empty()) return true;
  switch (t->kind) {
    case TypeKind::List:
    case TypeKind::Optional: return constrained(t->elem);
    case TypeKind::Map: return constrained(t->key) || constrained(t->value);
    default: return false;
  }
}

}  // namespace

const TypedObjects::SchemaFacts& TypedObjects::facts(const sema::SchemaInfo* s) {
  auto [it, fresh] = facts_.try_emplace(s);
  SchemaFacts& f = it->second;
  if (!fresh) return f;
  if (!is_std_k8s(s) || s->fields.size() > 64) return f;
  f.proven.assign(s->fields.size(), kAllLeaves & ~kLeafOther);  // never written: E0503
  for (std::size_t i = 0; i < s->fields.size(); ++i) {
    const sema::FieldInfo& fi = s->fields[i];
    if (fi.type->kind != TypeKind::Optional && fi.type->kind != TypeKind::Any) f.required |= std::uint64_t{1} << i;
    for (const PartlyProvenField& p : kPartlyProven) {
      if (p.schema != s->name) continue;
      if (p.field.empty()) return f;  // the whole schema is left to valijson
      if (p.field == names_.str(fi.name)) f.proven[i] &= p.proven;
    }
  }
  f.usable = true;
  return f;
}

bool TypedObjects::proven(const eval::Value& object, std::string_view api_version, std::string_view kind) {
  const eval::Record* r = object.record();
  if (!r || !is_std_k8s(r->schema) || r->schema->name != kind) return false;
  bool listed = std::any_of(std::begin(kProvenKinds), std::end(kProvenKinds),
                            [&](const ProvenKind& k) { return k.api_version == api_version && k.kind == kind; });
  return listed && record(*r);
}

bool TypedObjects::record(const eval::Record& r) {
  const sema::SchemaInfo* s = r.schema;
  const SchemaFacts& f = facts(s);
  if (!f.usable) return false;
  std::uint64_t seen = 0;
  std::size_t next = 0;
  for (const auto& [sym, v] : r.fields) {
    // Fields come in declaration order, except those a patch added.
    std::size_t i = next;
    if (i >= s->fields.size() || s->fields[i].name != sym) {
      i = 0;
      while (i < s->fields.size() && s->fields[i].name != sym) ++i;
      if (i == s->fields.size()) return false;
    }
    next = i + 1;
    if (v.is_null()) continue;
    const sema::TypeInfo* t = s->fields[i].type;
    if (t->kind == TypeKind::Any) return false;  // the escape hatch (`extra`), set: its content is unknown
    if (t->kind == TypeKind::Optional) t = t->elem;
    if (!value(v, t, f.proven[i])) return false;
    seen |= std::uint64_t{1} << i;
  }
  return (seen & f.required) == f.required;
}

bool TypedObjects::value(const eval::Value& v, const sema::TypeInfo* t, LeafSet allowed) {
  switch (t->kind) {
    case TypeKind::Bool: return v.get<bool>() && (allowed & kLeafBool);
    case TypeKind::Int: return v.get<std::int64_t>() && (allowed & kLeafInt);
    case TypeKind::Float: return v.get<double>() && (allowed & kLeafFloat);
    case TypeKind::String: return v.str() && (allowed & kLeafString);
    case TypeKind::Unit: {
      const auto* q = v.get<base::Quantity>();
      return q && q->kind == t->unit && (allowed & leaf_of(v));
    }
    case TypeKind::Union: {
      const std::string_view* s = v.str();
      return s && (allowed & kLeafString) && std::find(t->literals.begin(), t->literals.end(), *s) != t->literals.end();
    }
    case TypeKind::Enum: {
      const auto* e = v.get<eval::EnumV>();
      return e && e->type == t->enum_ && (allowed & kLeafEnum);
    }
    case TypeKind::Scalar: {
      LeafSet l = leaf_of(v);
      if (l == kLeafString && !(allowed & kLeafString) && (allowed & kLeafQuantityText))
        return base::is_quantity_text(*v.str());
      return l && (allowed & l) == l;
    }
    case TypeKind::List: {
      const eval::List* l = v.list();
      if (!l) return false;
      for (const eval::Value& item : l->items)
        if (!value(item, t->elem, allowed)) return false;
      return true;
    }
    case TypeKind::Map: {
      const eval::Map* m = v.map();
      // A path into a computed map (`x.labels.a = ...`) sets the entry
      // without its type (eval's set_path forces it as `any`): leaves are
      // checked here, constraints cannot be, and map keys are never checked.
      if (!m || t->key->kind != TypeKind::String || constrained(t)) return false;
      for (const auto& [k, item] : m->entries)
        if (!value(item, t->value, allowed)) return false;
      return true;
    }
    case TypeKind::Schema: {
      const eval::Record* r = v.record();
      // Exactly the field's schema: an extending schema may add fields or loosen them.
      return r && r->schema == t->schema && record(*r);
    }
    default: return false;  // any, an optional outside a field, secret, range: left to valijson
  }
}

}  // namespace strata::emit
