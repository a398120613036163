#include "sema/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "base/did_you_mean.hpp"
#include "sema/types.hpp"
#include "base/overloaded.hpp"

namespace strata::sema {

const std::vector<std::string_view>& builtin_types() {
  static const std::vector<std::string_view> v = {"bool", "int",     "float",  "string", "duration", "cpu",
                                                  "memory", "percent", "secret", "scalar", "any",      "range"};
  return v;
}

const std::vector<std::string_view>& builtin_functions() {
  static const std::vector<std::string_view> v = {
      "len",   "sum",   "min",     "max",     "keys",        "values",    "sort",      "unique",
      "flatten", "contains", "join", "split", "lower",       "upper",     "replace",   "starts_with",
      "ends_with", "to_string", "format", "secret", "is_secret", "at", "regex_test", "dotenv", "env_vars", "cxx"};
  return v;
}

namespace {

using base::overloaded;

EntityKind kind_of(const ast::DeclNode& n) {
  return std::visit(overloaded{[](const ast::ImportDecl&) { return EntityKind::ModuleAlias; },
                               [](const ast::LetDecl&) { return EntityKind::Let; },
                               [](const ast::TypeDecl&) { return EntityKind::Type; },
                               [](const ast::EnumDecl&) { return EntityKind::Enum; },
                               [](const ast::SchemaDecl&) { return EntityKind::Schema; },
                               [](const ast::FnDecl&) { return EntityKind::Fn; },
                               [](const ast::CheckDecl&) { return EntityKind::Check; },
                               [](const ast::EnvDecl&) { return EntityKind::Env; },
                               [](const ast::OutputDecl&) { return EntityKind::Let; }},
                    n);
}

// The name a declaration defines, if any.
const ast::Name* declared_name(const ast::Decl& d) {
  return std::visit(overloaded{[](const ast::ImportDecl& i) -> const ast::Name* {
                                 return i.alias.sym.valid() ? &i.alias : nullptr;
                               },
                               [](const ast::OutputDecl&) -> const ast::Name* { return nullptr; },
                               [](const ast::CheckDecl& c) -> const ast::Name* {
                                 return c.name.sym.valid() ? &c.name : nullptr;
                               },
                               [](const auto& x) -> const ast::Name* { return &x.name; }},
                    d.node);
}

void collect_names(Module& m, const base::Interner& names, base::DiagSink& sink) {
  for (const ast::Decl* d : m.ast.decls) {
    const ast::Name* n = declared_name(*d);
    if (!n) continue;
    Entity e{kind_of(d->node), d, &m, n->range};
    if (e.kind == EntityKind::ModuleAlias) {
      e.module = nullptr;
      for (const Import& i : m.imports)
        if (i.decl == d) e.module = i.target;
    }
    auto [it, fresh] = m.names.emplace(n->sym.id, e);
    if (!fresh) {
      sink.report(base::DiagKind::DuplicateDefinition, {m.file, n->range},
                  fmt::format("`{}` is defined twice in this module", names.str(n->sym)))
          .notes.push_back({{m.file, it->second.name_range}, "first defined here"});
    }
  }
}

class Resolver {
 public:
  Resolver(Module& m, const base::Interner& names, base::DiagSink& sink) : m_(m), names_(names), sink_(sink) {}

  void run() {
    for (const ast::Decl* d : m_.ast.decls) decl(*d);
  }

 private:
  // ------------------------------------------------------------ lookup

  struct Found {
    bool ok = false;
    const Entity* entity = nullptr;  // null for locals, self fields and builtins
  };

  const Entity* find_in_module(const Module& mod, base::Symbol s) const {
    auto it = mod.names.find(s.id);
    return it == mod.names.end() ? nullptr : &it->second;
  }

  // Looks s up at r; reports E0203 or E0207. what: "name" or "type".
  Found lookup(base::Symbol s, base::Range r, bool type_position) {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
      if (*it == s) return {true, nullptr};
    if (self_any_ || (self_fields_ && self_fields_->count(s.id))) return {true, nullptr};
    if (const Entity* e = find_in_module(m_, s)) return {true, e};
    const Entity* found = nullptr;
    const Module* found_in = nullptr;
    for (const Import& imp : m_.imports) {
      if (!imp.target || std::get<ast::ImportDecl>(imp.decl->node).alias.sym.valid()) continue;
      const Entity* e = find_in_module(*imp.target, s);
      if (!e || e->kind == EntityKind::ModuleAlias) continue;
      if (found && found_in != imp.target) {
        sink_.report(base::DiagKind::AmbiguousName, {m_.file, r},
                     fmt::format("`{}` is defined by two imported modules, `{}` and `{}`", names_.str(s),
                                 found_in->display, imp.target->display))
            .notes.push_back({{}, "import one of them with `as NAME` and write `NAME." + std::string(names_.str(s)) +
                                      "`"});
        return {true, found};
      }
      found = e;
      found_in = imp.target;
    }
    if (found) return {true, found};
    std::string_view text = names_.str(s);
    const auto& builtins = type_position ? builtin_types() : builtin_functions();
    if (std::find(builtins.begin(), builtins.end(), text) != builtins.end()) return {true, nullptr};
    if (failed_import_) return {true, nullptr};  // it may come from the module that did not load
    sink_.report(base::DiagKind::UnknownName, {m_.file, r},
                 fmt::format("unknown {} `{}`{}", type_position ? "type" : "name", text,
                             base::did_you_mean(text, candidates(type_position))));
    return {};
  }

  static bool names_a_type(EntityKind k) {
    return k == EntityKind::Type || k == EntityKind::Enum || k == EntityKind::Schema || k == EntityKind::ModuleAlias;
  }

  std::vector<std::string_view> candidates(bool type_position) const {
    std::vector<std::string_view> out;
    if (!type_position) {
      for (base::Symbol s : locals_) out.push_back(names_.str(s));
      if (self_fields_)
        for (std::uint32_t id : *self_fields_) out.push_back(names_.str(base::Symbol{id}));
    }
    auto add = [&](const Module& mod, bool own) {
      for (const auto& [id, e] : mod.names)
        if ((!type_position || names_a_type(e.kind)) && (own || e.kind != EntityKind::ModuleAlias))
          out.push_back(names_.str(base::Symbol{id}));
    };
    add(m_, true);
    for (const Import& imp : m_.imports)
      if (imp.target && !std::get<ast::ImportDecl>(imp.decl->node).alias.sym.valid()) add(*imp.target, false);
    const auto& builtins = type_position ? builtin_types() : builtin_functions();
    out.insert(out.end(), builtins.begin(), builtins.end());
    return out;
  }

  // `alias.member`: the member must exist in the aliased module.
  // `alias.member`: a module's own declarations are its members, not the
  // modules it imports.
  void module_member(const Entity& alias, const ast::Name& member) {
    if (!alias.module) return;  // the import failed and was reported
    const Entity* e = find_in_module(*alias.module, member.sym);
    if (e && e->kind != EntityKind::ModuleAlias) return;
    std::vector<std::string_view> cands;
    for (const auto& [id, ent] : alias.module->names)
      if (ent.kind != EntityKind::ModuleAlias) cands.push_back(names_.str(base::Symbol{id}));
    sink_.report(base::DiagKind::UnknownModuleMember, {m_.file, member.range},
                 fmt::format("module `{}` has no `{}`{}", alias.module->display, names_.str(member.sym),
                             base::did_you_mean(names_.str(member.sym), cands)));
  }

  // ------------------------------------------------------------ schemas

  // The entity a qualified name (`Env`, `p.Environment`) refers to, reporting
  // unknown names; null when it cannot be known.
  const Entity* qualified(const std::vector<ast::Name>& path, bool type_position) {
    if (path.empty()) return nullptr;
    Found f = lookup(path[0].sym, path[0].range, type_position);
    const Entity* e = f.entity;
    for (std::size_t i = 1; i < path.size() && e; ++i) {
      if (e->kind != EntityKind::ModuleAlias) return nullptr;
      if (!e->module) return nullptr;
      const Entity* next = find_in_module(*e->module, path[i].sym);
      if (!next || next->kind == EntityKind::ModuleAlias) {
        module_member(*e, path[i]);
        return nullptr;
      }
      e = next;
    }
    return e;
  }

  // Adds the fields of a schema and of the schemas it extends; false when some
  // schema in the chain is unknown (then any name may be a field).
  static bool schema_fields(const Entity* e, std::unordered_set<std::uint32_t>& out, int depth = 0) {
    if (!e || e->kind != EntityKind::Schema || depth > 32) return false;
    const auto& s = std::get<ast::SchemaDecl>(e->decl->node);
    for (const ast::SchemaMember* m : s.members)
      if (const auto* f = std::get_if<ast::FieldDecl>(&m->node)) out.insert(f->name.sym.id);
    if (s.extends.empty()) return true;
    // The base schema is named in the declaring module.
    const Entity* base = find_entity(*e->module, s.extends);
    return schema_fields(base, out, depth + 1);
  }

  // The schema entity of an env, following `amends` to the root env.
  const Entity* env_schema(const ast::EnvDecl& env) {
    const ast::EnvDecl* cur = &env;
    for (int guard = 0; guard < 64; ++guard) {
      if (!cur->schema.empty()) return find_entity(m_, cur->schema);
      const Entity* parent = find_in_module(m_, cur->parent.sym);
      if (!parent || parent->kind != EntityKind::Env) return nullptr;
      cur = &std::get<ast::EnvDecl>(parent->decl->node);
    }
    return nullptr;
  }

  // ------------------------------------------------------------ walking

  struct Scope {
    Resolver& r;
    std::size_t mark;
    explicit Scope(Resolver& res) : r(res), mark(res.locals_.size()) {}
    ~Scope() { r.locals_.resize(mark); }
  };
  void bind(const ast::Name& n) {
    if (n.sym.valid() && names_.str(n.sym) != "_") locals_.push_back(n.sym);
  }

  struct Self {
    Resolver& r;
    const std::unordered_set<std::uint32_t>* saved_fields;
    bool saved_any;
    Self(Resolver& res, const std::unordered_set<std::uint32_t>* fields, bool any)
        : r(res), saved_fields(res.self_fields_), saved_any(res.self_any_) {
      r.self_fields_ = fields;
      r.self_any_ = any;
    }
    ~Self() {
      r.self_fields_ = saved_fields;
      r.self_any_ = saved_any;
    }
  };

  void decl(const ast::Decl& d) {
    std::visit(overloaded{
                   [&](const ast::ImportDecl&) {},
                   [&](const ast::LetDecl& l) {
                     if (l.type) type(*l.type);
                     expr(l.value);
                   },
                   [&](const ast::TypeDecl& t) { type(*t.type); },
                   [&](const ast::EnumDecl&) {},
                   [&](const ast::SchemaDecl& s) {
                     // extending something that is not a schema is reported by the type table
                     if (!s.extends.empty()) qualified(s.extends, true);
                     std::unordered_set<std::uint32_t> fields;
                     bool known = schema_fields(find_in_module(m_, s.name.sym), fields);
                     Self self(*this, &fields, !known);
                     members(s.members);
                   },
                   [&](const ast::FnDecl& f) { fn(f); },
                   [&](const ast::CheckDecl& c) { check(c); },
                   [&](const ast::EnvDecl& e) {
                     if (!e.schema.empty()) qualified(e.schema, true);
                     if (e.parent.sym.valid()) {
                       const Entity* p = find_in_module(m_, e.parent.sym);
                       if (!p) lookup(e.parent.sym, e.parent.range, false);
                     }
                     std::unordered_set<std::uint32_t> fields;
                     bool known = schema_fields(env_schema(e), fields);
                     Self self(*this, &fields, !known);
                     entries(e.body);
                   },
                   [&](const ast::OutputDecl& o) { entries(o.entries); },
               },
               d.node);
  }

  void members(const std::vector<ast::SchemaMember*>& ms) {
    for (const ast::SchemaMember* m : ms) {
      std::visit(overloaded{[&](const ast::FieldDecl& f) {
                              type(*f.type);
                              expr(f.default_value);
                            },
                            [&](const ast::CheckDecl& c) { check(c); }, [&](const ast::FnDecl& f) { fn(f); }},
                 m->node);
    }
  }

  void params(const std::vector<ast::Param>& ps) {
    for (const ast::Param& p : ps) {
      type(*p.type);
      expr(p.default_value);
    }
    for (const ast::Param& p : ps) bind(p.name);
  }

  void fn(const ast::FnDecl& f) {
    Scope scope(*this);
    params(f.params);
    type(*f.result);
    expr(f.body);
  }

  void check(const ast::CheckDecl& c) {
    Scope scope(*this);
    params(c.params);
    expr(c.cond);
    expr(c.message);
  }

  void type(const ast::Type& t) {
    std::visit(overloaded{
                   [&](const ast::NamedType& n) {
                     qualified(n.path, true);
                     for (const ast::Type* a : n.args) type(*a);
                   },
                   [&](const ast::ListType& l) { type(*l.element); },
                   [&](const ast::MapType& m) {
                     type(*m.key);
                     type(*m.value);
                   },
                   [&](const ast::OptionalType& o) { type(*o.inner); },
                   [&](const ast::UnionType&) {},
                   [&](const ast::RecordType& r) {
                     // Its defaults and checks see its own fields, as a schema's do.
                     std::unordered_set<std::uint32_t> fields;
                     for (const ast::SchemaMember* m : r.members)
                       if (const auto* f = std::get_if<ast::FieldDecl>(&m->node)) fields.insert(f->name.sym.id);
                     Self self(*this, &fields, false);
                     members(r.members);
                   },
               },
               t.node);
    for (const ast::Constraint& c : t.constraints) expr(c.bounds);
  }

  void clause(const ast::ForClause& c) {
    expr(c.iterable);
    bind(c.key);
    bind(c.value);
    expr(c.filter);
  }

  void entries(const std::vector<ast::Entry*>& es) {
    for (const ast::Entry* e : es) {
      if (e->for_) {
        Scope scope(*this);
        clause(e->for_->clause);
        entries(e->for_->body);
        continue;
      }
      // Keys that are names are field names, checked against the type; keys
      // that are strings may interpolate.
      for (const ast::Key& k : e->path)
        if (std::holds_alternative<ast::StringLit>(k.expr->node)) expr(k.expr);
      expr(e->value);
    }
  }

  void expr(const ast::Expr* e) {
    if (!e) return;
    std::visit(overloaded{
                   [&](const ast::StringLit& s) {
                     for (const ast::StringPart& p : s.parts) expr(p.expr);
                   },
                   [&](const ast::Ident& i) { lookup(i.name, e->range, false); },
                   [&](const ast::Member& m) {
                     // `alias.member` names something in another module.
                     if (const auto* id = std::get_if<ast::Ident>(&m.object->node)) {
                       Found f = lookup(id->name, m.object->range, false);
                       if (f.entity && f.entity->kind == EntityKind::ModuleAlias) {
                         module_member(*f.entity, m.name);
                         return;
                       }
                       return;
                     }
                     expr(m.object);
                   },
                   [&](const ast::Index& i) {
                     expr(i.object);
                     expr(i.index);
                   },
                   [&](const ast::Call& c) {
                     expr(c.callee);
                     for (const ast::Arg& a : c.args) expr(a.value);
                   },
                   [&](const ast::Unary& u) { expr(u.operand); },
                   [&](const ast::Binary& b) {
                     expr(b.lhs);
                     expr(b.rhs);
                   },
                   [&](const ast::If& i) {
                     expr(i.cond);
                     expr(i.then_);
                     expr(i.else_);
                   },
                   [&](const ast::Match& m) {
                     expr(m.subject);
                     for (const ast::MatchArm& a : m.arms) {
                       expr(a.pattern);
                       expr(a.body);
                     }
                   },
                   [&](const ast::Let& l) {
                     if (l.type) type(*l.type);
                     expr(l.value);
                     Scope scope(*this);
                     bind(l.name);
                     expr(l.body);
                   },
                   [&](const ast::ListLit& l) {
                     for (const ast::Expr* x : l.items) expr(x);
                   },
                   [&](const ast::ListComp& l) {
                     Scope scope(*this);
                     clause(*l.clause);
                     expr(l.body);
                   },
                   [&](const ast::RecordLit& r) {
                     expr(r.type);
                     entries(r.entries);
                   },
                   [&](const ast::MapComp& m) {
                     Scope scope(*this);
                     clause(*m.clause);
                     expr(m.key);
                     expr(m.value);
                   },
                   [&](const auto&) {},  // literals
               },
               e->node);
  }

  Module& m_;
  const base::Interner& names_;
  base::DiagSink& sink_;
  std::vector<base::Symbol> locals_;
  const std::unordered_set<std::uint32_t>* self_fields_ = nullptr;
  bool self_any_ = false;
  bool failed_import_ = false;

 public:
  void set_failed_import(bool v) { failed_import_ = v; }
};

}  // namespace

void resolve_names(Program& program, const base::Interner& names, base::DiagSink& sink) {
  for (auto& m : program.modules) collect_names(*m, names, sink);
  for (auto& m : program.modules) {
    Resolver r(*m, names, sink);
    // An unaliased import that failed to load could have defined any name.
    for (const Import& i : m->imports)
      if (!i.target && !std::get<ast::ImportDecl>(i.decl->node).alias.sym.valid()) r.set_failed_import(true);
    r.run();
  }
}

}  // namespace strata::sema
