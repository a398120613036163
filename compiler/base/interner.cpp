#include "base/interner.hpp"

namespace strata::base {

Symbol Interner::intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return Symbol{it->second};
  auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(strings_.back(), id);
  return Symbol{id};
}

}  // namespace strata::base
