#pragma once
/// Walking a Kubernetes object value as a tree of maps, lists and scalars,
/// with its escape-hatch field `extra` merged in: the one definition of what
/// an object looks like, shared by the YAML writer and JSON Schema validation.

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/units.hpp"
#include "eval/value.hpp"
#include "sema/types.hpp"

namespace strata::emit {

using Value = eval::Value;

inline base::Location loc(const Value& v) { return {v.origin.file, v.origin.range}; }

inline bool is_mapping(const Value* v) { return v && (v->record() || v->map()); }

// The entry `key` of a record or map, absent values treated as missing.
inline const Value* child(const Value& v, std::string_view key, const base::Interner& names) {
  const Value* found = nullptr;
  if (const eval::Record* r = v.record()) {
    for (const auto& [sym, fv] : r->fields)
      if (names.str(sym) == key) found = &fv;
  } else if (const eval::Map* m = v.map()) {
    found = m->find(key);
  }
  return found && !found->is_null() ? found : nullptr;
}

/// Streams a value to W (begin_map, end_map, begin_list, end_list, key (of a
/// string, or of a record field's symbol and its text), string, integer,
/// floating, boolean, null), reporting what cannot be written.
template <typename W>
struct ObjectWalker {
  const base::Interner& names;
  base::DiagSink& sink;
  W& w;
  bool failed = false;

  // Reports v and writes a null in its place, so the document stays whole
  // (it is never written: the build fails).
  void bad(const Value& v, std::string msg) {
    sink.report(base::DiagKind::UnwritableValue, loc(v), std::move(msg));
    failed = true;
    w.null();
  }

  // One entry of a mapping, with the matching part of the overlay; `name`
  // is the key's symbol when it is a record field's.
  void entry(std::string_view key, const Value& v, const eval::Map* overlay, base::Symbol name = {}) {
    const Value* over = overlay ? overlay->find(key) : nullptr;
    if (name.valid()) w.key(name, key);
    else w.key(key);
    if (over && !(is_mapping(over) && is_mapping(&v))) return value(*over, nullptr);
    value(v, over ? over->map() : nullptr);
  }

  // A record or map; `skip_extra` leaves out the escape-hatch field of an
  // object (it arrives as `overlay`). Overlay keys the value lacks come last.
  void mapping(const Value& v, const eval::Map* overlay, bool skip_extra) {
    w.begin_map();
    auto own = [&](std::string_view key) { return child(v, key, names) != nullptr; };
    if (const eval::Record* r = v.record()) {
      for (const auto& [sym, fv] : r->fields) {
        if (fv.is_null()) continue;
        std::string_view key = names.str(sym);
        if (skip_extra && key == "extra") continue;
        entry(key, fv, overlay, sym);
      }
    } else {
      for (const auto& [key, fv] : v.map()->entries)
        if (!fv.is_null()) entry(key, fv, overlay);
    }
    if (overlay)
      for (const auto& [key, ov] : overlay->entries)
        if (!own(key) && !ov.is_null()) {
          w.key(key);
          value(ov, nullptr);
        }
    w.end_map();
  }

  void value(const Value& v, const eval::Map* overlay) {
    if (v.record() || v.map()) return mapping(v, overlay, false);
    if (const eval::List* l = v.list()) {
      w.begin_list();
      for (const Value& item : l->items) value(item, nullptr);
      w.end_list();
      return;
    }
    if (const std::string_view* s = v.str()) return w.string(*s);
    if (const bool* b = v.get<bool>()) return w.boolean(*b);
    if (const auto* i = v.get<std::int64_t>()) return w.integer(*i);
    if (const double* d = v.get<double>()) {
      if (!std::isfinite(*d)) return bad(v, "this number is not finite, and Kubernetes objects have no such number");
      return w.floating(*d);
    }
    if (const auto* q = v.get<base::Quantity>()) return w.string(base::format_quantity(*q));
    if (const auto* e = v.get<eval::EnumV>()) return w.string(names.str(e->type->cases[e->index]));
    if (v.is_null()) return w.null();
    if (v.get<eval::SecretV>())
      return bad(v, "a secret cannot be written into a Kubernetes object: it has no value here; "
                    "reference it with a `secretKeyRef` (`valueFrom`) instead");
    if (v.get<eval::RangeV>()) return bad(v, "a range cannot be written into a Kubernetes object; write its `.min` or `.max`");
    if (v.is_error()) {
      failed = true;  // reported where it was computed
      return w.null();
    }
    bad(v, fmt::format("{} cannot be written into a Kubernetes object", v.output() ? "an output file" : "a function or type"));
  }
};

}  // namespace strata::emit
