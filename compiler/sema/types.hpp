#pragma once
/// Types as the checker and evaluator see them, resolved from the AST:
/// builtin scalars and units, lists, maps, optionals, literal unions, ranges,
/// enums, schemas (with inherited fields) and aliases with constraints.

#include <array>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/regex.hpp"
#include "base/units.hpp"
#include "sema/program.hpp"

namespace strata::sema {

enum class TypeKind { Any, Bool, Int, Float, String, Unit, Secret, Scalar, List, Map, Optional, Union, Range, Enum, Schema };

struct EnumInfo;
struct SchemaInfo;

/// A constraint attached to a type, with the module its expressions belong to.
struct ConstraintInfo {
  const ast::Constraint* node = nullptr;
  const Module* module = nullptr;
  std::shared_ptr<const base::Regex> regex;  // Matches, when the pattern compiled
};

struct TypeInfo {
  TypeKind kind = TypeKind::Any;
  base::UnitKind unit = base::UnitKind::Cpu;  // Unit
  const TypeInfo* elem = nullptr;             // List, Optional, Range (Int or Unit)
  const TypeInfo* key = nullptr;              // Map
  const TypeInfo* value = nullptr;            // Map
  const EnumInfo* enum_ = nullptr;            // Enum
  const SchemaInfo* schema = nullptr;         // Schema (also anonymous record types)
  std::vector<std::string> literals;          // Union of string literals
  std::vector<ConstraintInfo> constraints;
  std::string name;                           // as written in messages: "Port", "[string]", "cpu"
};

struct FieldInfo {
  base::Symbol name;
  const TypeInfo* type = nullptr;
  const ast::Expr* default_value = nullptr;
  const Module* module = nullptr;  // where the field (and its default) is written
  base::Range range;               // the field's name
  std::string doc;
};

struct SchemaInfo {
  std::string name;  // "{...}" for an anonymous record type
  const Module* module = nullptr;
  const ast::SchemaDecl* decl = nullptr;  // null for an anonymous record type
  const SchemaInfo* base = nullptr;
  std::vector<FieldInfo> fields;  // inherited fields first
  std::vector<std::pair<const ast::CheckDecl*, const Module*>> checks;
  std::vector<std::pair<const ast::FnDecl*, const Module*>> fns;
  std::string doc;

  const FieldInfo* field(base::Symbol name) const;
  const ast::FnDecl* fn(base::Symbol name, const Module** module) const;
  /// True when this schema is other or extends it (directly or not).
  bool is_a(const SchemaInfo* other) const;
};

struct EnumInfo {
  std::string name;
  const Module* module = nullptr;
  std::vector<base::Symbol> cases;
  std::vector<std::string> docs;
  std::string doc;
  int index_of(base::Symbol s) const;
};

/// Owns every TypeInfo, SchemaInfo and EnumInfo of a program and resolves
/// AST types to them. Reports type errors it finds while doing so (a schema
/// extending a non-schema, an alias defined in terms of itself, an invalid
/// regex, ...).
class TypeTable {
 public:
  TypeTable(const base::Interner& names, base::DiagSink& sink);

  /// The type an AST type denotes in module m; an Any type after an error.
  const TypeInfo* resolve(const ast::Type& t, const Module& m);
  const TypeInfo* builtin(TypeKind k) {
    const TypeInfo* known = by_kind_[static_cast<std::size_t>(k)];
    return known ? known : make_builtin(k);
  }
  const TypeInfo* unit(base::UnitKind u);
  const TypeInfo* list_of(const TypeInfo* elem);
  const TypeInfo* range_of(const TypeInfo* elem);
  /// The type a top-level entity names (schema, enum, alias), or null.
  const TypeInfo* type_of(const Entity& e);
  const SchemaInfo* schema(const Entity& e);
  const EnumInfo* enumeration(const Entity& e);

 private:
  TypeInfo* make(TypeInfo t);
  const TypeInfo* named(const ast::NamedType& n, const ast::Type& t, const Module& m);
  SchemaInfo* anonymous_record(const ast::RecordType& r, const Module& m);
  void fill_members(SchemaInfo& s, const std::vector<ast::SchemaMember*>& members, const Module& m);

  const base::Interner& names_;
  base::DiagSink& sink_;
  std::deque<TypeInfo> types_;
  std::deque<SchemaInfo> schemas_;
  std::deque<EnumInfo> enums_;
  std::unordered_map<const ast::Decl*, const TypeInfo*> by_decl_;
  std::unordered_map<const ast::Decl*, int> resolving_;  // aliases and schemas being resolved: cycles
  const TypeInfo* make_builtin(TypeKind k);
  std::unordered_map<int, const TypeInfo*> builtins_;
  std::array<const TypeInfo*, 15> by_kind_{};  // builtin(kind), asked for at every typed place
  std::unordered_map<const ast::Type*, const TypeInfo*> by_ast_;
};

/// The entity a (qualified) name refers to from module m, without reports
/// (name resolution has reported unknown names already).
const Entity* find_entity(const Module& m, const std::vector<ast::Name>& path);
const Entity* find_entity(const Module& m, base::Symbol name);

}  // namespace strata::sema
