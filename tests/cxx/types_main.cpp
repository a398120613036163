// The header of tests/golden/build/cxx_types: every type mapping checked with
// static_assert on the values of both envs, and the loader run with good and
// bad overrides. Linked with types_other.cpp, which includes the header too.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "config.hpp"  // #pragma once

namespace cfg = app::config;
using C = cfg::Config;

const cfg::Config& prod_from_other_unit();
const std::string_view* zones_from_other_unit();
cfg::LoadResult load_from_other_unit(const std::map<std::string, std::string>& vars);

// ---- types
template <class A, class B>
constexpr bool same = std::is_same<A, B>::value;
static_assert(same<decltype(C::name), std::string_view>, "string");
static_assert(same<decltype(C::debug), bool>, "bool");
static_assert(same<decltype(C::level), cfg::LogLevel>, "enum");
static_assert(same<decltype(C::mode), cfg::Mode>, "union alias");
static_assert(same<decltype(C::protocol), cfg::Protocol>, "union, named after the field");
static_assert(same<decltype(C::count), std::int64_t>, "int");
static_assert(same<decltype(C::small_), std::uint8_t>, "int in 0..255");
static_assert(same<decltype(C::signed_small), std::int8_t>, "int in -5..5");
static_assert(same<decltype(C::medium), std::uint32_t>, "int in 0..100000");
static_assert(same<decltype(C::signed_medium), std::int32_t>, "int in -40000..40000");
static_assert(same<decltype(C::big), std::uint64_t>, "int in 0..5000000000");
static_assert(same<decltype(C::signed_big), std::int64_t>, "int in -1..5000000000");
static_assert(same<decltype(C::Database::port), std::uint16_t>, "Port = int in 1..65535");
static_assert(same<decltype(C::Pool::max_), std::uint8_t>, "int in 0..max_replicas * 5");
static_assert(same<decltype(C::ratio), double>, "float");
static_assert(same<decltype(C::cpu), std::int64_t>, "cpu: millicores");
static_assert(same<decltype(C::memory), std::uint64_t>, "memory: bytes");
static_assert(same<decltype(C::timeout), std::chrono::milliseconds>, "duration");
static_assert(same<decltype(C::target), std::int64_t>, "percent: hundredths");
static_assert(same<decltype(C::window), cfg::Range<std::chrono::milliseconds>>, "range<duration>");
static_assert(same<decltype(C::Service::replicas), cfg::Range<std::int64_t>>, "range<int>");
static_assert(same<decltype(C::zones), cfg::Span<std::string_view>>, "[string]");
static_assert(same<decltype(C::ports), cfg::Span<std::uint16_t>>, "[Port]");
static_assert(same<decltype(C::matrix), cfg::Span<cfg::Span<std::int64_t>>>, "[[int]]");
static_assert(same<decltype(C::limits), cfg::Map<std::int64_t>>, "{string: int}");
static_assert(same<decltype(C::services), cfg::Map<C::Service>>, "{string: Service}");
static_assert(same<decltype(C::workers), cfg::Span<C::Service>>, "[Service]");
static_assert(same<decltype(C::database), C::Database>, "schema");
static_assert(same<decltype(C::replica), std::optional<C::Database>>, "Database?");
static_assert(same<decltype(C::nickname), std::optional<std::string_view>>, "string?");
static_assert(same<decltype(C::max_conns), std::optional<std::uint16_t>>, "int? in 1..1000");
static_assert(same<decltype(C::Database::password), cfg::SecretRef>, "secret");
static_assert(same<decltype(C::tls), C::Tls>, "anonymous record type");

// ---- values of dev
constexpr const C& dev = cfg::dev::config;
static_assert(dev.name == "api", "");
static_assert(!dev.debug && dev.level == cfg::LogLevel::info && dev.mode == cfg::Mode::auto_, "");
static_assert(dev.protocol == cfg::Protocol::tcp && dev.count == -7, "");
static_assert(dev.small_ == 200 && dev.signed_small == -5 && dev.medium == 70000, "");
static_assert(dev.signed_medium == -40000 && dev.big == 4000000000u && dev.signed_big == -1, "");
static_assert(dev.ratio == 0.75 && dev.whole == 3.0, "");
static_assert(dev.cpu == 500 && dev.memory == 512u * 1024 * 1024, "");
static_assert(dev.timeout == std::chrono::seconds(90) && dev.target == 1250, "");
static_assert(dev.window.lo == std::chrono::seconds(1) && dev.window.hi == std::chrono::minutes(1), "");
static_assert(dev.zones.size() == 2 && dev.zones[0] == "eu-west-1a" && dev.zones[1] == "eu-west-1b", "");
static_assert(dev.ports.size() == 2 && dev.ports[1] == 443, "");
static_assert(dev.matrix.size() == 3 && dev.matrix[0][1] == 2 && dev.matrix[1].empty() && dev.matrix[2][0] == 3, "");
static_assert(dev.none.empty() && dev.none.begin() == dev.none.end(), "");
static_assert(dev.limits.size() == 2 && dev.limits.begin()->first == "a" && *dev.limits.find("b") == 2, "");
static_assert(dev.limits.find("c") == nullptr, "");
static_assert(dev.services.find("api")->image == "api:1.0", "");
static_assert(dev.services.find("api")->replicas.lo == 2 && dev.services.find("api")->replicas.hi == 4, "");
static_assert(dev.services.find("api")->cpu.lo == 250 && dev.services.find("api")->cpu.hi == 1000, "");
static_assert(dev.workers.size() == 1 && dev.workers[0].image == "worker:2", "");
static_assert(dev.database.host == "localhost" && dev.database.port == 5432, "");
static_assert(dev.database.pool.min_ == 2 && dev.database.pool.max_ == 10, "");
static_assert(dev.database.pool.idle == std::chrono::minutes(5), "");
static_assert(dev.database.password.name == "db" && dev.database.password.key == "password", "");
static_assert(!dev.replica.has_value() && *dev.nickname == "dev-api" && !dev.max_conns, "");
static_assert(dev.tls.issuer == "letsencrypt" && !dev.tls.enabled, "");

// ---- values of prod
constexpr const C& prod = cfg::config(cfg::Environment::prod);
static_assert(&prod == &cfg::prod::config, "");
static_assert(prod.level == cfg::LogLevel::warn && prod.mode == cfg::Mode::manual, "");
static_assert(prod.cpu == 2000 && prod.memory == 2ull * 1024 * 1024 * 1024, "");
static_assert(prod.zones.size() == 3 && prod.zones[2] == "eu-west-1c", "");
static_assert(prod.database.host == "pg.prod.internal" && prod.database.pool.max_ == 50, "");
static_assert(prod.replica && prod.replica->host == "pg-replica.prod.internal", "");
static_assert(prod.replica->password.name == "db-replica", "");
static_assert(!prod.nickname && prod.max_conns == 500, "");
static_assert(prod.tls.enabled, "");

// ---- enums and envs
static_assert(cfg::to_string(cfg::LogLevel::warn) == "warn", "");
static_assert(cfg::from_string<cfg::LogLevel>("error") == cfg::LogLevel::error, "");
static_assert(!cfg::from_string<cfg::LogLevel>("verbose"), "");
static_assert(cfg::to_string(cfg::Mode::auto_) == "auto", "");
static_assert(cfg::environment_from_string("prod") == cfg::Environment::prod, "");
static_assert(!cfg::environment_from_string("staging"), "");
static_assert(cfg::to_string(cfg::Environment::dev) == "dev", "");
static_assert(cfg::config(*cfg::environment_from_string("dev")).name == "api", "");

// ---- the loader
namespace {

int failures = 0;

void check(bool ok, const char* what, int line) {
  if (ok) return;
  std::printf("types_main.cpp:%d: check failed: %s\n", line, what);
  ++failures;
}
#define CHECK(x) check((x), #x, __LINE__)

struct FakeEnv {
  std::map<std::string, std::string> vars;
  const char* operator()(const char* name) const {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  }
};

bool has_error(const cfg::LoadResult& r, const std::string& name, const std::string& value, const std::string& rule) {
  for (const cfg::LoadError& e : r.errors)
    if (e.name == name && e.value == value && e.rule == rule) return true;
  std::printf("missing error: %s=%s (%s)\n", name.c_str(), value.c_str(), rule.c_str());
  return false;
}

void good_overrides() {
  FakeEnv env{{{"NAME", "web"},
               {"DEBUG", "true"},
               {"LEVEL", "debug"},
               {"MODE", "manual"},
               {"SMALL", "255"},
               {"SIGNED_SMALL", "-3"},
               {"BIG", "4294967296"},
               {"RATIO", "0.5"},
               {"CPU", "1500m"},
               {"MEMORY", "1.5Gi"},
               {"TIMEOUT", "2m30s"},
               {"TARGET", "70%"},
               {"WINDOW", "2s..5m"},
               {"DATABASE_HOST", "db.example"},
               {"DATABASE_PORT", "6543"},
               {"DATABASE_POOL_MAX", "99"},
               {"DATABASE_POOL_IDLE", "500ms"},
               {"NICKNAME", ""},
               {"MAX_CONNS", "7"},
               {"TLS_ENABLED", "false"},
               {"ZONES", "ignored: lists are not read"}}};
  cfg::LoadResult r = cfg::load(cfg::Environment::dev, env);
  for (const cfg::LoadError& e : r.errors)
    std::printf("unexpected error: %s=%s (%s)\n", e.name.c_str(), e.value.c_str(), e.rule.c_str());
  CHECK(r.ok());
  cfg::LoadResult moved = std::move(r);  // the strings live in storage, which moves with it
  env.vars.clear();
  const C& c = moved.config;
  CHECK(c.name == "web");
  CHECK(c.debug && c.level == cfg::LogLevel::debug && c.mode == cfg::Mode::manual);
  CHECK(c.small_ == 255 && c.signed_small == -3 && c.big == 4294967296u && c.ratio == 0.5);
  CHECK(c.cpu == 1500 && c.memory == 1536u * 1024 * 1024);
  CHECK(c.timeout == std::chrono::seconds(150) && c.target == 7000);
  CHECK(c.window.lo == std::chrono::seconds(2) && c.window.hi == std::chrono::minutes(5));
  CHECK(c.database.host == "db.example" && c.database.port == 6543 && c.database.pool.max_ == 99);
  CHECK(c.database.pool.idle == std::chrono::milliseconds(500));
  CHECK(!c.nickname && c.max_conns == 7 && !c.tls.enabled);
  CHECK(c.zones.size() == 2 && c.count == -7);  // untouched fields keep the env's values
}

void bad_overrides() {
  FakeEnv env{{{"NAME", "Bad_Name_Far_Too_Long_For_Its_Limit"},
               {"DEBUG", "yes"},
               {"LEVEL", "verbose"},
               {"SMALL", "256"},
               {"SIGNED_SMALL", "x"},
               {"COUNT", "9223372036854775808"},
               {"RATIO", "1e999"},
               {"CPU", "8"},
               {"MEMORY", "1.5"},
               {"TIMEOUT", "30"},
               {"TARGET", "12.345%"},
               {"WINDOW", "5m"},
               {"DATABASE_PORT", "70000"},
               {"DATABASE_POOL_MAX", "101"},
               {"MAX_CONNS", "0"}}};
  cfg::LoadResult r = cfg::load(cfg::Environment::prod, env);
  CHECK(r.errors.size() == 16);
  CHECK(has_error(r, "NAME", "Bad_Name_Far_Too_Long_For_Its_Limit", "matches /^[a-z][a-z0-9-]*$/"));
  CHECK(has_error(r, "NAME", "Bad_Name_Far_Too_Long_For_Its_Limit", "length in 1..30"));
  CHECK(has_error(r, "DEBUG", "yes", "true or false"));
  CHECK(has_error(r, "LEVEL", "verbose", "one of debug, info, warn, error"));
  CHECK(has_error(r, "SMALL", "256", "in 0..255"));
  CHECK(has_error(r, "SIGNED_SMALL", "x", "an integer"));
  CHECK(has_error(r, "COUNT", "9223372036854775808", "an integer"));
  CHECK(has_error(r, "RATIO", "1e999", "a number"));
  CHECK(has_error(r, "CPU", "8", "in 100m..4"));
  CHECK(has_error(r, "MEMORY", "1.5", "a memory size such as 512Mi or 1G"));
  CHECK(has_error(r, "TIMEOUT", "30", "a duration such as 30s or 1h30m"));
  CHECK(has_error(r, "TARGET", "12.345%", "a percentage such as 70% or 12.5%"));
  CHECK(has_error(r, "WINDOW", "5m", "a range lo..hi of duration"));
  CHECK(has_error(r, "DATABASE_PORT", "70000", "in 1..65535"));
  CHECK(has_error(r, "DATABASE_POOL_MAX", "101", "in 0..100"));
  CHECK(has_error(r, "MAX_CONNS", "0", "in 1..1000"));
  // A refused value leaves the env's value in place.
  CHECK(r.config.name == "api" && r.config.small_ == 200 && r.config.cpu == 2000 && r.config.max_conns == 500);
  CHECK(r.config.database.port == 5432 && r.config.database.pool.max_ == 50);
}

void pattern_length_limit() {
  FakeEnv env{{{"NAME", std::string(300, 'a')}}};
  cfg::LoadResult r = cfg::load(cfg::Environment::dev, env);
  CHECK(r.errors.size() == 2);  // too long for the pattern check, and for `len 1..30`
  CHECK(has_error(r, "NAME", std::string(300, 'a'),
                  "matches /^[a-z][a-z0-9-]*$/ (checked on values of at most 256 bytes)"));
}

void other_unit_and_getenv() {
  CHECK(&prod_from_other_unit() == &cfg::prod::config);  // one object, whichever unit asks
  CHECK(zones_from_other_unit() == cfg::prod::config.zones.data());
  cfg::LoadResult r = load_from_other_unit({{"DATABASE_HOST", "other"}, {"SMALL", "-1"}});
  CHECK(r.config.database.host == "other" && r.errors.size() == 1);
  CHECK(r.errors.size() == 1 && r.errors[0].rule == "in 0..255");
  // std::getenv itself is a getenv-like function.
  ::setenv("TLS_ISSUER", "from the environment", 1);
  cfg::LoadResult g = cfg::load(cfg::Environment::dev, std::getenv);
  CHECK(g.ok() && g.config.tls.issuer == "from the environment");
}

}  // namespace

int main() {
  good_overrides();
  bad_overrides();
  pattern_length_limit();
  other_unit_and_getenv();
  if (failures == 0) std::printf("types: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
