// The header of tests/golden/build/cxx_names: renamed names, checked with
// static_assert on the values of both envs (`default` and `linux`, renamed
// `default_` and `linux_`), and the loader reading the original names.
#include <cstdio>
#include <map>
#include <string>
#include <type_traits>

#include "config.hpp"

namespace cfg = app::names;
using C = cfg::Config;

const C& linux_from_other_unit();

static_assert(std::is_same<decltype(C::map), C::Map_>::value, "a schema named `Map` is `Map_`");
static_assert(std::is_same<decltype(C::settings), C::major_>::value, "a schema named `major` is `major_`");
static_assert(std::is_same<decltype(C::Kind_), cfg::Kind>::value, "a field named like a type gets `_`");
static_assert(std::is_same<decltype(C::Span_), std::int64_t>::value, "a field named like the header's Span");

constexpr const C& d = cfg::default_::config;
static_assert(d.class_ == 1 && d.linux_ == 2 && d.assert_ && d.NULL_ == 3 && d.EOF_ == -1 && !d.TRUE_, "");
static_assert(d.min_ == 0 && d.max_ == 10 && d.std_ == "std" && d.namespace_ == "ns", "");
static_assert(d.config == "a field named like the header's `config`" && d.Span_ == 4, "");
static_assert(d.Kind_ == cfg::Kind::default_, "");
static_assert(d.kinds.size() == 4 && d.kinds[0] == cfg::Kind::delete_ && d.kinds[1] == cfg::Kind::linux_, "");
static_assert(d.kinds[2] == cfg::Kind::NULL_ && d.kinds[3] == cfg::Kind::plain, "");
static_assert(d.type == cfg::ServiceType::ClusterIP, "");
static_assert(d.types[0] == cfg::ServiceType::a_b && d.types[1] == cfg::ServiceType::v1st, "");
static_assert(d.types[2] == cfg::ServiceType::TCP_ && d.types[3] == cfg::ServiceType::x, "");
static_assert(d.types[4] == cfg::ServiceType::empty && d.types[5] == cfg::ServiceType::class_, "");
static_assert(d.map.errno_ == 1 && d.map.unix_ && d.settings.minor_ == 2, "");
static_assert(d.maxConns == 5 && d.HTTP_PORT_ == 8080, "");

constexpr const C& l = cfg::config(cfg::Environment::linux_);
static_assert(l.class_ == 10 && l.Kind_ == cfg::Kind::linux_, "");

static_assert(cfg::to_string(cfg::Environment::default_) == "default", "");
static_assert(cfg::environment_from_string("linux") == cfg::Environment::linux_, "");
static_assert(cfg::to_string(cfg::Kind::NULL_) == "NULL", "");
static_assert(cfg::from_string<cfg::ServiceType>("1st") == cfg::ServiceType::v1st, "");
static_assert(cfg::from_string<cfg::ServiceType>("") == cfg::ServiceType::empty, "");

int main() {
  // Variables are named after the Strata names, in upper snake case.
  std::map<std::string, std::string> vars{
      {"CLASS", "5"}, {"NULL", "6"}, {"MAX_CONNS", "9"}, {"HTTP_PORT", "81"}, {"KIND", "delete"},
      {"TYPE", "--x--"}, {"MAP_ERRNO", "7"}, {"SETTINGS_MINOR", "8"}, {"STD", "s"}};
  cfg::LoadResult r = cfg::load(cfg::Environment::linux_, [&](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
  const C& c = r.config;
  bool ok = r.ok() && c.class_ == 5 && c.NULL_ == 6 && c.maxConns == 9 && c.HTTP_PORT_ == 81 &&
            c.Kind_ == cfg::Kind::delete_ && c.type == cfg::ServiceType::x && c.map.errno_ == 7 &&
            c.settings.minor_ == 8 && c.std_ == "s" && &linux_from_other_unit() == &cfg::linux_::config;
  std::printf(ok ? "names: all checks passed\n" : "names: loader check failed\n");
  return ok ? 0 : 1;
}
