// The values of the C++ header: one namespace per env with its constexpr config.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

using sema::TypeInfo;
using sema::TypeKind;

namespace {

// The range of values a C++ integer type holds.
std::pair<std::int64_t, std::int64_t> limits_of(std::string_view type) {
  if (type == "std::uint8_t") return {0, 0xff};
  if (type == "std::uint16_t") return {0, 0xffff};
  if (type == "std::uint32_t") return {0, 0xffffffffLL};
  if (type == "std::uint64_t") return {0, INT64_MAX};
  if (type == "std::int8_t") return {INT8_MIN, INT8_MAX};
  if (type == "std::int16_t") return {INT16_MIN, INT16_MAX};
  if (type == "std::int32_t") return {INT32_MIN, INT32_MAX};
  return {INT64_MIN, INT64_MAX};
}

std::string int_literal(std::int64_t v) {
  if (v == INT64_MIN) return "(-9223372036854775807 - 1)";
  return std::to_string(v);
}

std::string float_literal(double d) {
  if (std::isnan(d)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(d)) return d > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

class Writer {
 public:
  Writer(Model& m, std::size_t env) : m_(m), env_(m.req.envs[env].first) {}

  std::string run(const eval::Value& root) {
    std::string body = expr(root, nullptr, m_.structs[0].get(), "", "");
    return arrays_ + fmt::format("inline constexpr {} config{};\n", m_.structs[0]->name, body.substr(m_.structs[0]->name.size()));
  }

 private:
  void fail(const eval::Value& v, const std::string& path, std::string message) {
    base::Location at{v.origin.file, v.origin.range};
    m_.report(base::DiagKind::CxxValueUnrepresentable, at,
              fmt::format("in env `{}`, `{}`: {}", env_, path, std::move(message)));
  }

  // A record of struct s; with the struct's qualified name first.
  std::string record(const eval::Value& v, const Struct& s, const std::string& path, const std::string& indent) {
    const eval::Record* r = v.record();
    std::string out = s.qualified + "{\n";
    for (const Field& f : s.fields) {
      std::string sub = path.empty() ? m_.str(f.info->name) : path + "." + m_.str(f.info->name);
      const eval::Value* fv = r ? r->find(f.info->name) : nullptr;
      static const eval::Value kAbsent{};
      std::string e = expr(fv ? *fv : kAbsent, f.info->type, nullptr, sub, indent + "  ");
      out += fmt::format("{}  /* {} */ {},\n", indent, f.name, e);
    }
    return out + indent + "}";
  }

  // An array of the namespace, and a view of it.
  std::string array(const std::string& elem_type, const std::vector<std::string>& items, const std::string& view) {
    if (items.empty()) return view + "{}";
    std::string name = fmt::format("data_{}", next_++);
    std::string def = fmt::format("inline constexpr {} {}[] = {{\n", elem_type, name);
    for (const std::string& item : items) def += "  " + item + ",\n";
    arrays_ += def + "};\n";
    return fmt::format("{}{{{}, {}}}", view, name, items.size());
  }

  std::string expr(const eval::Value& v, const TypeInfo* t, const Struct* s, const std::string& path,
                   const std::string& indent) {
    if (v.is_error()) {
      fail(v, path, "the value could not be computed");
      return "{}";
    }
    if (s) return record(v, *s, path, indent);
    if (t->kind == TypeKind::Optional) {
      if (v.is_null()) return "std::nullopt";
      return fmt::format("{}{{{}}}", m_.spell(t), expr(v, t->elem, nullptr, path, indent));
    }
    if (v.is_null()) {
      fail(v, path, "the value is absent, and the field is not optional");
      return "{}";
    }
    auto mismatch = [&]() {
      fail(v, path, fmt::format("the value is not a `{}`", t->name));
      return std::string("{}");
    };
    switch (t->kind) {
      case TypeKind::Bool:
        if (const bool* b = v.get<bool>()) return *b ? "true" : "false";
        return mismatch();
      case TypeKind::Int: {
        const auto* i = v.get<std::int64_t>();
        if (!i) return mismatch();
        std::string type = m_.spell(t);
        auto [lo, hi] = limits_of(type);
        if (*i < lo || *i > hi) fail(v, path, fmt::format("{} does not fit the C++ type {}", *i, type));
        return int_literal(*i);
      }
      case TypeKind::Float: {
        if (const double* d = v.get<double>()) return float_literal(*d);
        if (const auto* i = v.get<std::int64_t>()) return float_literal(static_cast<double>(*i));
        return mismatch();
      }
      case TypeKind::String:
        if (const std::string_view* str = v.str()) return string_literal(*str);
        return mismatch();
      case TypeKind::Secret:
        if (const auto* sv = v.get<eval::SecretV>())
          return fmt::format("SecretRef{{{}, {}}}", string_literal(sv->name()), string_literal(sv->key()));
        return mismatch();
      case TypeKind::Unit: {
        const auto* q = v.get<base::Quantity>();
        if (!q || q->kind != t->unit) return mismatch();
        return unit_literal(*q, v, path);
      }
      case TypeKind::Range: {
        const auto* r = v.get<eval::RangeV>();
        if (!r) return mismatch();
        std::string type = m_.spell(t->elem);
        auto bound = [&](std::int64_t x) {
          if (r->is_unit) return unit_literal(base::Quantity{r->unit, x}, v, path);
          auto [lo, hi] = limits_of(type);
          if (x < lo || x > hi) fail(v, path, fmt::format("{} does not fit the C++ type {}", x, type));
          return int_literal(x);
        };
        return fmt::format("Range<{}>{{{}, {}}}", type, bound(r->lo), bound(r->hi));
      }
      case TypeKind::Enum: {
        const auto* e = v.get<eval::EnumV>();
        if (!e || e->type != t->enum_) return mismatch();
        const Enum& en = *m_.by_enum.at(t->enum_);
        return fmt::format("{}::{}", en.name, en.cases.at(e->index));
      }
      case TypeKind::Union: {
        const std::string_view* str = v.str();
        auto it = str ? std::find(t->literals.begin(), t->literals.end(), *str) : t->literals.end();
        if (it == t->literals.end()) return mismatch();
        const Enum& en = *m_.by_union.at(t);
        return fmt::format("{}::{}", en.name, en.cases.at(static_cast<std::size_t>(it - t->literals.begin())));
      }
      case TypeKind::List: {
        const eval::List* l = v.list();
        if (!l) return mismatch();
        std::vector<std::string> items;
        for (std::size_t i = 0; i < l->items.size(); ++i)
          items.push_back(expr(l->items[i], t->elem, struct_of(t->elem), fmt::format("{}[{}]", path, i), "  "));
        return array(m_.spell(t->elem), items, m_.spell(t));
      }
      case TypeKind::Map: {
        const eval::Map* mp = v.map();
        if (!mp) return mismatch();
        std::vector<std::string> items;
        for (const auto& [key, value] : mp->entries)
          items.push_back(fmt::format("{{{}, {}}}", string_literal(key),
                                      expr(value, t->value, struct_of(t->value), fmt::format("{}[{}]", path, key), "  ")));
        return array(fmt::format("std::pair<std::string_view, {}>", m_.spell(t->value)), items, m_.spell(t));
      }
      case TypeKind::Schema: {
        if (!v.record()) return mismatch();
        return record(v, *m_.by_schema.at(t->schema), path, indent);
      }
      default: return mismatch();
    }
  }

  const Struct* struct_of(const TypeInfo* t) const {
    return t->kind == TypeKind::Schema ? m_.by_schema.at(t->schema) : nullptr;
  }

  std::string unit_literal(base::Quantity q, const eval::Value& v, const std::string& path) {
    switch (q.kind) {
      case base::UnitKind::Duration: return fmt::format("std::chrono::milliseconds{{{}}}", int_literal(q.value));
      case base::UnitKind::Memory:
        if (q.value < 0)
          fail(v, path, fmt::format("`{}` is negative, and the C++ header holds memory as std::uint64_t bytes",
                                    base::format_quantity(q)));
        return int_literal(q.value);
      default: return int_literal(q.value);
    }
  }

  Model& m_;
  const std::string& env_;
  std::string arrays_;
  int next_ = 0;
};

}  // namespace

std::string emit_values(Model& m) {
  std::string out;
  for (std::size_t i = 0; i < m.req.envs.size(); ++i) {
    const eval::Value& v = m.req.envs[i].second;
    if (!v.record()) {
      m.report(base::DiagKind::CxxBadRequest, m.req.where,
               fmt::format("`values.{}` is not a record of `{}`", m.req.envs[i].first, m.req.schema->name));
      continue;
    }
    out += fmt::format("namespace {} {{\n\n", m.env_names[i]);
    out += Writer(m, i).run(v);
    out += fmt::format("\n}}  // namespace {}\n\n", m.env_names[i]);
  }
  return out;
}

}  // namespace strata::emit::cxx
