// The model of the C++ header: which structs and enums it declares, their
// C++ names (the renaming rules of docs/cxx-header.md) and their order.
#include <fmt/format.h>

#include <algorithm>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

using sema::TypeInfo;
using sema::TypeKind;

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The name of a type at namespace scope: rule 1 and rule 2.
std::string type_name(std::string_view name) {
  std::string out(name);
  if (is_hazard_name(out) || is_header_name(out)) out += '_';
  return out;
}

class Builder {
 public:
  explicit Builder(Model& m) : m_(m) {}

  void run() {
    check_namespace();
    if (m_.req.envs.empty())
      m_.report(base::DiagKind::CxxBadRequest, m_.req.where, "`values` has no env: the C++ header needs at least one");
    const sema::SchemaInfo* root = m_.req.schema;
    if (!root) {
      m_.report(base::DiagKind::CxxBadRequest, m_.req.where, "the C++ header needs a schema");
      return;
    }
    for (std::string_view n : {"Span", "Map", "Range", "SecretRef", "Environment", "LoadError", "LoadResult"})
      type_names_[std::string(n)] = "a type of the header itself";
    add_struct(root, nullptr, base::Location{});
    name_fields();
    name_envs();
    order_structs();
  }

 private:
  void check_namespace() {
    const std::string& ns = m_.req.ns;
    std::size_t start = 0;
    while (true) {
      std::size_t end = ns.find("::", start);
      std::string part = ns.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const char* why = nullptr;
      if (!is_identifier(part)) why = "is not a C++ identifier";
      else if (is_hazard_name(part)) why = "is a C++ keyword or a name that may be a macro";
      else if (is_reserved_identifier(part)) why = "is reserved in C++";
      if (why) {
        m_.report(base::DiagKind::CxxBadRequest, m_.req.where,
                  fmt::format("the namespace `{}` cannot be used: `{}` {}", ns, part, why));
        return;
      }
      m_.ns_parts.push_back(part);
      if (end == std::string::npos) break;
      start = end + 2;
    }
  }

  // A name the user wrote that C++ reserves (`__x`, `_X`).
  bool reserved(std::string_view name, base::Location at, std::string_view what) {
    if (!is_reserved_identifier(name)) return false;
    m_.report(base::DiagKind::CxxReservedName, at,
              fmt::format("{} `{}` cannot be a C++ name: names with `__`, or `_` and a capital letter first, are "
                          "reserved in C++",
                          what, name));
    return true;
  }

  // A name that renaming made reserved (`FOO_` -> `FOO__`).
  void renamed(std::string_view raw, const std::string& name, base::Location at) {
    if (!is_reserved_identifier(name) || is_reserved_identifier(raw)) return;
    m_.report(base::DiagKind::CxxReservedName, at,
              fmt::format("`{}` would be renamed `{}` in C++, which is reserved there (it has `__`)", raw, name));
  }

  // Claims a namespace-scope type name; reports a clash.
  void claim_type(const std::string& name, std::string what, base::Location at) {
    auto [it, fresh] = type_names_.emplace(name, what);
    if (fresh) return;
    m_.report(base::DiagKind::CxxNameClash, at,
              fmt::format("{} and {} would both be the C++ type `{}`", it->second, what, name));
  }

  void add_struct(const sema::SchemaInfo* s, const sema::FieldInfo* field, base::Location at) {
    auto st = std::make_unique<Struct>();
    st->schema = s;
    const bool anonymous = !s->decl;
    std::string raw = anonymous ? (field ? pascal_case(m_.str(field->name)) : std::string("Config")) : s->name;
    if (!anonymous) reserved(raw, at, "the schema");
    st->name = type_name(raw);
    renamed(raw, st->name, at);
    const bool root = m_.structs.empty();
    st->qualified = root ? st->name : m_.structs[0]->name + "::" + st->name;
    st->doc = s->doc;
    claim_type(st->name, anonymous ? fmt::format("the record type of field `{}`", raw) : fmt::format("schema `{}`", s->name),
               at);
    Struct* p = st.get();
    m_.by_schema[s] = p;
    m_.structs.push_back(std::move(st));
    for (const sema::FieldInfo& f : s->fields) {
      p->fields.push_back(Field{&f, {}});
      reserved(m_.str(f.name), m_.where(f), "the field");
      add_type(f.type, f, f.type);
    }
  }

  void add_type(const TypeInfo* t, const sema::FieldInfo& f, const TypeInfo* whole) {
    switch (t->kind) {
      case TypeKind::Any:
      case TypeKind::Scalar:
        m_.report(base::DiagKind::CxxUnsupportedType, m_.where(f),
                  t == whole ? fmt::format("field `{}` has type `{}`, which has no C++ type in the header",
                                           m_.str(f.name), t->name)
                             : fmt::format("field `{}` has type `{}`, and its `{}` has no C++ type in the header",
                                           m_.str(f.name), whole->name, t->name));
        return;
      case TypeKind::List:
      case TypeKind::Optional: return add_type(t->elem, f, whole);
      case TypeKind::Map: return add_type(t->value, f, whole);
      case TypeKind::Schema:
        if (!m_.by_schema.count(t->schema)) add_struct(t->schema, &f, m_.where(f));
        return;
      case TypeKind::Enum:
        if (!m_.by_enum.count(t->enum_)) add_enum(*t->enum_, f);
        return;
      case TypeKind::Union: return add_union(t, f);
      default: return;
    }
  }

  void name_cases(Enum& e, const sema::FieldInfo& f) {
    std::map<std::string, std::string> seen;
    for (const std::string& text : e.texts) {
      std::string name = e.union_type ? union_case_name(text) : text;
      if (!e.union_type) reserved(name, m_.where(f), fmt::format("the case of `{}`", e.name));
      if (is_hazard_name(name)) name += '_';
      renamed(text, name, m_.where(f));
      auto [it, fresh] = seen.emplace(name, text);
      if (!fresh)
        m_.report(base::DiagKind::CxxNameClash, m_.where(f),
                  fmt::format("the cases \"{}\" and \"{}\" of `{}` would both be the C++ enumerator `{}`", it->second,
                              text, e.name, name));
      e.cases.push_back(name);
    }
  }

  void add_enum(const sema::EnumInfo& info, const sema::FieldInfo& f) {
    auto e = std::make_unique<Enum>();
    reserved(info.name, m_.where(f), "the enum");
    e->name = type_name(info.name);
    renamed(info.name, e->name, m_.where(f));
    e->doc = info.doc;
    for (std::size_t i = 0; i < info.cases.size(); ++i) {
      e->texts.push_back(m_.str(info.cases[i]));
      e->docs.push_back(i < info.docs.size() ? info.docs[i] : std::string());
    }
    claim_type(e->name, fmt::format("enum `{}`", info.name), m_.where(f));
    name_cases(*e, f);
    m_.by_enum[&info] = e.get();
    m_.enums.push_back(std::move(e));
  }

  // A literal union: an enum named after its alias, else after the field.
  void add_union(const TypeInfo* t, const sema::FieldInfo& f) {
    if (m_.by_union.count(t)) return;
    const bool alias = is_identifier(t->name);
    std::string raw = alias ? t->name : pascal_case(m_.str(f.name));
    std::string name = type_name(raw);
    for (const auto& e : m_.enums)
      if (e->union_type && e->name == name && e->union_type->literals == t->literals) {
        m_.by_union[t] = e.get();  // the same union again (an alias used with constraints, ...)
        return;
      }
    auto e = std::make_unique<Enum>();
    if (alias) reserved(t->name, m_.where(f), "the type");
    e->name = name;
    e->union_type = t;
    renamed(raw, name, m_.where(f));
    e->texts = t->literals;
    e->docs.resize(t->literals.size());
    claim_type(e->name,
               alias ? fmt::format("type `{}`", t->name) : fmt::format("the union type of field `{}`", m_.str(f.name)),
               m_.where(f));
    name_cases(*e, f);
    m_.by_union[t] = e.get();
    m_.enums.push_back(std::move(e));
  }

  // Rule 1, and rule 3: a field or env named like a type of the header.
  std::string value_name(std::string_view raw) const {
    std::string name(raw);
    if (is_hazard_name(name) || type_names_.count(name)) name += '_';
    return name;
  }

  void name_fields() {
    for (const auto& st : m_.structs) {
      std::map<std::string, std::string> seen;
      for (Field& f : st->fields) {
        std::string raw = m_.str(f.info->name);
        f.name = value_name(raw);
        renamed(raw, f.name, m_.where(*f.info));
        auto [it, fresh] = seen.emplace(f.name, raw);
        if (!fresh)
          m_.report(base::DiagKind::CxxNameClash, m_.where(*f.info),
                    fmt::format("fields `{}` and `{}` of `{}` would both be the C++ member `{}`", it->second, raw,
                                st->schema->name, f.name));
      }
    }
  }

  void name_envs() {
    std::map<std::string, std::string> seen;
    for (const auto& [raw, value] : m_.req.envs) {
      std::string name = value_name(raw);
      if (is_header_name(name)) name += '_';
      renamed(raw, name, m_.req.where);
      if (!is_identifier(raw)) {
        m_.report(base::DiagKind::CxxBadRequest, m_.req.where,
                  fmt::format("the env name \"{}\" is not a C++ identifier", raw));
      } else {
        reserved(raw, m_.req.where, "the env");
        if (type_names_.count(name))
          m_.report(base::DiagKind::CxxNameClash, m_.req.where,
                    fmt::format("env `{}` would be the C++ namespace `{}`, which is also a type", raw, name));
        auto [it, fresh] = seen.emplace(name, raw);
        if (!fresh)
          m_.report(base::DiagKind::CxxNameClash, m_.req.where,
                    fmt::format("envs `{}` and `{}` would both be the C++ namespace `{}`", it->second, raw, name));
      }
      m_.env_names.push_back(name);
    }
  }

  // The schemas a struct holds by value (directly or in an optional), with the field.
  std::vector<std::pair<Struct*, const sema::FieldInfo*>> by_value(const Struct& s) const {
    std::vector<std::pair<Struct*, const sema::FieldInfo*>> out;
    for (const Field& f : s.fields) {
      const TypeInfo* t = f.info->type;
      if (t->kind == TypeKind::Optional) t = t->elem;
      if (t->kind == TypeKind::Schema && m_.by_schema.count(t->schema))
        out.emplace_back(m_.by_schema.at(t->schema), f.info);
    }
    return out;
  }

  // Nested structs in an order where each is defined before it is held by value.
  void order_structs() {
    std::map<Struct*, int> state;  // 1 visiting, 2 done
    std::vector<Struct*> order;
    bool cycle = false;
    auto visit = [&](auto& self, Struct* s) -> void {
      state[s] = 1;
      for (auto [d, field] : by_value(*s)) {
        if (cycle) return;
        if (state[d] == 1) {
          cycle = true;
          m_.report(base::DiagKind::CxxRecursiveValue, m_.where(*field),
                    fmt::format("schema `{}` holds itself by value through this field (directly, in an optional "
                                "or through other schemas), and a C++ struct cannot; hold it in a list instead",
                                d->schema->name));
          return;
        }
        if (state[d] == 0) self(self, d);
      }
      state[s] = 2;
      order.push_back(s);
    };
    for (const auto& s : m_.structs)
      if (!cycle && state[s.get()] == 0) visit(visit, s.get());
    if (cycle) return;
    std::vector<std::unique_ptr<Struct>> sorted;
    Struct* root = m_.structs[0].get();
    sorted.push_back(std::move(m_.structs[0]));
    for (Struct* s : order)
      if (s != root)
        for (auto& u : m_.structs)
          if (u.get() == s) sorted.push_back(std::move(u));
    m_.structs = std::move(sorted);
  }

  Model& m_;
  std::map<std::string, std::string> type_names_;
};

}  // namespace

void build_model(Model& m) { Builder(m).run(); }

}  // namespace strata::emit::cxx
