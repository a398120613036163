#pragma once
/// Evaluated values. Scalars are held inline; strings, lists, maps and records
/// are immutable and live in the ValueArena of the evaluation that made them,
/// so a Value is a few words, copied with memcpy, never a deep copy.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/arena.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"
#include "base/units.hpp"

namespace strata::sema {
struct SchemaInfo;
struct EnumInfo;
}  // namespace strata::sema

namespace strata::eval {

/// Where a value was set: the source range of the expression that produced
/// it, and the env layer (0 = the root env, 1 = its first overlay, ...) whose
/// body set it; layer is kNoLayer for values set outside any env body.
struct Origin {
  base::FileId file = base::kNoFile;
  base::Range range;
  std::uint16_t layer = kNoLayer;
  /// A string made by `at(v, text)`: it carries v's origin, so that a check's
  /// message can point at where v was set.
  bool pinned = false;
  /// A field of a record that took its schema's default (set on the field's
  /// value as the record is built): a path set into the record later builds
  /// it again, and such fields are computed anew.
  bool defaulted = false;
  static constexpr std::uint16_t kNoLayer = 0xffff;
};

struct Value;
struct List;
struct Map;
struct Record;
struct OutputSpec;

struct Null {};
/// `lo..hi` of ints or of one unit kind.
struct RangeV {
  std::int64_t lo = 0, hi = 0;
  bool is_unit = false;
  base::UnitKind unit = base::UnitKind::Cpu;
};
/// A range in a Value: the range itself lives in the ValueArena, because
/// held inline it would make every Value 8 bytes larger.
struct RangeRef {
  const RangeV* range = nullptr;
};
struct EnumV {
  const sema::EnumInfo* type = nullptr;
  std::uint32_t index = 0;
};
/// A string. Its text lives as long as the evaluation: in the ValueArena, the
/// program's syntax tree or the interner.
struct StrV {
  std::string_view text;
};
/// A reference to a key of a Kubernetes Secret; it holds no secret value.
struct SecretRef {
  std::string_view name, key;
};
struct SecretV {
  const SecretRef* ref = nullptr;  // a pointer: keeps every Value small
  std::string_view name() const { return ref->name; }
  std::string_view key() const { return ref->key; }
};
/// A type used as a value (`cxx.header(AppConfig, ...)`).
struct TypeV {
  const sema::SchemaInfo* schema = nullptr;
};
/// A value that could not be computed; its error was reported already, and
/// anything computed from it is an error too, without further reports.
struct ErrorV {};

// Every alternative is trivially copyable, so copying a Value copies bytes.
using ValueData = std::variant<Null, bool, std::int64_t, double, StrV, base::Quantity, RangeRef, EnumV, SecretV,
                               const List*, const Map*, const Record*, TypeV, const OutputSpec*, ErrorV>;

struct Value {
  ValueData data;
  Origin origin;

  bool is_error() const { return std::holds_alternative<ErrorV>(data); }
  bool is_null() const { return std::holds_alternative<Null>(data); }
  template <typename T>
  const T* get() const {
    if constexpr (std::is_same_v<T, RangeV>) {
      auto p = std::get_if<RangeRef>(&data);
      return p ? p->range : nullptr;
    } else {
      return std::get_if<T>(&data);
    }
  }
  /// The text of a string value; null for every other value.
  const std::string_view* str() const {
    auto p = std::get_if<StrV>(&data);
    return p ? &p->text : nullptr;
  }
  const List* list() const;
  const Map* map() const;
  const Record* record() const;
  const OutputSpec* output() const;
};

static_assert(std::is_trivially_copyable_v<Value> && std::is_trivially_destructible_v<Value>);
static_assert(sizeof(Value) <= 40, "a Value is copied everywhere: keep it small");

struct List {
  std::span<const Value> items;
};

using MapEntry = std::pair<std::string_view, Value>;
/// A map with string keys, kept sorted by key (so output never depends on
/// the order entries were written in).
struct Map {
  std::span<const MapEntry> entries;
  const Value* find(std::string_view key) const;
};

using Field = std::pair<base::Symbol, Value>;
/// A record: an instance of a schema (or of an anonymous record type when
/// schema is null), with its fields in declaration order. Unset optional
/// fields are absent.
struct Record {
  const sema::SchemaInfo* schema = nullptr;
  std::span<const Field> fields;
  const Value* find(base::Symbol name) const;
};

/// Where an evaluation's strings, lists, maps and records live. Nothing is
/// freed before the arena: an evaluation's temporaries are few next to what
/// it keeps, and bump allocation without reference counts is what makes
/// evaluation fast. Not thread-safe.
class ValueArena {
 public:
  /// A copy of s in the arena.
  std::string_view text(std::string_view s);
  const List* list(std::span<const Value> items);
  /// entries sorted by key, each key once.
  const Map* map(std::span<const MapEntry> entries);
  const Record* record(const sema::SchemaInfo* schema, std::span<const Field> fields);
  const SecretRef* secret(std::string_view name, std::string_view key);
  RangeRef range(const RangeV& r) { return {arena_.make<RangeV>(r)}; }
  /// Any other object (an OutputSpec); its destructor runs with the arena's.
  template <typename T, typename... Args>
  const T* make(Args&&... args) {
    return arena_.make<T>(std::forward<Args>(args)...);
  }

 private:
  base::Arena arena_;
};

/// A string value whose text is copied into the arena.
Value make_string(ValueArena& arena, std::string_view s, Origin o = {});
/// A string value of text that outlives the evaluation (a literal of the
/// program, an interned name, a string of another value): not copied.
inline Value stable_string(std::string_view text, Origin o = {}) { return Value{StrV{text}, o}; }

/// A file that `strata build` writes from one value: `dotenv(map)` or
/// `cxx.header(Schema, namespace = "...", values = {...})`.
struct OutputSpec {
  enum class Kind { Dotenv, CxxHeader };
  Kind kind = Kind::Dotenv;
  Value vars;                                        // Dotenv: the map of variables
  const sema::SchemaInfo* schema = nullptr;          // CxxHeader: the config schema
  std::string ns;                                    // CxxHeader: the C++ namespace
  std::vector<std::pair<std::string, Value>> envs;  // CxxHeader: env name -> record of schema
};

inline const List* Value::list() const {
  auto p = std::get_if<const List*>(&data);
  return p ? *p : nullptr;
}
inline const Map* Value::map() const {
  auto p = std::get_if<const Map*>(&data);
  return p ? *p : nullptr;
}
inline const Record* Value::record() const {
  auto p = std::get_if<const Record*>(&data);
  return p ? *p : nullptr;
}
inline const OutputSpec* Value::output() const {
  auto p = std::get_if<const OutputSpec*>(&data);
  return p ? *p : nullptr;
}

}  // namespace strata::eval
