#include "sema/types.hpp"

#include <fmt/format.h>

namespace strata::sema {

const FieldInfo* SchemaInfo::field(base::Symbol name) const {
  for (const FieldInfo& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const ast::FnDecl* SchemaInfo::fn(base::Symbol name, const Module** module) const {
  for (const SchemaInfo* s = this; s; s = s->base)
    for (const auto& [f, m] : s->fns)
      if (f->name.sym == name) {
        if (module) *module = m;
        return f;
      }
  return nullptr;
}

bool SchemaInfo::is_a(const SchemaInfo* other) const {
  for (const SchemaInfo* s = this; s; s = s->base)
    if (s == other) return true;
  return false;
}

int EnumInfo::index_of(base::Symbol s) const {
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (cases[i] == s) return static_cast<int>(i);
  return -1;
}

const Entity* find_entity(const Module& m, base::Symbol name) {
  auto it = m.names.find(name.id);
  if (it != m.names.end()) return &it->second;
  for (const Import& imp : m.imports) {
    if (!imp.target || std::get<ast::ImportDecl>(imp.decl->node).alias.sym.valid()) continue;
    auto jt = imp.target->names.find(name.id);
    if (jt != imp.target->names.end() && jt->second.kind != EntityKind::ModuleAlias) return &jt->second;
  }
  return nullptr;
}

const Entity* find_entity(const Module& m, const std::vector<ast::Name>& path) {
  if (path.empty()) return nullptr;
  const Entity* e = find_entity(m, path[0].sym);
  for (std::size_t i = 1; i < path.size() && e; ++i) {
    if (e->kind != EntityKind::ModuleAlias || !e->module) return nullptr;
    auto it = e->module->names.find(path[i].sym.id);
    e = it == e->module->names.end() ? nullptr : &it->second;
  }
  return e;
}

TypeTable::TypeTable(const base::Interner& names, base::DiagSink& sink) : names_(names), sink_(sink) {}

TypeInfo* TypeTable::make(TypeInfo t) {
  types_.push_back(std::move(t));
  return &types_.back();
}

const TypeInfo* TypeTable::make_builtin(TypeKind k) {
  static const char* kNames[] = {"any", "bool", "int", "float", "string", "unit", "secret", "scalar",
                                 "list", "map", "optional", "union", "range", "enum", "schema"};
  TypeInfo t;
  t.kind = k;
  t.name = kNames[static_cast<int>(k)];
  const TypeInfo* p = make(std::move(t));
  by_kind_[static_cast<std::size_t>(k)] = p;
  return p;
}

const TypeInfo* TypeTable::unit(base::UnitKind u) {
  int key = 100 + static_cast<int>(u);
  auto it = builtins_.find(key);
  if (it != builtins_.end()) return it->second;
  TypeInfo t;
  t.kind = TypeKind::Unit;
  t.unit = u;
  t.name = std::string(base::unit_kind_name(u));
  const TypeInfo* p = make(std::move(t));
  builtins_[key] = p;
  return p;
}

const TypeInfo* TypeTable::list_of(const TypeInfo* elem) {
  TypeInfo t;
  t.kind = TypeKind::List;
  t.elem = elem;
  t.name = "[" + elem->name + "]";
  return make(std::move(t));
}

const TypeInfo* TypeTable::range_of(const TypeInfo* elem) {
  TypeInfo t;
  t.kind = TypeKind::Range;
  t.elem = elem;
  t.name = "range<" + elem->name + ">";
  return make(std::move(t));
}

const SchemaInfo* TypeTable::schema(const Entity& e) {
  const TypeInfo* t = type_of(e);
  return t && t->kind == TypeKind::Schema ? t->schema : nullptr;
}

const EnumInfo* TypeTable::enumeration(const Entity& e) {
  const TypeInfo* t = type_of(e);
  return t && t->kind == TypeKind::Enum ? t->enum_ : nullptr;
}

void TypeTable::fill_members(SchemaInfo& s, const std::vector<ast::SchemaMember*>& members, const Module& m) {
  for (const ast::SchemaMember* mem : members) {
    if (const auto* f = std::get_if<ast::FieldDecl>(&mem->node)) {
      FieldInfo fi{f->name.sym, resolve(*f->type, m), f->default_value, &m, f->name.range, mem->doc};
      if (const FieldInfo* old = s.field(f->name.sym)) {
        // A redefinition in an extending schema replaces the inherited field.
        *const_cast<FieldInfo*>(old) = fi;
      } else {
        s.fields.push_back(fi);
      }
    } else if (const auto* c = std::get_if<ast::CheckDecl>(&mem->node)) {
      s.checks.emplace_back(c, &m);
    } else if (const auto* fn = std::get_if<ast::FnDecl>(&mem->node)) {
      s.fns.emplace_back(fn, &m);
    }
  }
}

SchemaInfo* TypeTable::anonymous_record(const ast::RecordType& r, const Module& m) {
  schemas_.emplace_back();
  SchemaInfo& s = schemas_.back();
  s.name = "{...}";
  s.module = &m;
  fill_members(s, r.members, m);
  return &s;
}

const TypeInfo* TypeTable::type_of(const Entity& e) {
  if (!e.decl) return nullptr;
  if (auto it = by_decl_.find(e.decl); it != by_decl_.end()) return it->second;
  const Module& m = *e.module;
  if (e.kind == EntityKind::Enum) {
    const auto& d = std::get<ast::EnumDecl>(e.decl->node);
    enums_.emplace_back();
    EnumInfo& info = enums_.back();
    info.name = std::string(names_.str(d.name.sym));
    info.module = &m;
    info.doc = e.decl->doc;
    for (const ast::EnumCase& c : d.cases) {
      info.cases.push_back(c.name.sym);
      info.docs.push_back(c.doc);
    }
    TypeInfo t;
    t.kind = TypeKind::Enum;
    t.enum_ = &info;
    t.name = info.name;
    return by_decl_[e.decl] = make(std::move(t));
  }
  if (e.kind != EntityKind::Schema && e.kind != EntityKind::Type) return nullptr;
  if (resolving_.count(e.decl)) {
    sink_.report(base::DiagKind::RecursiveType, {m.file, e.name_range},
                 "this type is defined in terms of itself");
    return by_decl_[e.decl] = builtin(TypeKind::Any);
  }
  resolving_[e.decl] = 1;
  const TypeInfo* result = nullptr;
  if (e.kind == EntityKind::Type) {
    const auto& d = std::get<ast::TypeDecl>(e.decl->node);
    TypeInfo t = *resolve(*d.type, m);
    t.name = std::string(names_.str(d.name.sym));
    result = make(std::move(t));
  } else {
    const auto& d = std::get<ast::SchemaDecl>(e.decl->node);
    schemas_.emplace_back();
    SchemaInfo& s = schemas_.back();
    s.name = std::string(names_.str(d.name.sym));
    s.module = &m;
    s.decl = &d;
    s.doc = e.decl->doc;
    TypeInfo t;
    t.kind = TypeKind::Schema;
    t.schema = &s;
    t.name = s.name;
    result = make(std::move(t));
    by_decl_[e.decl] = result;  // fields may refer to this schema (through lists or optionals)
    if (!d.extends.empty()) {
      const Entity* be = find_entity(m, d.extends);
      const TypeInfo* bt = be ? type_of(*be) : nullptr;
      if (bt && bt->kind == TypeKind::Schema) {
        s.base = bt->schema;
        s.fields = bt->schema->fields;
        s.checks = bt->schema->checks;
      } else if (be) {
        sink_.report(base::DiagKind::NotASchema, {m.file, d.extends.back().range},
                     fmt::format("a schema can only extend a schema, and `{}` is not one",
                                 names_.str(d.extends.back().sym)));
      }
    }
    fill_members(s, d.members, m);
  }
  resolving_.erase(e.decl);
  return by_decl_[e.decl] = result;
}

const TypeInfo* TypeTable::named(const ast::NamedType& n, const ast::Type& t, const Module& m) {
  if (n.path.size() == 1) {
    std::string_view s = names_.str(n.path[0].sym);
    if (!find_entity(m, n.path[0].sym)) {
      if (s == "bool") return builtin(TypeKind::Bool);
      if (s == "int") return builtin(TypeKind::Int);
      if (s == "float") return builtin(TypeKind::Float);
      if (s == "string") return builtin(TypeKind::String);
      if (s == "secret") return builtin(TypeKind::Secret);
      if (s == "scalar") return builtin(TypeKind::Scalar);
      if (s == "any") return builtin(TypeKind::Any);
      if (s == "cpu") return unit(base::UnitKind::Cpu);
      if (s == "memory") return unit(base::UnitKind::Memory);
      if (s == "duration") return unit(base::UnitKind::Duration);
      if (s == "percent") return unit(base::UnitKind::Percent);
      if (s == "range") {
        const TypeInfo* elem = n.args.size() == 1 ? resolve(*n.args[0], m) : builtin(TypeKind::Int);
        if (n.args.size() != 1 || (elem->kind != TypeKind::Int && elem->kind != TypeKind::Unit)) {
          sink_.report(base::DiagKind::TypeMismatch, {m.file, t.range},
                       "a range is `range<int>` or a range of a unit, such as `range<cpu>`");
          return builtin(TypeKind::Any);
        }
        return range_of(elem);
      }
    }
  }
  const Entity* e = find_entity(m, n.path);
  if (!e) return builtin(TypeKind::Any);  // reported by name resolution
  const TypeInfo* ty = type_of(*e);
  if (!ty) {
    sink_.report(base::DiagKind::TypeMismatch, {m.file, t.range},
                 fmt::format("`{}` is not a type", names_.str(n.path.back().sym)));
    return builtin(TypeKind::Any);
  }
  return ty;
}

const TypeInfo* TypeTable::resolve(const ast::Type& t, const Module& m) {
  if (auto it = by_ast_.find(&t); it != by_ast_.end()) return it->second;
  const TypeInfo* base = std::visit(
      [&](const auto& n) -> const TypeInfo* {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ast::NamedType>) {
          return named(n, t, m);
        } else if constexpr (std::is_same_v<N, ast::ListType>) {
          return list_of(resolve(*n.element, m));
        } else if constexpr (std::is_same_v<N, ast::MapType>) {
          TypeInfo ti;
          ti.kind = TypeKind::Map;
          ti.key = resolve(*n.key, m);
          ti.value = resolve(*n.value, m);
          ti.name = "{" + ti.key->name + ": " + ti.value->name + "}";
          return make(std::move(ti));
        } else if constexpr (std::is_same_v<N, ast::OptionalType>) {
          TypeInfo ti;
          ti.kind = TypeKind::Optional;
          ti.elem = resolve(*n.inner, m);
          ti.name = ti.elem->name + "?";
          return make(std::move(ti));
        } else if constexpr (std::is_same_v<N, ast::UnionType>) {
          TypeInfo ti;
          ti.kind = TypeKind::Union;
          for (const ast::Expr* lit : n.literals) {
            const auto* s = std::get_if<ast::StringLit>(&lit->node);
            std::string text;
            bool plain = s != nullptr;
            if (s)
              for (const ast::StringPart& p : s->parts) {
                if (p.expr) plain = false;
                text += p.text;
              }
            if (!plain) {
              sink_.report(base::DiagKind::TypeMismatch, {m.file, lit->range},
                           "a literal union type lists plain strings, without `${}`");
              continue;
            }
            if (!ti.name.empty()) ti.name += " | ";
            ti.name += "\"" + text + "\"";
            ti.literals.push_back(std::move(text));
          }
          return make(std::move(ti));
        } else {
          TypeInfo ti;
          ti.kind = TypeKind::Schema;
          ti.schema = anonymous_record(n, m);
          ti.name = "{...}";
          return make(std::move(ti));
        }
      },
      t.node);
  if (t.constraints.empty()) return by_ast_[&t] = base;
  TypeInfo ti = *base;
  for (const ast::Constraint& c : t.constraints) {
    ConstraintInfo ci{&c, &m, nullptr};
    if (c.kind == ast::ConstraintKind::Matches) {
      auto compiled = base::Regex::compile(c.regex);
      if (auto* err = std::get_if<base::RegexError>(&compiled)) {
        sink_.report(base::DiagKind::InvalidRegex, {m.file, c.range},
                     fmt::format("invalid regular expression: {} (at byte {} of the pattern)", err->message,
                                 err->offset));
      } else {
        ci.regex = std::make_shared<const base::Regex>(std::move(std::get<base::Regex>(compiled)));
      }
    }
    ti.constraints.push_back(std::move(ci));
  }
  return by_ast_[&t] = make(std::move(ti));
}

}  // namespace strata::sema
