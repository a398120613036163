#pragma once
/// Kubernetes objects to YAML: one file per object and a kustomization.yaml.

#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/work_share.hpp"
#include "emit/output_file.hpp"
#include "eval/value.hpp"

namespace strata::emit {

/// One emitted object, kept for validation.
struct EmittedObject {
  const eval::Value* value = nullptr;  // the record or map, before `extra` is merged
  std::string_view api_version, kind;  // texts of the evaluation's values
  std::string file;  // its output file
  /// Whether TypedObjects::proven holds for it, when the caller of k8s_files
  /// has worked that out already (a build does, on the thread that emits).
  enum class Proof : std::uint8_t { Unknown, Proven, Unproven } proof = Proof::Unknown;
};

/// How k8s_files works, beyond what it writes.
struct K8sOptions {
  bool prove = false;  ///< works out each EmittedObject::proof (TypedObjects::proven)
  /// When set, the writing is offered there too: another thread may join it.
  base::WorkShare* share = nullptr;
};

/// Writes each object of `objects` (a list of records or maps, each with a
/// string `kind` and `metadata.name`) to `dir/<kind>-<name>.yaml`, and
/// `dir/kustomization.yaml` listing them in list order; or, when `dir` ends
/// in `.yaml` or `.yml`, all of them to the one file `dir`, a YAML stream of
/// one document per object (each starting with `---`), in list order.
/// Fields print in schema order, map keys sorted; absent fields are left
/// out; unit values print in their canonical text; a field `extra` of an
/// object (the escape hatch) is merged into it, deep for maps. Reports
/// E0502/E0503/E0504 to sink.
/// With `options.share`, objects' YAML is also written on the threads that
/// join it; the result is the same.
void k8s_files(const std::string& dir, const eval::Value& objects, base::Location where, const base::Interner& names,
               base::DiagSink& sink, OutputFiles& files, std::vector<EmittedObject>& emitted,
               const K8sOptions& options = {});

/// The value at `path` (keys and list indexes, as JSON Schema validators
/// report them) inside an object, with `extra` merged as the YAML has it;
/// the innermost value found on the way when the path goes further.
const eval::Value* value_at(const eval::Value& object, const std::vector<std::string>& path,
                            const base::Interner& names);

}  // namespace strata::emit
