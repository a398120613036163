#pragma once
/// `std::visit(overloaded{[](const A&) {...}, [](const B&) {...}}, v)`.

namespace strata::base {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace strata::base
