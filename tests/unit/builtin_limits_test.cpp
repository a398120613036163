// The collection and string limits of evaluate.hpp hold for what builtins
// build, not only for comprehensions and `+`: each call below is one element
// or one byte over a limit and must end in E0410 (ValueTooLarge), where a
// call just within it succeeds. Called directly: building million-element
// lists through the evaluator takes many seconds under the sanitizers.

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "base/interner.hpp"
#include "eval/builtins.hpp"
#include "eval/evaluate.hpp"

namespace strata::eval {
namespace {

Value list_of(std::size_t n, const Value& item) {
  auto l = std::make_shared<List>();
  l->items.assign(n, item);
  return Value{std::shared_ptr<const List>(l), {}};
}

BuiltinResult call(std::string_view name, std::vector<Value> args) {
  static base::Interner names;
  return call_builtin(name, args, {}, names);
}

void check_too_large(const BuiltinResult& r) {
  CHECK(r.value.is_error());
  CHECK(r.kind == base::DiagKind::ValueTooLarge);
  CHECK(!r.error.empty());
}

TEST_CASE("flatten stops at the collection limit") {
  Value half = list_of(kMaxCollection / 2, Value{std::int64_t{1}, {}});
  Value one = list_of(1, Value{std::int64_t{1}, {}});
  BuiltinResult fits = call("flatten", {list_of(1, half), });
  CHECK(fits.error.empty());
  auto two_halves = std::make_shared<List>();
  two_halves->items = {half, half};
  BuiltinResult at_limit = call("flatten", {Value{std::shared_ptr<const List>(two_halves), {}}});
  CHECK(at_limit.error.empty());
  CHECK(at_limit.value.list()->items.size() == kMaxCollection);
  two_halves = std::make_shared<List>();
  two_halves->items = {half, half, one};
  check_too_large(call("flatten", {Value{std::shared_ptr<const List>(two_halves), {}}}));
}

TEST_CASE("join, replace and format stop at the string limit") {
  const std::string half(kMaxStringBytes / 2, 'a');
  Value h = make_string(half);
  auto pair = std::make_shared<List>();
  pair->items = {h, h};
  Value both{std::shared_ptr<const List>(pair), {}};
  CHECK(call("join", {both, make_string("")}).error.empty());
  check_too_large(call("join", {both, make_string("-")}));

  CHECK(call("format", {make_string("{}{}"), h, h}).error.empty());
  check_too_large(call("format", {make_string("{}{}!"), h, h}));

  check_too_large(call("replace", {h, make_string("a"), make_string("aaa")}));
  CHECK(call("replace", {h, make_string("a"), make_string("b")}).error.empty());
}

TEST_CASE("split stops at the collection limit") {
  const std::string within(kMaxCollection - 1, ',');  // kMaxCollection parts
  BuiltinResult ok = call("split", {make_string(within), make_string(",")});
  CHECK(ok.error.empty());
  CHECK(ok.value.list()->items.size() == kMaxCollection);
  check_too_large(call("split", {make_string(within + ","), make_string(",")}));
}

TEST_CASE("a float sum beyond a double is an overflow, as in arithmetic") {
  auto l = std::make_shared<List>();
  l->items = {Value{1e308, {}}, Value{1e308, {}}};
  BuiltinResult r = call("sum", {Value{std::shared_ptr<const List>(l), {}}});
  CHECK(r.value.is_error());
  CHECK(r.kind == base::DiagKind::ArithmeticOverflow);
}

}  // namespace
}  // namespace strata::eval
