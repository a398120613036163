// The proof of schema_proof.hpp: a walk of a JSON Schema beside a std/k8s
// schema. Each check function adds a Divergence for what it cannot prove;
// speculative checks (the branches of oneOf/anyOf) write to a scratch list.
#include "schema_proof.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>

#include "base/utf8.hpp"
#include "emit/cxx_detail.hpp"

namespace strata::test {

namespace {

using nlohmann::json;
using sema::TypeInfo;
using sema::TypeKind;

// Keywords that only annotate.
bool annotation(std::string_view k) {
  return k == "title" || k == "description" || k == "$schema" || k == "$comment" || k == "definitions" ||
         k == "examples";
}

std::string leaf_name(emit::LeafSet k) {
  switch (k) {
    case emit::kLeafBool: return "bool";
    case emit::kLeafInt: return "int";
    case emit::kLeafFloat: return "float";
    case emit::kLeafString: return "string";
    case emit::kLeafCpu: return "cpu";
    case emit::kLeafMemory: return "memory";
    case emit::kLeafDuration: return "duration";
    case emit::kLeafPercent: return "percent";
    case emit::kLeafEnum: return "enum case";
    case emit::kLeafQuantityText: return "quantity string";
    default: return "secret, range or function";
  }
}

std::string a_leaf(emit::LeafSet k) {
  return (k == emit::kLeafInt || k == emit::kLeafEnum ? "an " : "a ") + leaf_name(k);
}

std::string leaf_names(emit::LeafSet set) {
  std::string out;
  for (emit::LeafSet k = 1; k <= emit::kLeafOther; k <<= 1)
    if (set & k) out += (out.empty() ? "" : ", ") + leaf_name(k);
  return out;
}

// The JSON types a leaf is written as (ObjectWalker; nlohmann keeps ints as
// integers, doubles as floats, and valijson's strict "integer" takes only the former).
bool written_as(emit::LeafSet k, std::string_view type) {
  if (k == emit::kLeafBool) return type == "boolean";
  if (k == emit::kLeafInt) return type == "integer" || type == "number";
  if (k == emit::kLeafFloat) return type == "number";
  if (k & emit::kStringLeaves) return type == "string";
  return false;
}

// The leaves a (non-optional) type can hold; 0 for lists, maps, records, any.
emit::LeafSet leaves_of(const TypeInfo* t) {
  switch (t->kind) {
    case TypeKind::Bool: return emit::kLeafBool;
    case TypeKind::Int: return emit::kLeafInt;
    case TypeKind::Float: return emit::kLeafFloat;
    case TypeKind::String:
    case TypeKind::Union: return emit::kLeafString;
    case TypeKind::Enum: return emit::kLeafEnum;
    case TypeKind::Unit:
      switch (t->unit) {
        case base::UnitKind::Cpu: return emit::kLeafCpu;
        case base::UnitKind::Memory: return emit::kLeafMemory;
        case base::UnitKind::Duration: return emit::kLeafDuration;
        case base::UnitKind::Percent: return emit::kLeafPercent;
      }
      return emit::kLeafOther;
    case TypeKind::Scalar: return emit::kAllLeaves;
    case TypeKind::Secret:
    case TypeKind::Range: return emit::kLeafOther;
    default: return 0;
  }
}

std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// a <= b and a >= b for an int64 a and a JSON number b, exactly.
constexpr auto kMaxInt = static_cast<std::uint64_t>(INT64_MAX);
bool at_most(std::int64_t a, const json& b) {
  if (b.is_number_unsigned()) return b.get<std::uint64_t>() > kMaxInt || a <= b.get<std::int64_t>();
  if (b.is_number_integer()) return a <= b.get<std::int64_t>();
  return b.is_number() && static_cast<long double>(a) <= static_cast<long double>(b.get<double>());
}
bool at_least(std::int64_t a, const json& b) {
  if (b.is_number_unsigned()) return b.get<std::uint64_t>() <= kMaxInt && a >= b.get<std::int64_t>();
  if (b.is_number_integer()) return a >= b.get<std::int64_t>();
  return b.is_number() && static_cast<long double>(a) >= static_cast<long double>(b.get<double>());
}

// The constraints a value of type t (an optional's inner value) has passed.
std::vector<const sema::ConstraintInfo*> constraints_of(const TypeInfo* t) {
  std::vector<const sema::ConstraintInfo*> out;
  for (; t; t = t->kind == TypeKind::Optional ? t->elem : nullptr)
    for (const sema::ConstraintInfo& c : t->constraints) out.push_back(&c);
  return out;
}

// The tightest bounds of the `in` (or `len`) constraints that fold to constants.
std::optional<std::pair<std::int64_t, std::int64_t>> bounds(const std::vector<const sema::ConstraintInfo*>& cs,
                                                            ast::ConstraintKind kind) {
  std::optional<std::pair<std::int64_t, std::int64_t>> out;
  for (const sema::ConstraintInfo* c : cs) {
    if (c->node->kind != kind) continue;
    emit::cxx::Folded f = emit::cxx::fold_bounds(c->node->bounds, c->module, std::nullopt);
    if (f.kind != emit::cxx::Folded::Kind::Range) continue;
    if (!out) out = std::make_pair(f.lo, f.hi);
    out->first = std::max(out->first, f.lo);
    out->second = std::min(out->second, f.hi);
  }
  return out;
}

struct Failure {
  std::string pointer, what;
};
using MaybeFailure = std::optional<Failure>;

// What a leaf value is known to be.
struct Leaf {
  emit::LeafSet kind = 0;
  const TypeInfo* type = nullptr;                         // its Strata type (scalar for any leaf of a scalar)
  std::vector<const sema::ConstraintInfo*> constraints;  // those it has passed
  std::optional<std::vector<std::string>> strings;        // every string it can be, when finitely many
};

class Prover {
 public:
  Prover(const json& doc, const base::Interner& names, std::string kind, KindProof& out)
      : doc_(doc), names_(names), kind_(std::move(kind)), out_(out) {}

  void root(const sema::SchemaInfo& s) {
    // k8s_files writes no object without a string `kind` and `metadata.name`
    // (E0502), whatever the checks of the schema say.
    Facts facts{"kind", "metadata.name"};
    TypeInfo t;
    t.kind = TypeKind::Schema;
    t.schema = &s;
    t.name = s.name;
    compound(doc_, "", &t, &t, {s.name, ""}, facts, out_.divergences);
  }

 private:
  using Facts = std::set<std::string>;  // dotted paths known to be present
  struct Site {
    std::string schema, field;
  };

  void diverge(std::vector<Divergence>& out, const Site& site, emit::LeafSet leaves, std::string pointer,
               std::string what, bool drift = false) {
    out.push_back({kind_, std::move(pointer), site.schema, site.field, leaves, drift, std::move(what)});
  }

  // The schema a `$ref` names (local refs only).
  const json* deref(const json& ref, std::string& pointer) const {
    if (!ref.is_string()) return nullptr;
    std::string r = ref.get<std::string>();
    if (r.rfind("#/", 0) != 0) return nullptr;
    try {
      const json* target = &doc_.at(json::json_pointer(r.substr(1)));
      pointer = r.substr(1);
      return target;
    } catch (const std::exception&) {
      return nullptr;
    }
  }

  // A branch that no value of this JSON type can pass (its own `type` excludes it).
  bool rejects(const json& branch, const std::function<bool(std::string_view)>& is_type) const {
    const json* b = &branch;
    std::string ignored;
    if (b->is_object() && b->contains("$ref") && b->size() == 1) b = deref((*b)["$ref"], ignored);
    if (!b || !b->is_object() || !b->contains("type")) return false;
    const json& ty = (*b)["type"];
    if (ty.is_string()) return !is_type(ty.get<std::string>());
    if (!ty.is_array()) return false;
    for (const json& x : ty)
      if (!x.is_string() || is_type(x.get<std::string>())) return false;
    return true;
  }

  // ---- leaves

  MaybeFailure leaf(const json& j, const std::string& ptr, const Leaf& v) {
    if (j.is_boolean()) return j.get<bool>() ? MaybeFailure{} : Failure{ptr, "the schema `false` takes nothing"};
    if (!j.is_object()) return Failure{ptr, "not a schema"};
    if (v.kind == emit::kLeafOther) return Failure{ptr, "a secret, range or function is never written (E0503)"};
    bool is_string = v.kind & emit::kStringLeaves;
    for (const auto& [key, val] : j.items()) {
      std::string at = ptr + "/" + pointer_token(key);
      if (annotation(key)) continue;
      if (key == "$ref") {
        std::string target;
        const json* t = deref(val, target);
        if (!t) return Failure{at, "a `$ref` the proof cannot follow"};
        if (auto f = leaf(*t, target, v)) return f;
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!val.is_array() || val.empty()) return Failure{at, "not a list of schemas"};
        std::vector<MaybeFailure> results;
        for (std::size_t i = 0; i < val.size(); ++i) results.push_back(leaf(val[i], at + "/" + std::to_string(i), v));
        std::size_t passed = static_cast<std::size_t>(std::count_if(results.begin(), results.end(),
                                                                     [](const MaybeFailure& f) { return !f; }));
        if (key == "allOf") {
          for (const MaybeFailure& f : results)
            if (f) return f;
        } else if (key == "anyOf") {
          if (passed == 0) return Failure{at, "no branch takes it: " + results.front()->what};
        } else {
          if (passed != 1) return Failure{at, passed == 0 ? "no branch takes it" : "more than one branch takes it"};
          for (std::size_t i = 0; i < val.size(); ++i)
            if (results[i] && !rejects(val[i], [&](std::string_view t) { return written_as(v.kind, t); }))
              return Failure{at + "/" + std::to_string(i), "this branch may take it too (oneOf takes exactly one)"};
        }
      } else if (key == "type") {
        bool ok = false;
        if (val.is_string()) ok = written_as(v.kind, val.get<std::string>());
        if (val.is_array())
          for (const json& x : val) ok = ok || (x.is_string() && written_as(v.kind, x.get<std::string>()));
        if (!ok) return Failure{at, fmt::format("it is written as another JSON type than {}", val.dump())};
      } else if (key == "enum" || key == "const") {
        json allowed = key == "const" ? json::array({val}) : val;
        if (!allowed.is_array()) return Failure{at, "not a list"};
        if (!v.strings) return Failure{at, "its values are not a known finite set of strings"};
        for (const std::string& s : *v.strings)
          if (std::find(allowed.begin(), allowed.end(), json(s)) == allowed.end())
            return Failure{at, fmt::format("\"{}\" is not among them", s)};
      } else if (key == "pattern") {
        if (!is_string) continue;
        if (!val.is_string()) return Failure{at, "not a string"};
        std::string p = val.get<std::string>();
        if (v.strings) {
          std::regex re;
          try {
            re = std::regex(p);  // as valijson compiles it
          } catch (const std::regex_error&) {
            return Failure{at, "std::regex cannot compile it"};
          }
          for (const std::string& s : *v.strings)
            if (!std::regex_search(s, re)) return Failure{at, fmt::format("\"{}\" does not match", s)};
        } else if (v.kind == emit::kLeafCpu || v.kind == emit::kLeafMemory || v.kind == emit::kLeafQuantityText) {
          if (p != kQuantityPattern)
            return Failure{at, "not the quantity pattern format_quantity and is_quantity_text are checked against"};
        } else if (v.kind == emit::kLeafString) {
          std::string why;
          bool same = std::any_of(v.constraints.begin(), v.constraints.end(), [&](const sema::ConstraintInfo* c) {
            return c->node->kind == ast::ConstraintKind::Matches && c->regex && c->node->regex == p;
          });
          if (!same)
            return Failure{at, fmt::format("the Strata type `{}` has no constraint `matches /{}/`", v.type->name, p)};
          if (!byte_safe_pattern(p, &why)) return Failure{at, "the two regex engines may disagree on it: " + why};
        } else {
          return Failure{at, fmt::format("{} is written in a text the pattern is not proven for", a_leaf(v.kind))};
        }
      } else if (key == "minLength" || key == "maxLength") {
        if (!is_string) continue;
        if (!val.is_number_unsigned() && !val.is_number_integer()) return Failure{at, "not an integer"};
        auto in_bounds = [&](std::int64_t lo, std::int64_t hi) {
          return key == "minLength" ? at_least(lo, val) : at_most(hi, val);
        };
        if (v.strings) {
          for (const std::string& s : *v.strings) {
            auto n = static_cast<std::int64_t>(base::count_code_points(s));
            if (!in_bounds(n, n)) return Failure{at, fmt::format("\"{}\" has {} characters", s, n)};
          }
        } else if (v.kind == emit::kLeafString) {
          auto b = bounds(v.constraints, ast::ConstraintKind::Len);
          if (!b || !in_bounds(b->first, b->second))
            return Failure{at, fmt::format("the Strata type `{}` has no `len` constraint within it", v.type->name)};
        } else {
          return Failure{at, fmt::format("the length of {} is not proven", a_leaf(v.kind))};
        }
      } else if (key == "minimum" || key == "maximum") {
        if (v.kind != emit::kLeafInt && v.kind != emit::kLeafFloat) continue;
        auto b = bounds(v.constraints, ast::ConstraintKind::In);
        bool ok = b && (key == "minimum" ? at_least(b->first, val) : at_most(b->second, val));
        if (!ok) return Failure{at, fmt::format("the Strata type `{}` has no `in` constraint within it", v.type->name)};
      } else if (key == "properties" || key == "additionalProperties" || key == "required" || key == "items" ||
                 key == "minItems" || key == "maxItems") {
        continue;  // for objects and arrays only
      } else {
        return Failure{at, fmt::format("the keyword `{}` is not one the proof knows", key)};
      }
    }
    return std::nullopt;
  }

  void leaves(const json& j, const std::string& ptr, const TypeInfo* declared, const TypeInfo* t, const Site& site,
              std::vector<Divergence>& out) {
    Leaf v;
    v.type = declared;
    v.constraints = constraints_of(declared);
    if (t->kind == TypeKind::Union) v.strings = t->literals;
    if (t->kind == TypeKind::Enum) {
      v.strings.emplace();
      for (base::Symbol c : t->enum_->cases) v.strings->emplace_back(names_.str(c));
    }
    for (emit::LeafSet k = 1; k <= emit::kLeafOther; k <<= 1) {
      if (!(leaves_of(t) & k)) continue;
      v.kind = k;
      if (auto f = leaf(j, ptr, v))
        diverge(out, site, k, f->pointer, fmt::format("{} (`{}`): {}", a_leaf(k), declared->name, f->what));
    }
  }

  // ---- lists, maps and records

  // An element of a list or a value of a map, of type t, against schema j.
  void value(const json& j, const std::string& ptr, const TypeInfo* t, const Site& site, const Facts& facts,
             std::vector<Divergence>& out) {
    if (t->kind == TypeKind::Optional)
      return diverge(out, site, 0, ptr, "an absent value in a list or map is written as null");
    typed(j, ptr, t, t, site, facts, out);
  }

  // A value of the type `declared` (whose constraints it has passed), that
  // is of type t (declared without its `?`), against schema j.
  void typed(const json& j, const std::string& ptr, const TypeInfo* declared, const TypeInfo* t, const Site& site,
             const Facts& facts, std::vector<Divergence>& out) {
    if (leaves_of(t)) return leaves(j, ptr, declared, t, site, out);
    compound(j, ptr, declared, t, site, facts, out);
  }

  void compound(const json& j, const std::string& ptr, const TypeInfo* declared, const TypeInfo* t, const Site& site,
                const Facts& facts, std::vector<Divergence>& out) {
    if (j.is_boolean()) {
      if (!j.get<bool>()) diverge(out, site, 0, ptr, "the schema `false` takes nothing");
      return;
    }
    if (!j.is_object()) return diverge(out, site, 0, ptr, "not a schema");
    const char* json_type = t->kind == TypeKind::List ? "array" : "object";
    if (t->kind != TypeKind::List && t->kind != TypeKind::Map && t->kind != TypeKind::Schema)
      return diverge(out, site, 0, ptr, fmt::format("a `{}` value is not proven", t->name));
    bool object_keywords_done = false;
    for (const auto& [key, val] : j.items()) {
      std::string at = ptr + "/" + pointer_token(key);
      if (annotation(key)) continue;
      if (key == "$ref") {
        std::string target;
        const json* tj = deref(val, target);
        if (!tj) diverge(out, site, 0, at, "a `$ref` the proof cannot follow");
        else compound(*tj, target, declared, t, site, facts, out);
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!val.is_array() || val.empty()) {
          diverge(out, site, 0, at, "not a list of schemas");
          continue;
        }
        if (key == "allOf") {
          for (std::size_t i = 0; i < val.size(); ++i)
            compound(val[i], at + "/" + std::to_string(i), declared, t, site, facts, out);
          continue;
        }
        std::vector<std::vector<Divergence>> results(val.size());
        for (std::size_t i = 0; i < val.size(); ++i)
          compound(val[i], at + "/" + std::to_string(i), declared, t, site, facts, results[i]);
        auto passed = std::count_if(results.begin(), results.end(), [](const auto& r) { return r.empty(); });
        if (key == "anyOf" && passed == 0) diverge(out, site, 0, at, "no branch takes it");
        if (key == "oneOf") {
          bool ok = passed == 1;
          for (std::size_t i = 0; ok && i < val.size(); ++i)
            ok = results[i].empty() || rejects(val[i], [&](std::string_view ty) { return ty == json_type; });
          if (!ok) diverge(out, site, 0, at, "not exactly one branch provably takes it");
        }
      } else if (key == "type") {
        bool ok = val.is_string() ? val.get<std::string>() == json_type : false;
        if (val.is_array()) ok = std::find(val.begin(), val.end(), json(json_type)) != val.end();
        if (!ok) diverge(out, site, 0, at, fmt::format("`{}` is written as a JSON {}", t->name, json_type));
      } else if (key == "enum" || key == "const") {
        diverge(out, site, 0, at, fmt::format("`{}` is not one of fixed values", t->name));
      } else if (key == "items" || key == "minItems" || key == "maxItems") {
        if (t->kind != TypeKind::List) continue;
        if (key == "items") {
          if (val.is_array()) diverge(out, site, 0, at, "a tuple of items");
          else value(val, at, t->elem, site, {}, out);
          continue;
        }
        if (!val.is_number_unsigned() && !val.is_number_integer()) {
          diverge(out, site, 0, at, "not an integer");
          continue;
        }
        auto b = bounds(constraints_of(declared), ast::ConstraintKind::Len);
        if (!b || !(key == "minItems" ? at_least(b->first, val) : at_most(b->second, val)))
          diverge(out, site, 0, at,
                  fmt::format("the Strata type `{}` has no `len` constraint within it", declared->name));
      } else if (key == "properties" || key == "additionalProperties" || key == "required") {
        if (t->kind == TypeKind::List || object_keywords_done) continue;
        object_keywords_done = true;
        if (t->kind == TypeKind::Map) map(j, ptr, t, site, out);
        else record(j, ptr, *t->schema, facts, out);
      } else if (key == "pattern" || key == "minLength" || key == "maxLength" || key == "minimum" ||
                 key == "maximum") {
        continue;  // for strings and numbers only
      } else {
        diverge(out, site, 0, at, fmt::format("the keyword `{}` is not one the proof knows", key));
      }
    }
  }

  // A map: any key may come, with a value of the map's value type.
  void map(const json& j, const std::string& ptr, const TypeInfo* t, const Site& site, std::vector<Divergence>& out) {
    if (t->key->kind != TypeKind::String || !t->key->constraints.empty())
      diverge(out, site, 0, ptr, "map keys other than plain strings");
    if (j.contains("required") && !j["required"].empty())
      diverge(out, site, 0, ptr + "/required", "a map has no required keys");
    if (j.contains("properties"))
      for (const auto& [k, pj] : j["properties"].items())
        value(pj, ptr + "/properties/" + pointer_token(k), t->value, site, {}, out);
    if (j.contains("additionalProperties"))
      value(j["additionalProperties"], ptr + "/additionalProperties", t->value, site, {}, out);
  }

  // A record of schema s: the properties, the unknown fields and the required ones.
  void record(const json& j, const std::string& ptr, const sema::SchemaInfo& s, const Facts& facts,
              std::vector<Divergence>& out) {
    std::string key = fmt::format("{}|{}|{}", static_cast<const void*>(&j), s.name, fmt::join(facts, ","));
    if (auto it = memo_.find(key); it != memo_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
    memo_[key];  // a cycle back to this record proves nothing new
    std::vector<Divergence> found;
    static const json kNone;
    const json& props = j.contains("properties") ? j["properties"] : kNone;
    const json* extra = j.contains("additionalProperties") ? &j["additionalProperties"] : nullptr;
    for (const sema::FieldInfo& f : s.fields) {
      std::string name(names_.str(f.name));
      const TypeInfo* t = f.type;
      // `any` fields (the escape hatch `extra`): an object with one set is always validated.
      if (t->kind == TypeKind::Any) continue;
      if (t->kind == TypeKind::Optional) t = t->elem;  // absent: not written
      Site site{s.name, name};
      Facts sub;
      for (const std::string& p : facts)
        if (p.rfind(name + ".", 0) == 0) sub.insert(p.substr(name.size() + 1));
      if (props.is_object() && props.contains(name)) {
        out_.compared.insert({s.name, name});
        typed(props[name], ptr + "/properties/" + pointer_token(name), f.type, t, site, sub, found);
      } else if (extra && extra->is_object()) {
        typed(*extra, ptr + "/additionalProperties", f.type, t, site, sub, found);
      } else if (extra && extra->is_boolean() && !extra->get<bool>()) {
        diverge(found, site, 0, ptr + "/additionalProperties", fmt::format("the field `{}` is not allowed", name));
      }
    }
    if (props.is_object())
      for (const auto& [name, pj] : props.items())
        if (!field(s, name))
          diverge(found, {s.name, ""}, 0, ptr + "/properties/" + pointer_token(name),
                  fmt::format("`{}` has no field `{}`", s.name, name), true);
    if (j.contains("required")) {
      const json& req = j["required"];
      for (std::size_t i = 0; i < req.size(); ++i) {
        std::string name = req[i].is_string() ? req[i].get<std::string>() : "";
        const sema::FieldInfo* f = field(s, name);
        bool present = facts.count(name) ||
                       (f && f->type->kind != TypeKind::Optional && f->type->kind != TypeKind::Any);
        if (!present)
          diverge(found, {s.name, ""}, 0, ptr + "/required/" + std::to_string(i),
                  fmt::format("`{}` may be absent in a `{}`", name, s.name));
      }
    }
    memo_[key] = found;
    out.insert(out.end(), found.begin(), found.end());
  }

  const sema::FieldInfo* field(const sema::SchemaInfo& s, std::string_view name) const {
    for (const sema::FieldInfo& f : s.fields)
      if (names_.str(f.name) == name) return &f;
    return nullptr;
  }

  const json& doc_;
  const base::Interner& names_;
  std::string kind_;
  KindProof& out_;
  std::map<std::string, std::vector<Divergence>> memo_;
};

}  // namespace

std::string Divergence::text() const {
  std::string where = field.empty() ? schema : schema + "." + field;
  std::string which = leaves ? fmt::format(" ({})", leaf_names(leaves)) : "";
  return fmt::format("{} {}: {}{}{}: {}", kind, pointer.empty() ? "/" : pointer, where, which,
                     drift ? " [drift]" : "", what);
}

KindProof prove_kind(const json& doc, const sema::SchemaInfo& schema, const base::Interner& names,
                     const std::string& kind) {
  KindProof out;
  Prover(doc, names, kind, out).root(schema);
  // A record reached through several `$ref`s reports its divergences each time: once is enough.
  std::set<std::string> seen;
  std::erase_if(out.divergences, [&](const Divergence& d) { return !seen.insert(d.text()).second; });
  return out;
}

std::vector<Divergence> uncovered(const std::vector<Divergence>& found) {
  std::vector<Divergence> out;
  for (const Divergence& d : found) {
    if (d.drift) {
      out.push_back(d);
      continue;
    }
    const emit::PartlyProvenField* entry = nullptr;
    for (const emit::PartlyProvenField& p : emit::kPartlyProven)
      if (p.schema == d.schema && (p.field.empty() || p.field == d.field)) entry = &p;
    bool answered = entry && (entry->field.empty() || (d.leaves ? !(entry->proven & d.leaves) : entry->proven == 0));
    if (!answered) out.push_back(d);
  }
  return out;
}

bool byte_safe_pattern(std::string_view p, std::string* why) {
  auto fail = [&](std::string w) {
    if (why) *why = std::move(w);
    return false;
  };
  if (p == "\\S") return true;
  auto printable = [](char c) { return c >= 0x20 && c <= 0x7e; };
  auto punct = [&](char c) {
    return printable(c) && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != ' ';
  };
  std::size_t i = 0, end = p.size();
  if (i < end && p[i] == '^') ++i;
  if (end > i && p[end - 1] == '$') {
    std::size_t slashes = 0;
    while (end - 1 - slashes > i && p[end - 2 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 0) --end;
  }
  int depth = 0;
  bool atom = false;  // a quantifier may follow
  while (i < end) {
    char c = p[i];
    if (c == '(') {
      if (i + 1 < end && p[i + 1] == '?') return fail("a `(?` group");
      ++depth, ++i, atom = false;
    } else if (c == ')') {
      if (depth-- == 0) return fail("an unbalanced `)`");
      ++i, atom = true;
    } else if (c == '|') {
      ++i, atom = false;
    } else if (c == '*' || c == '+' || c == '?') {
      if (!atom) return fail("a quantifier after nothing or another quantifier");
      ++i, atom = false;
    } else if (c == '\\') {
      if (i + 1 >= end || !punct(p[i + 1])) return fail("an escape other than of ASCII punctuation");
      i += 2, atom = true;
    } else if (c == '[') {
      ++i;
      if (i < end && p[i] == '^') return fail("a negated class");
      std::size_t first = i;
      while (i < end && p[i] != ']') {
        char a = p[i];
        if (a == '\\') {
          if (i + 1 >= end || !punct(p[i + 1])) return fail("a class escape other than of ASCII punctuation");
          i += 2;
          continue;
        }
        if (!printable(a) || a == '[') return fail("a class member that is not printable ASCII");
        if (a == '-' && i != first && i + 1 < end && p[i + 1] != ']')
          return fail("a `-` inside a class, not first or last");
        if (i + 2 < end && p[i + 1] == '-' && p[i + 2] != ']') {
          char b = p[i + 2];
          if (a == '-' || !printable(b) || b == '\\' || b == '[' || b < a)
            return fail("a class range the proof does not read");
          i += 3;
          continue;
        }
        ++i;
      }
      if (i >= end || i == first) return fail("an empty or unclosed class");
      ++i, atom = true;
    } else if (!printable(c) || c == '.' || c == '^' || c == '$' || c == '{' || c == '}' || c == ']') {
      return fail(fmt::format("`{}`, which is not a plain ASCII character", std::string(1, c)));
    } else {
      ++i, atom = true;
    }
  }
  if (depth != 0) return fail("an unclosed `(`");
  return true;
}

}  // namespace strata::test
