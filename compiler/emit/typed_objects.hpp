#pragma once
/// Which Kubernetes objects may skip JSON Schema validation: those built
/// entirely from the typed schemas of std/k8s, of a kind whose schema
/// tests/unit/schema_proof_test.cpp proves at least as strict as the JSON
/// Schema of schema/k8s-v1.31 (every value the std/k8s schema accepts, the
/// JSON Schema accepts). The two lists below are the proof's claims: the test
/// checks them, the build relies on them.

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/interner.hpp"
#include "eval/value.hpp"
#include "sema/types.hpp"

namespace strata::emit {

/// Leaf values of an object, by how ObjectWalker writes them; a set of them
/// is a bit mask.
using LeafSet = std::uint16_t;
inline constexpr LeafSet kLeafBool = 1 << 0;      ///< a JSON boolean
inline constexpr LeafSet kLeafInt = 1 << 1;       ///< a JSON integer
inline constexpr LeafSet kLeafFloat = 1 << 2;     ///< a JSON number (finite: others are E0503)
inline constexpr LeafSet kLeafString = 1 << 3;    ///< a JSON string
inline constexpr LeafSet kLeafCpu = 1 << 4;       ///< a cpu value: its canonical text ("250m", "2")
inline constexpr LeafSet kLeafMemory = 1 << 5;    ///< a memory value: its canonical text ("512Mi")
inline constexpr LeafSet kLeafDuration = 1 << 6;  ///< a duration: its canonical text ("1h30m")
inline constexpr LeafSet kLeafPercent = 1 << 7;   ///< a percent: its canonical text ("12.5%")
inline constexpr LeafSet kLeafEnum = 1 << 8;      ///< an enum case: its name, a string
/// A string whose text is a Kubernetes quantity (base::is_quantity_text):
/// never what leaf_of says, a subset of kLeafString that a field may take
/// where it does not take every string.
inline constexpr LeafSet kLeafQuantityText = 1 << 9;
inline constexpr LeafSet kLeafOther = 1 << 10;    ///< a secret, range, function, ...: never written (E0503)
inline constexpr LeafSet kAllLeaves = (1 << 11) - 1;
/// The leaves written as JSON strings.
inline constexpr LeafSet kStringLeaves =
    kLeafString | kLeafCpu | kLeafMemory | kLeafDuration | kLeafPercent | kLeafEnum | kLeafQuantityText;

/// The leaf kind of a value; 0 for a list, map, record or null.
LeafSet leaf_of(const eval::Value& v);

/// A kind whose std/k8s schema (of the same name as the kind) is proven at
/// least as strict as its builtin JSON Schema, except for kPartlyProven.
struct ProvenKind {
  std::string_view api_version, kind;
};
inline constexpr ProvenKind kProvenKinds[] = {
    {"v1", "Namespace"},
    {"v1", "ServiceAccount"},
    {"v1", "ConfigMap"},
    {"v1", "Service"},
    {"v1", "ResourceQuota"},
    {"v1", "LimitRange"},
    {"apps/v1", "Deployment"},
    {"batch/v1", "Job"},
    {"batch/v1", "CronJob"},
    {"autoscaling/v2", "HorizontalPodAutoscaler"},
    {"policy/v1", "PodDisruptionBudget"},
    {"networking.k8s.io/v1", "NetworkPolicy"},
    {"networking.k8s.io/v1", "Ingress"},
    {"rbac.authorization.k8s.io/v1", "Role"},
    {"rbac.authorization.k8s.io/v1", "ClusterRole"},
    {"rbac.authorization.k8s.io/v1", "RoleBinding"},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
};

/// A field of a std/k8s schema that the proof covers only for some leaves:
/// an object is skipped only when every leaf under the field's value is in
/// `proven` (0: whenever the field is set, the object is validated). An empty
/// `field` stands for every value of the schema.
struct PartlyProvenField {
  std::string_view schema, field;
  LeafSet proven;
  std::string_view why;
};

/// IntOrString (`{"oneOf": [{"type": "integer"}, {"type": "string"}]}`) as a `scalar`.
inline constexpr LeafSet kIntOrString = kLeafInt | kStringLeaves;
/// A quantity (a string of the Kubernetes quantity pattern, or a number) as a `scalar`.
inline constexpr LeafSet kQuantity = kLeafInt | kLeafFloat | kLeafCpu | kLeafMemory | kLeafQuantityText;

inline constexpr std::string_view kWhyIntOrString =
    "a `scalar` where the JSON Schema takes an integer or a string: a float or a bool is not proven";
inline constexpr std::string_view kWhyQuantity =
    "a `scalar` where the JSON Schema takes a quantity: a duration, a percent, an enum case, a bool or a "
    "string that is not a quantity is not proven; ints, floats, cpu, memory and quantity strings are";

inline constexpr PartlyProvenField kPartlyProven[] = {
    {"HTTPGetAction", "port", kIntOrString, kWhyIntOrString},
    {"TCPSocketAction", "port", kIntOrString, kWhyIntOrString},
    {"ServicePort", "targetPort", kIntOrString, kWhyIntOrString},
    {"NetworkPolicyPort", "port", kIntOrString, kWhyIntOrString},
    {"RollingUpdateDeployment", "maxUnavailable", kIntOrString, kWhyIntOrString},
    {"RollingUpdateDeployment", "maxSurge", kIntOrString, kWhyIntOrString},
    {"PodDisruptionBudgetSpec", "minAvailable", kIntOrString, kWhyIntOrString},
    {"PodDisruptionBudgetSpec", "maxUnavailable", kIntOrString, kWhyIntOrString},
    {"MetricTarget", "value", kQuantity, kWhyQuantity},
    {"MetricTarget", "averageValue", kQuantity, kWhyQuantity},
    {"ResourceQuotaSpec", "hard", kQuantity, kWhyQuantity},
    {"LimitRangeItem", "max", kQuantity, kWhyQuantity},
    {"LimitRangeItem", "min", kQuantity, kWhyQuantity},
    {"LimitRangeItem", "default", kQuantity, kWhyQuantity},
    {"LimitRangeItem", "defaultRequest", kQuantity, kWhyQuantity},
    {"LimitRangeItem", "maxLimitRequestRatio", kQuantity, kWhyQuantity},
};

/// True for a schema declared in std/k8s.
bool is_std_k8s(const sema::SchemaInfo* s);

/// Decides, object by object, whether a value is built entirely from the
/// typed std/k8s schemas within what the proof covers. Keeps a cache per
/// schema: use one per thread.
class TypedObjects {
 public:
  explicit TypedObjects(const base::Interner& names) : names_(names) {}

  /// True when `object` is a record of the std/k8s schema named `kind`, that
  /// kind is in kProvenKinds under `api_version`, and, all the way down,
  /// every record is of exactly its field's schema, every leaf is of its
  /// field's type and within kPartlyProven, no `any` field (such as `extra`)
  /// is set and every required field is present. Anything else is false.
  bool proven(const eval::Value& object, std::string_view api_version, std::string_view kind);

 private:
  struct SchemaFacts {
    bool usable = false;                  // std/k8s, not excluded whole, at most 64 fields
    std::vector<LeafSet> proven;          // per field
    std::uint64_t required = 0;           // fields that are neither optional nor `any`
  };
  const SchemaFacts& facts(const sema::SchemaInfo* s);
  bool record(const eval::Record& r);
  bool value(const eval::Value& v, const sema::TypeInfo* t, LeafSet allowed);

  const base::Interner& names_;
  std::unordered_map<const sema::SchemaInfo*, SchemaFacts> facts_;
};

}  // namespace strata::emit
