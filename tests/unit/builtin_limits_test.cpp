// The collection and string limits of evaluate.hpp hold for what builtins
// build, not only for comprehensions and `+`: each call below is one element
// or one byte over a limit and must end in E0410 (ValueTooLarge), where a
// call just within it succeeds. Called directly: building million-element
// lists through the evaluator takes many seconds under the sanitizers.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/interner.hpp"
#include "eval/builtins.hpp"
#include "eval/evaluate.hpp"

namespace strata::eval {
namespace {

ValueArena& arena() {
  static ValueArena values;
  return values;
}

Value list_of(std::vector<Value> items) { return Value{arena().list(items), {}}; }
Value list_of(std::size_t n, const Value& item) { return list_of(std::vector<Value>(n, item)); }
Value text(std::string_view s) { return make_string(arena(), s); }

BuiltinResult call(std::string_view name, std::vector<Value> args) {
  static base::Interner names;
  return call_builtin(name, args, {}, names, arena());
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
  BuiltinResult at_limit = call("flatten", {list_of({half, half})});
  CHECK(at_limit.error.empty());
  CHECK(at_limit.value.list()->items.size() == kMaxCollection);
  check_too_large(call("flatten", {list_of({half, half, one})}));
}

TEST_CASE("join, replace and format stop at the string limit") {
  const std::string half(kMaxStringBytes / 2, 'a');
  Value h = text(half);
  Value both = list_of({h, h});
  CHECK(call("join", {both, text("")}).error.empty());
  check_too_large(call("join", {both, text("-")}));

  CHECK(call("format", {text("{}{}"), h, h}).error.empty());
  check_too_large(call("format", {text("{}{}!"), h, h}));

  check_too_large(call("replace", {h, text("a"), text("aaa")}));
  CHECK(call("replace", {h, text("a"), text("b")}).error.empty());
}

TEST_CASE("split stops at the collection limit") {
  const std::string within(kMaxCollection - 1, ',');  // kMaxCollection parts
  BuiltinResult ok = call("split", {text(within), text(",")});
  CHECK(ok.error.empty());
  CHECK(ok.value.list()->items.size() == kMaxCollection);
  check_too_large(call("split", {text(within + ","), text(",")}));
}

TEST_CASE("a float sum beyond a double is an overflow, as in arithmetic") {
  BuiltinResult r = call("sum", {list_of({Value{1e308, {}}, Value{1e308, {}}})});
  CHECK(r.value.is_error());
  CHECK(r.kind == base::DiagKind::ArithmeticOverflow);
}

}  // namespace
}  // namespace strata::eval
