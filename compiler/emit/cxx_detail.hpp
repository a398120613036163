#pragma once
/// Internals of the C++ header emitter (cxx_header.cpp): C++ names, escaping,
/// the model of the types to write, constraint bounds, and the loader.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/env_var_name.hpp"
#include "emit/cxx_header.hpp"

namespace strata::emit::cxx {

// ---------------------------------------------------------------- names (cxx_names.cpp)

/// Rule 1: C++ keywords and alternative tokens, names that are commonly
/// macros (`linux`, `errno`, `min`, ...), `std`, and names without a lowercase
/// letter (`NULL`, `EOF`, `TCP`: the macro convention).
bool is_hazard_name(std::string_view name);
/// Rule 2: the names the header itself declares at namespace scope.
bool is_header_name(std::string_view name);
/// `__` anywhere or `_` and an uppercase letter first: reserved in C++ in every scope.
bool is_reserved_identifier(std::string_view name);
/// `log_level` and `logLevel` -> `LogLevel`.
std::string pascal_case(std::string_view name);
/// A case name for a literal of a union: runs of characters other than ASCII
/// letters and digits become one `_`, `_` first and last are dropped, and `v`
/// goes before a name that starts with a digit; a literal without letters or
/// digits is `x` and its bytes in hex (`"+"` is `x2B`), the empty one `empty`.
std::string union_case_name(std::string_view literal);
using base::env_var_name;

/// A C++ string literal holding exactly these bytes ("..." with escapes; a
/// string_view{"...", n} when it holds a NUL byte).
std::string string_literal(std::string_view bytes);
/// Doc comment lines (`/// ...`) for a doc text, each starting with indent.
std::string doc_comment(std::string_view doc, std::string_view indent);
/// A Strata pattern as an ECMAScript std::regex pattern with the same meaning
/// on ASCII text, or nullopt when it uses non-ASCII characters (which
/// std::regex would match byte by byte) or std::regex refuses it.
std::optional<std::string> std_regex_pattern(std::string_view pattern);

// ---------------------------------------------------------------- the model (cxx_types.cpp, cxx_model.cpp)

/// An `enum class`: a Strata enum or a literal union.
struct Enum {
  std::string name;
  std::string doc;
  std::vector<std::string> cases;  // C++ names
  std::vector<std::string> texts;  // as in Strata (what to_string gives)
  std::vector<std::string> docs;
  const sema::TypeInfo* union_type = nullptr;  // for a union: its first type
};

struct Field {
  const sema::FieldInfo* info = nullptr;
  std::string name;  // C++
};

struct Struct {
  const sema::SchemaInfo* schema = nullptr;
  std::string name;       // C++, unqualified
  std::string qualified;  // as written at namespace scope: "Config::Database"
  std::string doc;
  std::vector<Field> fields;
};

/// A checked constraint with bounds (`in`, `len`) or a pattern.
struct Check {
  const sema::ConstraintInfo* info = nullptr;
  std::int64_t lo = 0, hi = 0;
  std::string text;   // the rule as shown: "in 1..65535", "length in 1..63", "matches /^a+$/"
  std::optional<std::string> regex;  // Matches: the std::regex pattern, nullopt when not checked
};

class Model {
 public:
  Model(const CxxHeaderRequest& req, const base::Interner& names, base::DiagSink& sink);

  const CxxHeaderRequest& req;
  const base::Interner& names;
  base::DiagSink& sink;
  bool ok = true;

  std::vector<std::unique_ptr<Struct>> structs;  // the root first, then the nested ones in definition order
  std::map<const sema::SchemaInfo*, Struct*> by_schema;
  std::vector<std::unique_ptr<Enum>> enums;
  std::map<const sema::EnumInfo*, Enum*> by_enum;
  std::map<const sema::TypeInfo*, Enum*> by_union;
  std::vector<std::string> env_names;  // C++ names of req.envs
  std::vector<std::string> ns_parts;
  bool needs_regex = false;

  std::string str(base::Symbol s) const { return std::string(names.str(s)); }
  base::Diagnostic& report(base::DiagKind kind, base::Location at, std::string message);
  base::Location where(const sema::FieldInfo& f) const;

  /// The C++ type of a (supported) type, as written at namespace scope.
  std::string spell(const sema::TypeInfo* t);
  /// The `in` bounds of an int type (with those of an enclosing optional), intersected.
  std::optional<std::pair<std::int64_t, std::int64_t>> int_bounds(const sema::TypeInfo* t,
                                                                  const sema::TypeInfo* outer = nullptr);
  /// The checks of a value of type t (and of the optional around it): `in` for
  /// numbers and units, `len` and `matches` for strings.
  std::vector<Check> checks(const sema::TypeInfo* t, const sema::TypeInfo* outer = nullptr);

 private:
  std::map<std::pair<const ast::Constraint*, int>, std::optional<std::pair<std::int64_t, std::int64_t>>> bounds_;
  std::set<std::pair<const ast::Constraint*, int>> bad_bounds_;
  /// The bounds of an `in`/`len` constraint (unit set for an `in` on a unit); nullopt
  /// when they are not a range (ignored) or could not be computed (reported, ok = false).
  std::optional<std::pair<std::int64_t, std::int64_t>> bounds(const sema::ConstraintInfo& c,
                                                              std::optional<base::UnitKind> unit);
};

/// Builds the model: names, types, order; reports what the header cannot hold (cxx_model.cpp).
void build_model(Model& m);
/// The values of the envs (cxx_values.cpp).
std::string emit_values(Model& m);
/// The support types (Span, Map, Range, SecretRef) (cxx_support.cpp).
std::string support_text();
/// The loader of runtime overrides (cxx_loader.cpp).
std::string emit_loader(Model& m);
/// LoadError, LoadResult and the loader's helpers (cxx_support.cpp); <regex> is needed when regex is set.
std::string loader_support_text(std::string_view root, bool regex);

/// A constant bound expression folded to an int64 count (of the unit's
/// smallest unit when unit is set): literals, `-`, `+ - * /`, `..` and `let`s
/// of those (cxx_bounds.cpp). Result: a range, `NotRange` (the evaluator
/// ignores such bounds) or `Unknown`.
struct Folded {
  enum class Kind { Range, NotRange, Unknown } kind = Kind::Unknown;
  std::int64_t lo = 0, hi = 0;
};
Folded fold_bounds(const ast::Expr* e, const sema::Module* m, std::optional<base::UnitKind> unit);

}  // namespace strata::emit::cxx
