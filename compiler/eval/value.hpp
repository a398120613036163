#pragma once
/// Evaluated values. Scalars are held inline; strings, lists, maps and records
/// are shared and immutable, so copying a Value never deep-copies.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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
  static constexpr std::uint16_t kNoLayer = 0xffff;
};

struct Value;
struct List;
struct Map;
struct Record;
struct Closure;
struct OutputSpec;

struct Null {};
/// `lo..hi` of ints or of one unit kind.
struct RangeV {
  std::int64_t lo = 0, hi = 0;
  bool is_unit = false;
  base::UnitKind unit = base::UnitKind::Cpu;
};
struct EnumV {
  const sema::EnumInfo* type = nullptr;
  std::uint32_t index = 0;
};
/// A reference to a key of a Kubernetes Secret; it holds no secret value.
struct SecretRef {
  std::string name, key;
};
struct SecretV {
  std::shared_ptr<const SecretRef> ref;  // shared: keeps every Value small
  const std::string& name() const { return ref->name; }
  const std::string& key() const { return ref->key; }
};
/// A type used as a value (`cxx.header(AppConfig, ...)`).
struct TypeV {
  const sema::SchemaInfo* schema = nullptr;
};
/// A value that could not be computed; its error was reported already, and
/// anything computed from it is an error too, without further reports.
struct ErrorV {};

using ValueData = std::variant<Null, bool, std::int64_t, double, std::shared_ptr<const std::string>, base::Quantity,
                               RangeV, EnumV, SecretV, std::shared_ptr<const List>, std::shared_ptr<const Map>,
                               std::shared_ptr<const Record>, std::shared_ptr<const Closure>, TypeV,
                               std::shared_ptr<const OutputSpec>, ErrorV>;

struct Value {
  ValueData data;
  Origin origin;

  bool is_error() const { return std::holds_alternative<ErrorV>(data); }
  bool is_null() const { return std::holds_alternative<Null>(data); }
  template <typename T>
  const T* get() const {
    return std::get_if<T>(&data);
  }
  const std::string* str() const {
    auto p = std::get_if<std::shared_ptr<const std::string>>(&data);
    return p ? p->get() : nullptr;
  }
  const List* list() const;
  const Map* map() const;
  const Record* record() const;
  const OutputSpec* output() const;
};

Value make_string(std::string s, Origin o = {});

struct List {
  std::vector<Value> items;
};

/// A map with string keys, kept sorted by key (so output never depends on
/// the order entries were written in).
struct Map {
  std::vector<std::pair<std::string, Value>> entries;
  const Value* find(std::string_view key) const;
};

/// A record: an instance of a schema (or of an anonymous record type when
/// schema is null), with its fields in declaration order. Unset optional
/// fields are absent.
struct Record {
  const sema::SchemaInfo* schema = nullptr;
  std::vector<std::pair<base::Symbol, Value>> fields;
  const Value* find(base::Symbol name) const;
};

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
  auto p = std::get_if<std::shared_ptr<const List>>(&data);
  return p ? p->get() : nullptr;
}
inline const Map* Value::map() const {
  auto p = std::get_if<std::shared_ptr<const Map>>(&data);
  return p ? p->get() : nullptr;
}
inline const Record* Value::record() const {
  auto p = std::get_if<std::shared_ptr<const Record>>(&data);
  return p ? p->get() : nullptr;
}

inline const OutputSpec* Value::output() const {
  auto p = std::get_if<std::shared_ptr<const OutputSpec>>(&data);
  return p ? p->get() : nullptr;
}

}  // namespace strata::eval
