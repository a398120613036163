// `unique` finds repeats through a hash of each value: it must keep exactly
// what the plain quadratic definition keeps (the first of each group of
// values_equal values, in order), an int and the float equal to it included.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "base/interner.hpp"
#include "eval/builtins.hpp"
#include "eval/evaluate.hpp"

namespace strata::eval {
namespace {

struct Random {
  std::uint64_t seed = 42;
  std::uint64_t below(std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  }
};

// Small values of several kinds, so that repeats are common.
Value random_value(Random& rng, ValueArena& arena, int depth) {
  switch (rng.below(depth > 0 ? 6 : 4)) {
    case 0: return Value{static_cast<std::int64_t>(rng.below(5)), {}};
    case 1: return Value{static_cast<double>(rng.below(5)) / (rng.below(2) + 1), {}};
    case 2: return make_string(arena, std::string(1, static_cast<char>('a' + rng.below(3))));
    case 3: return Value{rng.below(2) == 1, {}};
    case 4: {
      std::vector<Value> items;
      for (std::uint64_t n = rng.below(3); n > 0; --n) items.push_back(random_value(rng, arena, depth - 1));
      return Value{arena.list(items), {}};
    }
    default: {
      std::vector<MapEntry> entries;
      if (rng.below(2)) entries.emplace_back("a", random_value(rng, arena, depth - 1));
      if (rng.below(2)) entries.emplace_back("b", random_value(rng, arena, depth - 1));
      return Value{arena.map(entries), {}};
    }
  }
}

TEST_CASE("unique keeps what the quadratic definition keeps") {
  ValueArena arena;
  base::Interner names;
  Random rng;
  for (int round = 0; round < 300; ++round) {
    std::vector<Value> items;
    for (std::uint64_t n = rng.below(40); n > 0; --n) items.push_back(random_value(rng, arena, 2));
    std::vector<Value> expected;
    for (const Value& v : items)
      if (std::none_of(expected.begin(), expected.end(), [&](const Value& k) { return values_equal(k, v); }))
        expected.push_back(v);
    std::vector<Value> args{Value{arena.list(items), {}}};
    BuiltinResult r = call_builtin("unique", args, {}, names, arena);
    REQUIRE(r.error.empty());
    const List* got = r.value.list();
    REQUIRE(got);
    REQUIRE(got->items.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      // The same element, not only an equal one: the first of its group.
      CHECK(got->items[i].data.index() == expected[i].data.index());
      CHECK(values_equal(got->items[i], expected[i]));
    }
  }
}

TEST_CASE("unique: an int and the float equal to it are one value") {
  ValueArena arena;
  base::Interner names;
  std::vector<Value> items{Value{std::int64_t{1}, {}}, Value{1.0, {}}, Value{2.5, {}}, Value{std::int64_t{2}, {}}};
  std::vector<Value> args{Value{arena.list(items), {}}};
  BuiltinResult r = call_builtin("unique", args, {}, names, arena);
  REQUIRE(r.value.list());
  REQUIRE(r.value.list()->items.size() == 3);
  CHECK(r.value.list()->items[0].get<std::int64_t>());
}

}  // namespace
}  // namespace strata::eval
