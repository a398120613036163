#pragma once
// The proof that the typed schemas of std/k8s are at least as strict as the
// JSON Schemas of schema/k8s-v1.31: every value a std/k8s schema accepts
// (its types, literal unions and constraints, as the evaluator checks them),
// written as ObjectWalker writes it, is accepted by valijson with the JSON
// Schema of its kind. `strata build` relies on it to skip validating typed
// objects (emit/typed_objects.hpp holds the claims; schema_proof_test.cpp
// checks them with this).
//
// The JSON Schema and the Strata schema are walked side by side, keyword by
// keyword. A keyword the proof does not know, or a constraint it cannot show
// to follow from the Strata type, is a Divergence: the proof never assumes.
//
// What it relies on, beyond the two schemas:
// - valijson in strict-types mode (validate.cpp's Validator), as a
//   draft-07 validator: a keyword that does not apply to a value's JSON type
//   holds; `pattern` is std::regex (ECMAScript, the global "C" locale)
//   searched in the string's bytes; lengths count UTF-8 code points.
// - Strata strings are valid UTF-8 without NUL (source text is checked,
//   `\u{0}` is refused, no builtin cuts a string inside a character), so
//   valijson's length is the code point count `len` constrains.
// - How ObjectWalker writes leaves (kLeaf* in typed_objects.hpp); the unit
//   test checks that model against the walker.
// - How format_quantity writes cpu and memory: `-?[0-9]+` and an optional
//   `m` or binary suffix (checked against the quantity pattern by a test).

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/interner.hpp"
#include "emit/typed_objects.hpp"
#include "sema/types.hpp"

namespace strata::test {

/// The Kubernetes quantity pattern of schema/k8s-v1.31.
inline constexpr std::string_view kQuantityPattern =
    R"(^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$)";

/// A place where the JSON Schema may reject a value the std/k8s schema accepts.
struct Divergence {
  std::string kind;              // whose schema file it is in
  std::string pointer;           // a JSON pointer into that file
  std::string schema;            // the std/k8s schema ...
  std::string field;             // ... and field whose values it concerns; empty: every value of the schema
  emit::LeafSet leaves = 0;      // the leaf kinds not proven there; 0: no value is
  bool drift = false;            // the JSON Schema allows a field std/k8s does not have
  std::string what;

  /// "Deployment /definitions/HTTPGetAction/properties/port: HTTPGetAction.port (float): ..."
  std::string text() const;
};

/// What the proof of one kind found.
struct KindProof {
  std::vector<Divergence> divergences;
  /// Every (std/k8s schema, field) compared with a JSON property.
  std::set<std::pair<std::string, std::string>> compared;
};

/// Compares one kind's JSON Schema (a file of schema/k8s-v1.31) with the
/// std/k8s schema of that kind.
KindProof prove_kind(const nlohmann::json& doc, const sema::SchemaInfo& schema, const base::Interner& names,
                     const std::string& kind);

/// The divergences emit::kPartlyProven does not answer for: each one is a way
/// the build could skip an invalid object (or, for drift, a field of the JSON
/// Schema that std/k8s lacks).
std::vector<Divergence> uncovered(const std::vector<Divergence>& found);

/// True when a pattern means the same to Strata's regex engine and to
/// ECMAScript std::regex on bytes, in the direction the proof needs (a string
/// Strata's pattern matches, std::regex matches too): printable ASCII
/// literals, escaped ASCII punctuation, classes of those and of ASCII ranges
/// (not negated), groups, `|`, `* + ?`, `^` first and `$` last; so that every
/// atom matches exactly one ASCII byte in both. Or the whole pattern `\S`
/// (non-white space: an ASCII one is the same byte, any other code point
/// starts with a byte >= 0x80, which is not a space in the "C" locale).
bool byte_safe_pattern(std::string_view pattern, std::string* why = nullptr);

}  // namespace strata::test
