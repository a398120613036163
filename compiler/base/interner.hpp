#pragma once
/// Interned names: each distinct spelling gets one small integer id.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace strata::base {

/// An interned name; compare ids, not strings.
struct Symbol {
  std::uint32_t id = 0xffffffffu;
  bool valid() const { return id != 0xffffffffu; }
  friend bool operator==(Symbol a, Symbol b) { return a.id == b.id; }
  friend bool operator!=(Symbol a, Symbol b) { return a.id != b.id; }
};

class Interner {
 public:
  Symbol intern(std::string_view s);
  std::string_view str(Symbol sym) const { return strings_[sym.id]; }

 private:
  std::deque<std::string> strings_;  // deque: views into it stay valid as it grows
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace strata::base
