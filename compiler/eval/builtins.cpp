#include "eval/builtins.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include "base/env_var_name.hpp"
#include "base/regex.hpp"
#include "base/utf8.hpp"
#include "eval/evaluate.hpp"
#include "eval/value_text.hpp"
#include "sema/resolve.hpp"
#include "sema/types.hpp"

namespace strata::eval {
namespace {


// Orders two scalars of one kind; false in *ok when they cannot be compared.
int compare(const Value& a, const Value& b, bool* ok) {
  *ok = true;
  if (const auto* x = a.get<std::int64_t>())
    if (const auto* y = b.get<std::int64_t>()) return *x < *y ? -1 : *x > *y;
  if (const auto* x = a.get<double>())
    if (const auto* y = b.get<double>()) return *x < *y ? -1 : *x > *y;
  if (a.str() && b.str()) {
    int c = a.str()->compare(*b.str());
    return c < 0 ? -1 : c > 0;
  }
  if (const auto* x = a.get<base::Quantity>())
    if (const auto* y = b.get<base::Quantity>(); y && x->kind == y->kind)
      return x->value < y->value ? -1 : x->value > y->value;
  *ok = false;
  return 0;
}

}  // namespace

bool is_builtin(std::string_view name) {
  // One list of names for name resolution and evaluation; `cxx` is the
  // namespace of `cxx.header`, which the evaluator calls apart.
  const auto& all = sema::builtin_functions();
  return name != "cxx" && std::find(all.begin(), all.end(), name) != all.end();
}

const Map* merge_maps(ValueArena& arena, const Map& a, const Map& b) {
  // Both are sorted by key: one linear merge keeps the result sorted.
  std::vector<MapEntry> out;
  out.reserve(a.entries.size() + b.entries.size());
  auto x = a.entries.begin(), y = b.entries.begin();
  while (x != a.entries.end() || y != b.entries.end()) {
    if (y == b.entries.end() || (x != a.entries.end() && x->first < y->first)) {
      out.push_back(*x++);
    } else {
      if (x != a.entries.end() && x->first == y->first) ++x;
      out.push_back(*y++);
    }
  }
  return arena.map(out);
}

namespace {

std::size_t mix(std::size_t h, std::size_t x) { return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); }

// A hash that agrees with values_equal: equal values hash alike (an int and
// the float equal to it too).
std::size_t value_hash(const Value& v) {
  std::size_t h = v.data.index();
  if (const bool* x = v.get<bool>()) return mix(h, *x);
  if (const auto* x = v.get<std::int64_t>()) return mix(3, std::hash<double>{}(static_cast<double>(*x)));
  if (const double* x = v.get<double>()) return mix(3, std::hash<double>{}(*x));
  if (const std::string_view* s = v.str()) return mix(h, std::hash<std::string_view>{}(*s));
  if (const auto* q = v.get<base::Quantity>()) return mix(mix(h, static_cast<std::size_t>(q->kind)), std::hash<std::int64_t>{}(q->value));
  if (const RangeV* r = v.get<RangeV>()) return mix(mix(h, std::hash<std::int64_t>{}(r->lo)), std::hash<std::int64_t>{}(r->hi));
  if (const EnumV* e = v.get<EnumV>()) return mix(mix(h, std::hash<const void*>{}(e->type)), e->index);
  if (const SecretV* s = v.get<SecretV>())
    return mix(mix(h, std::hash<std::string_view>{}(s->name())), std::hash<std::string_view>{}(s->key()));
  if (const List* l = v.list()) {
    for (const Value& x : l->items) h = mix(h, value_hash(x));
    return h;
  }
  if (const Map* m = v.map()) {
    for (const auto& [k, x] : m->entries) h = mix(mix(h, std::hash<std::string_view>{}(k)), value_hash(x));
    return h;
  }
  if (const Record* r = v.record()) {
    h = mix(h, std::hash<const void*>{}(r->schema));
    for (const auto& [k, x] : r->fields) h = mix(mix(h, k.id), value_hash(x));
    return h;
  }
  return h;
}

}  // namespace

bool values_equal(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) {
    if (a.get<std::int64_t>() && b.get<double>()) return static_cast<double>(*a.get<std::int64_t>()) == *b.get<double>();
    if (a.get<double>() && b.get<std::int64_t>()) return *a.get<double>() == static_cast<double>(*b.get<std::int64_t>());
    return false;
  }
  if (a.is_null()) return true;
  if (const bool* x = a.get<bool>()) return *x == *b.get<bool>();
  if (const auto* x = a.get<std::int64_t>()) return *x == *b.get<std::int64_t>();
  if (const double* x = a.get<double>()) return *x == *b.get<double>();
  if (a.str()) return *a.str() == *b.str();
  if (const auto* x = a.get<base::Quantity>()) return x->kind == b.get<base::Quantity>()->kind && x->value == b.get<base::Quantity>()->value;
  if (const RangeV* x = a.get<RangeV>()) {
    const RangeV* y = b.get<RangeV>();
    return x->lo == y->lo && x->hi == y->hi && x->is_unit == y->is_unit && x->unit == y->unit;
  }
  if (const EnumV* x = a.get<EnumV>()) return x->type == b.get<EnumV>()->type && x->index == b.get<EnumV>()->index;
  if (const SecretV* x = a.get<SecretV>()) return x->name() == b.get<SecretV>()->name() && x->key() == b.get<SecretV>()->key();
  if (const List* x = a.list()) {
    const List* y = b.list();
    if (x->items.size() != y->items.size()) return false;
    for (std::size_t i = 0; i < x->items.size(); ++i)
      if (!values_equal(x->items[i], y->items[i])) return false;
    return true;
  }
  if (const Map* x = a.map()) {
    const Map* y = b.map();
    if (x->entries.size() != y->entries.size()) return false;
    for (std::size_t i = 0; i < x->entries.size(); ++i)
      if (x->entries[i].first != y->entries[i].first || !values_equal(x->entries[i].second, y->entries[i].second))
        return false;
    return true;
  }
  if (const Record* x = a.record()) {
    const Record* y = b.record();
    if (x->schema != y->schema || x->fields.size() != y->fields.size()) return false;
    for (std::size_t i = 0; i < x->fields.size(); ++i)
      if (x->fields[i].first != y->fields[i].first || !values_equal(x->fields[i].second, y->fields[i].second))
        return false;
    return true;
  }
  return false;
}

namespace {

// The settings of a record as environment variables: scalars, unit values,
// ranges, enum cases and secrets, in the record and in records nested by
// value, but not inside optional records, lists or maps (the C++ loader
// reads exactly these).
void add_env_vars(const Record& r, const base::Interner& names, std::vector<std::string_view>& path,
                  std::vector<std::pair<std::string, Value>>& out) {
  for (const auto& [sym, v] : r.fields) {
    path.push_back(names.str(sym));
    const sema::FieldInfo* f = r.schema ? r.schema->field(sym) : nullptr;
    bool optional = f && f->type && f->type->kind == sema::TypeKind::Optional;
    if (const Record* sub = v.record()) {
      if (!optional) add_env_vars(*sub, names, path, out);
    } else if (v.str() || v.get<bool>() || v.get<std::int64_t>() || v.get<double>() || v.get<base::Quantity>() ||
               v.get<RangeV>() || v.get<EnumV>() || v.get<SecretV>()) {
      out.emplace_back(base::env_var_name(path), v);
    }
    path.pop_back();
  }
}

}  // namespace

BuiltinResult call_builtin(std::string_view name, std::span<const Value> args, Origin at,
                           const base::Interner& names, ValueArena& arena) {
  auto fail_as = [&](base::DiagKind kind, std::string msg) { return BuiltinResult{Value{ErrorV{}, at}, std::move(msg), kind}; };
  auto fail = [&](std::string msg) { return fail_as(base::DiagKind::BadArguments, std::move(msg)); };
  auto overflows = [&](std::string msg) { return fail_as(base::DiagKind::ArithmeticOverflow, std::move(msg)); };
  // The limits of evaluate.hpp hold for what builtins build too.
  auto too_large = [&](std::string what) {
    return fail_as(base::DiagKind::ValueTooLarge, fmt::format("`{}` would make {}", name, what));
  };
  auto long_string = [&] { return too_large(fmt::format("a string longer than {} MiB", kMaxStringBytes >> 20)); };
  auto long_list = [&] { return too_large(fmt::format("a list of more than {} elements", kMaxCollection)); };
  auto arity = [&](std::size_t n) -> std::string {
    if (args.size() == n) return {};
    return fmt::format("`{}` takes {} argument{}, not {}", name, n, n == 1 ? "" : "s", args.size());
  };
  auto ok = [&](Value v) {
    v.origin = at;
    return BuiltinResult{std::move(v), {}};
  };
  auto need_string = [&](std::size_t i) -> const std::string_view* { return i < args.size() ? args[i].str() : nullptr; };
  auto list_value = [&](const std::vector<Value>& items) { return Value{arena.list(items), at}; };
  auto string_value = [&](std::string_view text) { return make_string(arena, text, at); };

  if (name == "secret") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (!need_string(0) || !need_string(1)) return fail("`secret(name, key)` takes the Secret's name and key as strings");
    return ok(Value{SecretV{arena.secret(*args[0].str(), *args[1].str())}, at});
  }
  if (name == "at") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (!need_string(1)) return fail("`at(value, text)` takes a value and a string");
    Origin o = args[0].origin;
    o.pinned = o.file != base::kNoFile;
    return BuiltinResult{Value{args[1].data, o}, {}};
  }
  if (name == "regex_test") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (!need_string(0) || !need_string(1)) return fail("`regex_test(text, pattern)` takes two strings");
    // Compiled once per pattern: std/platform tests every variable name.
    thread_local std::unordered_map<std::string, base::Regex> compiled;
    auto it = compiled.find(std::string(*args[1].str()));
    if (it == compiled.end()) {
      auto r = base::Regex::compile(*args[1].str());
      if (const auto* err = std::get_if<base::RegexError>(&r))
        return fail_as(base::DiagKind::InvalidRegex, fmt::format("invalid regular expression: {}", err->message));
      if (compiled.size() >= 256) compiled.clear();  // bounded, whatever the program
      it = compiled.emplace(std::string(*args[1].str()), std::get<base::Regex>(std::move(r))).first;
    }
    return ok(Value{it->second.search(*args[0].str()), at});
  }
  if (name == "is_secret") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    return ok(Value{args[0].get<SecretV>() != nullptr, at});
  }
  if (name == "len") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    if (const std::string_view* s = args[0].str()) return ok(Value{static_cast<std::int64_t>(base::count_code_points(*s)), at});
    if (const List* l = args[0].list()) return ok(Value{static_cast<std::int64_t>(l->items.size()), at});
    if (const Map* m = args[0].map()) return ok(Value{static_cast<std::int64_t>(m->entries.size()), at});
    return fail(fmt::format("`len` takes a string, a list or a map, not {}", describe_value_kind(args[0])));
  }
  if (name == "keys" || name == "values") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    const Map* m = args[0].map();
    if (!m) return fail(fmt::format("`{}` takes a map, not {}", name, describe_value_kind(args[0])));
    std::vector<Value> out;
    for (const auto& [k, v] : m->entries) out.push_back(name == "keys" ? stable_string(k, at) : v);
    return ok(list_value(out));
  }
  if (name == "sum" || name == "min" || name == "max" || name == "sort" || name == "unique" || name == "flatten") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    const List* l = args[0].list();
    if (!l) return fail(fmt::format("`{}` takes a list, not {}", name, describe_value_kind(args[0])));
    if (name == "flatten") {
      std::vector<Value> out;
      for (const Value& v : l->items) {
        const List* inner = v.list();
        if (!inner) return fail(fmt::format("`flatten` takes a list of lists; one element is {}", describe_value_kind(v)));
        if (out.size() + inner->items.size() > kMaxCollection)
          return long_list();
        out.insert(out.end(), inner->items.begin(), inner->items.end());
      }
      return ok(list_value(out));
    }
    if (name == "unique") {
      // Each element is compared only with the kept ones of its hash: linear.
      std::vector<Value> out;
      std::unordered_map<std::size_t, std::vector<std::size_t>> kept;  // hash -> indexes in out
      for (const Value& v : l->items) {
        std::vector<std::size_t>& same_hash = kept[value_hash(v)];
        if (std::any_of(same_hash.begin(), same_hash.end(), [&](std::size_t i) { return values_equal(out[i], v); }))
          continue;
        same_hash.push_back(out.size());
        out.push_back(v);
      }
      return ok(list_value(out));
    }
    if (name == "sort") {
      std::vector<Value> out(l->items.begin(), l->items.end());
      bool comparable = true;
      std::stable_sort(out.begin(), out.end(), [&](const Value& a, const Value& b) {
        bool okc = true;
        int c = compare(a, b, &okc);
        comparable &= okc;
        return c < 0;
      });
      if (!comparable) return fail("`sort` takes a list of ints, floats, strings or values of one unit");
      return ok(list_value(out));
    }
    if (l->items.empty()) {
      if (name == "sum") return ok(Value{std::int64_t{0}, at});
      return fail(fmt::format("`{}` of an empty list has no value", name));
    }
    Value acc = l->items[0];
    for (std::size_t i = 1; i < l->items.size(); ++i) {
      const Value& v = l->items[i];
      if (name == "sum") {
        if (const auto* x = acc.get<std::int64_t>(); x && v.get<std::int64_t>()) {
          auto r = base::checked_add(*x, *v.get<std::int64_t>());
          if (!r) return overflows("`sum` overflows a 64-bit int");
          acc = Value{*r, at};
        } else if (const auto* q = acc.get<base::Quantity>(); q && v.get<base::Quantity>() &&
                                                             v.get<base::Quantity>()->kind == q->kind) {
          auto r = base::checked_add(q->value, v.get<base::Quantity>()->value);
          if (!r) return overflows("`sum` overflows");
          acc = Value{base::Quantity{q->kind, *r}, at};
        } else if ((acc.get<double>() || acc.get<std::int64_t>()) && (v.get<double>() || v.get<std::int64_t>())) {
          double a = acc.get<double>() ? *acc.get<double>() : static_cast<double>(*acc.get<std::int64_t>());
          double b = v.get<double>() ? *v.get<double>() : static_cast<double>(*v.get<std::int64_t>());
          if (!std::isfinite(a + b)) return overflows("`sum` overflows a 64-bit float");
          acc = Value{a + b, at};
        } else {
          return fail("`sum` takes a list of numbers or of values of one unit");
        }
      } else {
        bool okc = true;
        int c = compare(v, acc, &okc);
        if (!okc) return fail(fmt::format("`{}` takes a list of ints, floats, strings or values of one unit", name));
        if ((name == "min" && c < 0) || (name == "max" && c > 0)) acc = v;
      }
    }
    return ok(acc);
  }
  if (name == "contains") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (const List* l = args[0].list())
      return ok(Value{std::any_of(l->items.begin(), l->items.end(), [&](const Value& v) { return values_equal(v, args[1]); }), at});
    if (const Map* m = args[0].map()) return ok(Value{need_string(1) && m->find(*args[1].str()) != nullptr, at});
    if (need_string(0) && need_string(1)) return ok(Value{args[0].str()->find(*args[1].str()) != std::string::npos, at});
    return fail("`contains` takes a list, a map or a string, and what to look for");
  }
  if (name == "join") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    const List* l = args[0].list();
    if (!l || !need_string(1)) return fail("`join` takes a list of strings and a separator");
    std::string out;
    for (std::size_t i = 0; i < l->items.size(); ++i) {
      if (!l->items[i].str()) return fail("`join` takes a list of strings");
      if (i) out += *args[1].str();
      out += *l->items[i].str();
      if (out.size() > kMaxStringBytes) return long_string();
    }
    return ok(string_value(out));
  }
  if (name == "split") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (!need_string(0) || !need_string(1) || args[1].str()->empty())
      return fail("`split` takes a string and a non-empty separator");
    std::vector<Value> out;
    const std::string_view s = *args[0].str();
    const std::string_view sep = *args[1].str();
    std::size_t from = 0;
    for (;;) {
      std::size_t at_sep = s.find(sep, from);
      // Each part is a piece of the text, which lives as long as the evaluation.
      out.push_back(stable_string(s.substr(from, at_sep == std::string::npos ? std::string::npos : at_sep - from), at));
      if (at_sep == std::string::npos) break;
      if (out.size() >= kMaxCollection) return long_list();
      from = at_sep + sep.size();
    }
    return ok(list_value(out));
  }
  if (name == "lower" || name == "upper") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    if (!need_string(0)) return fail(fmt::format("`{}` takes a string", name));
    std::string s(*args[0].str());
    for (char& ch : s) {
      if (name == "lower" && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if (name == "upper" && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    return ok(string_value(s));
  }
  if (name == "replace") {
    if (auto e = arity(3); !e.empty()) return fail(e);
    if (!need_string(0) || !need_string(1) || !need_string(2) || args[1].str()->empty())
      return fail("`replace(text, old, new)` takes three strings, `old` not empty");
    std::string out;
    const std::string_view s = *args[0].str();
    std::size_t from = 0;
    for (;;) {
      std::size_t pos = s.find(*args[1].str(), from);
      out += s.substr(from, pos == std::string::npos ? std::string::npos : pos - from);
      if (out.size() > kMaxStringBytes) return long_string();
      if (pos == std::string::npos) break;
      out += *args[2].str();
      if (out.size() > kMaxStringBytes) return long_string();
      from = pos + args[1].str()->size();
    }
    return ok(string_value(out));
  }
  if (name == "starts_with" || name == "ends_with") {
    if (auto e = arity(2); !e.empty()) return fail(e);
    if (!need_string(0) || !need_string(1)) return fail(fmt::format("`{}` takes two strings", name));
    const std::string_view s = *args[0].str();
    const std::string_view p = *args[1].str();
    bool r = s.size() >= p.size() &&
             (name == "starts_with" ? s.compare(0, p.size(), p) == 0 : s.compare(s.size() - p.size(), p.size(), p) == 0);
    return ok(Value{r, at});
  }
  if (name == "to_string") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    if (args[0].str()) return ok(args[0]);
    if (args[0].get<SecretV>()) return fail("a secret has no value to turn into a string");
    if (args[0].list() || args[0].map() || args[0].record()) return fail("`to_string` takes a scalar");
    return ok(string_value(short_text(args[0], names)));
  }
  if (name == "format") {
    if (args.empty() || !need_string(0)) return fail("`format` takes a template string and the values for its `{}`");
    std::string out;
    const std::string_view t = *args[0].str();
    std::size_t next = 1;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '}') {
        if (next >= args.size()) return fail("`format` has more `{}` than values");
        const Value& v = args[next++];
        if (v.get<SecretV>()) return fail("a secret cannot be formatted: it has no value");
        out += plain_text(v, names);
        if (out.size() > kMaxStringBytes) return long_string();
        ++i;
      } else {
        out += t[i];
      }
    }
    if (next != args.size()) return fail("`format` has more values than `{}`");
    if (out.size() > kMaxStringBytes) return long_string();
    return ok(string_value(out));
  }
  if (name == "env_vars") {
    // A record's settings as environment variables, named as the C++
    // header's loader reads them back (base/env_var_name.hpp).
    if (auto e = arity(1); !e.empty()) return fail(e);
    if (!args[0].record()) return fail(fmt::format("`env_vars` takes a record, not {}", describe_value_kind(args[0])));
    std::vector<std::pair<std::string, Value>> vars;
    std::vector<std::string_view> path;
    add_env_vars(*args[0].record(), names, path, vars);
    std::stable_sort(vars.begin(), vars.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<MapEntry> entries;
    entries.reserve(vars.size());
    for (const auto& [k, v] : vars) entries.emplace_back(arena.text(k), v);
    return ok(Value{arena.map(entries), at});
  }
  if (name == "dotenv") {
    if (auto e = arity(1); !e.empty()) return fail(e);
    if (!args[0].map()) return fail(fmt::format("`dotenv` takes a map of variables, not {}", describe_value_kind(args[0])));
    OutputSpec spec;
    spec.vars = args[0];
    return ok(Value{arena.make<OutputSpec>(std::move(spec)), at});
  }
  return fail(fmt::format("unknown builtin `{}`", name));
}

}  // namespace strata::eval
