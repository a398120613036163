#pragma once
/// JSON Schema validation of emitted Kubernetes objects (valijson), with
/// each violation reported at the source of the offending value.

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "emit/k8s_yaml.hpp"

namespace strata::emit {

/// Whether an object proven valid without valijson is validated anyway.
enum class ValidationMode {
  Typed,  ///< skip objects TypedObjects::proven accepts, whose kind has its builtin schema
  All,    ///< every object through valijson (`strata build --validate=all`)
};

/// The JSON Schemas objects are validated against, one per apiVersion and
/// kind (read from each schema's `properties.apiVersion.const` and
/// `properties.kind.const`).
class SchemaSet {
 public:
  SchemaSet();
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  /// Adds the schemas of schema/ built into the binary (each parsed and
  /// compiled when an object first needs it).
  void add_builtin();
  /// Adds every `*.json`, `*.yaml` and `*.yml` file of a directory (the
  /// user's `--schema DIR`); a later schema for the same kind replaces an
  /// earlier one. Reports unreadable or invalid files (E0509).
  void add_dir(const std::string& dir, base::DiagSink& sink);
  /// Adds one schema from its JSON or YAML text; `origin` names it in messages.
  bool add_text(const std::string& origin, std::string_view text, bool yaml, base::DiagSink& sink);
  /// Compiles every schema not compiled yet (a builtin one is otherwise
  /// compiled when an object first needs it); reports those that cannot be
  /// (E0509). False when one could not.
  bool compile_all(base::DiagSink& sink);
  std::size_t size() const;
  /// True when the schema of this apiVersion and kind is the builtin one
  /// (no `--schema DIR` replaced it).
  bool is_builtin(std::string_view api_version, std::string_view kind) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  friend void validate_objects(const SchemaSet&, const std::vector<EmittedObject>&, const base::Interner&,
                               base::DiagSink&, unsigned, ValidationMode);
};

/// True when validate_objects leaves `object` out under `mode`: its kind's
/// schema is the builtin one and TypedObjects::proven holds for it.
bool skips_validation(const SchemaSet& schemas, const EmittedObject& object, const base::Interner& names,
                      ValidationMode mode);

/// Validates each object against the schema of its apiVersion and kind, on
/// up to `threads` threads, except those skips_validation leaves out; reports
/// E0505 for each violation (at the value that breaks it) and E0506 for an
/// object whose kind has no schema.
void validate_objects(const SchemaSet& schemas, const std::vector<EmittedObject>& objects,
                      const base::Interner& names, base::DiagSink& sink, unsigned threads,
                      ValidationMode mode = ValidationMode::Typed);

}  // namespace strata::emit
