#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/units.hpp"

using namespace strata::base;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

using K = UnitKind;

// The value of a literal that must parse.
std::int64_t val(std::string_view lit, UnitKind kind) {
  auto r = parse_quantity(lit, kind);
  if (auto* e = std::get_if<UnitError>(&r)) {
    FAIL_CHECK("`" << std::string(lit) << "` as " << std::string(unit_kind_name(kind)) << ": " << e->message);
    return -1;
  }
  auto q = std::get<Quantity>(r);
  CHECK(q.kind == kind);
  return q.value;
}

// The error message of a literal that must not parse ("" if it parsed).
std::string err(std::string_view lit, UnitKind kind) {
  auto r = parse_quantity(lit, kind);
  if (auto* e = std::get_if<UnitError>(&r)) return e->message;
  FAIL_CHECK("`" << std::string(lit) << "` parsed as " << std::get<Quantity>(r).value);
  return "";
}

bool fails(std::string_view lit, UnitKind kind) { return std::holds_alternative<UnitError>(parse_quantity(lit, kind)); }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::int64_t int_val(std::variant<Quantity, UnitError> r) {
  if (auto* e = std::get_if<UnitError>(&r)) {
    FAIL_CHECK(e->message);
    return -1;
  }
  return std::get<Quantity>(r).value;
}

std::string int_err(std::variant<Quantity, UnitError> r) {
  if (auto* e = std::get_if<UnitError>(&r)) return e->message;
  FAIL_CHECK("expected an error, got " << std::get<Quantity>(r).value);
  return "";
}

std::string fmt_q(UnitKind k, std::int64_t v) { return format_quantity({k, v}); }

}  // namespace

TEST_CASE("unit kind names") {
  CHECK(unit_kind_name(K::Cpu) == "cpu");
  CHECK(unit_kind_name(K::Memory) == "memory");
  CHECK(unit_kind_name(K::Duration) == "duration");
  CHECK(unit_kind_name(K::Percent) == "percent");
}

TEST_CASE("unit_kinds_of: the kinds each suffix allows") {
  using V = std::vector<UnitKind>;
  CHECK(unit_kinds_of("5m") == V{K::Cpu, K::Duration});
  CHECK(unit_kinds_of("250m") == V{K::Cpu, K::Duration});
  CHECK(unit_kinds_of("1e3m") == V{K::Cpu, K::Duration});
  CHECK(unit_kinds_of("0.5m") == V{K::Cpu, K::Duration});  // exactness is parse_quantity's business
  CHECK(unit_kinds_of("2") == V{K::Cpu, K::Memory});
  CHECK(unit_kinds_of("0.5") == V{K::Cpu, K::Memory});
  for (const char* lit : {"1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "512Mi", "1.5Gi", "1Ti", "1Pi", "1Ei", "1E3Gi"})
    CHECK_MESSAGE(unit_kinds_of(lit) == V{K::Memory}, lit);
  for (const char* lit : {"500ms", "30s", "1h", "1d", "1.5h", "1h30m", "2m30s", "1h30m15s500ms", "1d12h", "30m1h",
                          "1h2h", "1.5h30m"})
    CHECK_MESSAGE(unit_kinds_of(lit) == V{K::Duration}, lit);
  CHECK(unit_kinds_of("70%") == V{K::Percent});
  CHECK(unit_kinds_of("12.5%") == V{K::Percent});
  for (const char* lit : {"", "m", "5xyz", "1K", "1ki", "1Gi512Mi", "1h30", "70%x", "1e", "1__0m", "0x10", "1h5Gi"})
    CHECK_MESSAGE(unit_kinds_of(lit).empty(), lit);
}

TEST_CASE("cpu: millicores or whole cores") {
  CHECK(val("250m", K::Cpu) == 250);
  CHECK(val("1000m", K::Cpu) == 1000);
  CHECK(val("0m", K::Cpu) == 0);
  CHECK(val("2", K::Cpu) == 2000);
  CHECK(val("0", K::Cpu) == 0);
  CHECK(val("0.5", K::Cpu) == 500);
  CHECK(val("1.25", K::Cpu) == 1250);
  CHECK(val("0.001", K::Cpu) == 1);
  CHECK(val("1e3m", K::Cpu) == 1000);
  CHECK(val("2.5e2m", K::Cpu) == 250);
  CHECK(val("1_000m", K::Cpu) == 1000);
  CHECK(val("1.0m", K::Cpu) == 1);
  CHECK(val("007m", K::Cpu) == 7);
  CHECK(val("1e-3", K::Cpu) == 1);
  CHECK(val("1E+2m", K::Cpu) == 100);
  CHECK(val("2500e-1m", K::Cpu) == 250);
  for (const char* lit : {"512Mi", "1k", "30s", "1h", "70%", "1ms", "1h30m", "5xyz"})
    CHECK_MESSAGE(fails(lit, K::Cpu), lit);
}

TEST_CASE("memory: decimal and binary suffixes, or bytes") {
  CHECK(val("1000", K::Memory) == 1000);
  CHECK(val("0", K::Memory) == 0);
  CHECK(val("1k", K::Memory) == 1000);
  CHECK(val("1M", K::Memory) == 1000000);
  CHECK(val("1G", K::Memory) == 1000000000);
  CHECK(val("1T", K::Memory) == 1000000000000);
  CHECK(val("1P", K::Memory) == 1000000000000000);
  CHECK(val("1E", K::Memory) == 1000000000000000000);
  CHECK(val("1Ki", K::Memory) == 1024);
  CHECK(val("512Mi", K::Memory) == 512 * 1024 * 1024);
  CHECK(val("1Gi", K::Memory) == std::int64_t{1} << 30);
  CHECK(val("1Ti", K::Memory) == std::int64_t{1} << 40);
  CHECK(val("1Pi", K::Memory) == std::int64_t{1} << 50);
  CHECK(val("1Ei", K::Memory) == std::int64_t{1} << 60);
  CHECK(val("7Ei", K::Memory) == std::int64_t{7} << 60);
  CHECK(val("9E", K::Memory) == 9000000000000000000);
  CHECK(val("1.5Gi", K::Memory) == 1610612736);
  CHECK(val("0.5Ki", K::Memory) == 512);
  CHECK(val("1.5k", K::Memory) == 1500);
  CHECK(val("0.001k", K::Memory) == 1);
  CHECK(val("250M", K::Memory) == 250000000);
  CHECK(val("1E3", K::Memory) == 1000);     // an exponent, not exa
  CHECK(val("1E3Gi", K::Memory) == 1000LL << 30);
  CHECK(val("1e0Ki", K::Memory) == 1024);
  CHECK(val("9223372036854775807", K::Memory) == kMax);
  for (const char* lit : {"1K", "1ki", "1m", "1mi", "1KI", "1GB", "1Gib", "30s", "70%", "1h30m"})
    CHECK_MESSAGE(fails(lit, K::Memory), lit);
}

TEST_CASE("duration: ms s m h d") {
  CHECK(val("500ms", K::Duration) == 500);
  CHECK(val("30s", K::Duration) == 30000);
  CHECK(val("5m", K::Duration) == 300000);
  CHECK(val("1h", K::Duration) == 3600000);
  CHECK(val("1d", K::Duration) == 86400000);
  CHECK(val("0s", K::Duration) == 0);
  CHECK(val("1.5h", K::Duration) == 5400000);
  CHECK(val("0.5s", K::Duration) == 500);
