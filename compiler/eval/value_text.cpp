#include "eval/value_text.hpp"

#include <fmt/format.h>

#include "base/json_writer.hpp"
#include "base/yaml_writer.hpp"
#include "sema/types.hpp"

namespace strata::eval {
namespace {

std::string range_text(const RangeV& r) {
  if (!r.is_unit) return fmt::format("{}..{}", r.lo, r.hi);
  return base::format_quantity({r.unit, r.lo}) + ".." + base::format_quantity({r.unit, r.hi});
}

std::string scalar_text(const Value& v, const base::Interner& names) {
  if (v.is_null()) return "null";
  if (const bool* b = v.get<bool>()) return *b ? "true" : "false";
  if (const auto* i = v.get<std::int64_t>()) return std::to_string(*i);
  if (const double* f = v.get<double>()) {
    std::string s = fmt::format("{}", *f);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
  }
  if (const auto* q = v.get<base::Quantity>()) return base::format_quantity(*q);
  if (const RangeV* r = v.get<RangeV>()) return range_text(*r);
  if (const EnumV* e = v.get<EnumV>()) return std::string(names.str(e->type->cases[e->index]));
  if (const OutputSpec* o = v.output(); o && o->schema) return fmt::format("C++ header of {}", o->schema->name);
  return {};
}

void yaml(std::string& out, const Value& v, const base::Interner& names, int indent, bool in_list);

void yaml_scalar(std::string& out, const Value& v, const base::Interner& names) {
  if (const std::string_view* s = v.str()) {
    base::append_yaml_scalar(out, *s);
    return;
  }
  std::string t = scalar_text(v, names);
  if (v.get<base::Quantity>() || v.get<RangeV>() || v.get<EnumV>() || v.output()) {
    base::append_yaml_scalar(out, t);
    return;
  }
  out += t;
}

bool is_collection(const Value& v) {
  if (const OutputSpec* o = v.output()) return o->kind == OutputSpec::Kind::Dotenv && is_collection(o->vars);
  if (const List* l = v.list()) return !l->items.empty();
  if (const Map* m = v.map()) return !m->entries.empty();
  if (const Record* r = v.record()) return !r->fields.empty();
  return v.get<SecretV>() != nullptr;
}

void yaml_entries(std::string& out, const std::vector<std::pair<std::string, const Value*>>& entries,
                  const base::Interner& names, int indent, bool first_inline) {
  bool first = true;
  for (const auto& [k, val] : entries) {
    if (!(first && first_inline)) out += std::string(static_cast<std::size_t>(indent), ' ');
    first = false;
    base::append_yaml_scalar(out, k);
    out += ":";
    if (is_collection(*val)) {
      out += "\n";
      yaml(out, *val, names, indent + 2, false);
    } else {
      out += " ";
      yaml(out, *val, names, indent, false);
      out += "\n";
    }
  }
}

void yaml(std::string& out, const Value& v, const base::Interner& names, int indent, bool in_list) {
  // A .env file prints as its variables.
  if (const OutputSpec* o = v.output(); o && o->kind == OutputSpec::Kind::Dotenv)
    return yaml(out, o->vars, names, indent, in_list);
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (const List* l = v.list()) {
    if (l->items.empty()) {
      out += "[]";
      return;
    }
    for (const Value& item : l->items) {
      out += pad;
      if (is_collection(item)) {
        if (item.list()) {
          out += "-\n";  // a bare dash: a trailing space is a yamllint error
          yaml(out, item, names, indent + 2, true);
        } else {
          out += "- ";
          yaml(out, item, names, indent + 2, true);
        }
      } else {
        out += "- ";
        yaml(out, item, names, indent + 2, true);
        out += "\n";
      }
    }
    return;
  }
  std::vector<std::pair<std::string, const Value*>> entries;
  Value secret_name, secret_key;
  if (const Map* m = v.map()) {
    if (m->entries.empty()) {
      out += "{}";
      return;
    }
    for (const auto& [k, val] : m->entries) entries.emplace_back(std::string(k), &val);
  } else if (const Record* r = v.record()) {
    if (r->fields.empty()) {
      out += "{}";
      return;
    }
    for (const auto& [k, val] : r->fields) entries.emplace_back(std::string(names.str(k)), &val);
  } else if (const SecretV* s = v.get<SecretV>()) {
    secret_name = stable_string(s->name());
    secret_key = stable_string(s->key());
    entries = {{"secret", &secret_name}, {"key", &secret_key}};
  } else {
    yaml_scalar(out, v, names);
    return;
  }
  yaml_entries(out, entries, names, indent, in_list);
}

void json(std::string& out, const Value& v, const base::Interner& names, bool pretty, int indent) {
  if (const OutputSpec* o = v.output(); o && o->kind == OutputSpec::Kind::Dotenv)
    return json(out, o->vars, names, pretty, indent);
  std::string nl = pretty ? "\n" : "";
  std::string pad = pretty ? std::string(static_cast<std::size_t>(indent + 2), ' ') : "";
  std::string close = pretty ? std::string(static_cast<std::size_t>(indent), ' ') : "";
  auto object = [&](const std::vector<std::pair<std::string, const Value*>>& entries) {
    if (entries.empty()) {
      out += "{}";
      return;
    }
    out += "{" + nl;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      out += pad;
      base::append_json_string(out, entries[i].first);
      out += pretty ? ": " : ":";
      json(out, *entries[i].second, names, pretty, indent + 2);
      if (i + 1 < entries.size()) out += ",";
      out += nl;
    }
    out += close + "}";
  };
  if (const std::string_view* s = v.str()) {
    base::append_json_string(out, *s);
  } else if (const List* l = v.list()) {
    if (l->items.empty()) {
      out += "[]";
      return;
    }
    out += "[" + nl;
    for (std::size_t i = 0; i < l->items.size(); ++i) {
      out += pad;
      json(out, l->items[i], names, pretty, indent + 2);
      if (i + 1 < l->items.size()) out += ",";
      out += nl;
    }
    out += close + "]";
  } else if (const Map* m = v.map()) {
    std::vector<std::pair<std::string, const Value*>> entries;
    for (const auto& [k, val] : m->entries) entries.emplace_back(std::string(k), &val);
    object(entries);
  } else if (const Record* r = v.record()) {
    std::vector<std::pair<std::string, const Value*>> entries;
    for (const auto& [k, val] : r->fields) entries.emplace_back(std::string(names.str(k)), &val);
    object(entries);
  } else if (const SecretV* s = v.get<SecretV>()) {
    Value n = stable_string(s->name()), k = stable_string(s->key());
    object({{"secret", &n}, {"key", &k}});
  } else if (v.get<base::Quantity>() || v.get<RangeV>() || v.get<EnumV>() || v.output()) {
    base::append_json_string(out, scalar_text(v, names));
  } else if (v.is_error()) {
    out += "null";
  } else {
    out += scalar_text(v, names);
  }
}

}  // namespace

std::string describe_value_kind(const Value& v) {
  return std::visit(
      [&](const auto& d) -> std::string {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Null>) return "an absent value";
        else if constexpr (std::is_same_v<T, bool>) return "a bool";
        else if constexpr (std::is_same_v<T, std::int64_t>) return "an int";
        else if constexpr (std::is_same_v<T, double>) return "a float";
        else if constexpr (std::is_same_v<T, StrV>) return "a string";
        else if constexpr (std::is_same_v<T, base::Quantity>) return fmt::format("a {} value", base::unit_kind_name(d.kind));
        else if constexpr (std::is_same_v<T, RangeRef>)
          return d.range->is_unit ? fmt::format("a range of {}", base::unit_kind_name(d.range->unit)) : "a range of ints";
        else if constexpr (std::is_same_v<T, EnumV>) return fmt::format("a `{}`", d.type->name);
        else if constexpr (std::is_same_v<T, SecretV>) return "a secret";
        else if constexpr (std::is_same_v<T, const List*>) return "a list";
        else if constexpr (std::is_same_v<T, const Map*>) return "a map";
        else if constexpr (std::is_same_v<T, const Record*>)
          return d->schema ? fmt::format("a `{}`", d->schema->name) : "a record";
        else if constexpr (std::is_same_v<T, TypeV>) return "a type";
        else if constexpr (std::is_same_v<T, const OutputSpec*>)
          return d->kind == OutputSpec::Kind::Dotenv ? "a .env file" : "a C++ header";
        else return "an error";
      },
      v.data);
}

std::string plain_text(const Value& v, const base::Interner& names) {
  return v.str() ? std::string(*v.str()) : short_text(v, names);
}

std::string short_text(const Value& v, const base::Interner& names) {
  if (const std::string_view* s = v.str()) {
    std::string q;
    base::append_json_string(q, s->size() > 60 ? std::string(s->substr(0, 60)) + "..." : std::string(*s));
    return q;
  }
  if (v.list()) return "[...]";
  if (v.map() || v.record()) return "{...}";
  if (v.get<SecretV>()) return "a secret";
  return scalar_text(v, names);
}

std::string to_json(const Value& v, const base::Interner& names, bool pretty) {
  std::string out;
  json(out, v, names, pretty, 0);
  out += "\n";
  return out;
}

std::string to_yaml(const Value& v, const base::Interner& names) {
  std::string out;
  yaml(out, v, names, 0, false);
  if (out.empty() || out.back() != '\n') out += "\n";
  return out;
}

}  // namespace strata::eval
