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

bool fails(std::string_view lit, UnitKind kind) {
  return std::holds_alternative<UnitError>(parse_quantity(lit, kind));
}

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
  for (const char* lit :
       {"1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "512Mi", "1.5Gi", "1Ti", "1Pi", "1Ei", "1E3Gi"})
    CHECK_MESSAGE(unit_kinds_of(lit) == V{K::Memory}, lit);
  for (const char* lit : {"500ms", "30s", "1h", "1d", "1.5h", "1h30m", "2m30s", "1h30m15s500ms", "1d12h", "30m1h",
                          "1h2h", "1.5h30m"})
    CHECK_MESSAGE(unit_kinds_of(lit) == V{K::Duration}, lit);
  CHECK(unit_kinds_of("70%") == V{K::Percent});
  CHECK(unit_kinds_of("12.5%") == V{K::Percent});
  for (const char* lit :
       {"", "m", "5xyz", "1K", "1ki", "1Gi512Mi", "1h30", "70%x", "1e", "1__0m", "0x10", "1h5Gi"})
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
  CHECK(val("2.5d", K::Duration) == 216000000);
  CHECK(val("0.001s", K::Duration) == 1);
  CHECK(val("1e3ms", K::Duration) == 1000);
  CHECK(val("1_000ms", K::Duration) == 1000);
  for (const char* lit : {"30", "1Gi", "70%", "1k", "1sec", "1min", "1H", "1S", "1us", "1ns"})
    CHECK_MESSAGE(fails(lit, K::Duration), lit);
}

TEST_CASE("percent: hundredths of a percent") {
  CHECK(val("70%", K::Percent) == 7000);
  CHECK(val("12.5%", K::Percent) == 1250);
  CHECK(val("0.01%", K::Percent) == 1);
  CHECK(val("0%", K::Percent) == 0);
  CHECK(val("100%", K::Percent) == 10000);
  CHECK(val("250%", K::Percent) == 25000);
  CHECK(val("0.5%", K::Percent) == 50);
  CHECK(val("1e1%", K::Percent) == 1000);
  CHECK(val("7e-1%", K::Percent) == 70);
  for (const char* lit : {"70", "0.7", "5m", "30s", "1Gi", "70%%", "70%x"})
    CHECK_MESSAGE(fails(lit, K::Percent), lit);
}

TEST_CASE("`m` is millicores for cpu and minutes for durations") {
  CHECK(val("5m", K::Cpu) == 5);
  CHECK(val("5m", K::Duration) == 5 * 60 * 1000);
  CHECK(val("1.5m", K::Duration) == 90000);
  CHECK(fails("1.5m", K::Cpu));  // 1.5 millicores
  CHECK(fails("5m", K::Memory));
  CHECK(fails("5m", K::Percent));
  CHECK(contains(err("5m", K::Memory), "`m` is millicores or minutes"));
}

TEST_CASE("exactness: a whole number of the smallest unit") {
  CHECK(fails("0.5m", K::Cpu));
  CHECK(fails("0.25m", K::Cpu));
  CHECK(fails("0.0001", K::Cpu));
  CHECK(fails("0.1", K::Memory));
  CHECK(fails("1.5", K::Memory));
  CHECK(fails("0.0001k", K::Memory));
  CHECK(fails("0.1Ki", K::Memory));  // 102.4 bytes
  CHECK(fails("1.5ms", K::Duration));
  CHECK(fails("0.0001s", K::Duration));
  CHECK(fails("0.001%", K::Percent));
  CHECK(fails("12.345%", K::Percent));
  CHECK(fails("1e-4", K::Cpu));
  // Fractions that come out whole are fine, however they are written.
  CHECK(val("0.25Ki", K::Memory) == 256);
  CHECK(val("0.0009765625Ki", K::Memory) == 1);  // 1/1024 Ki
  CHECK(val("0.5000000000000000000000000000m", K::Duration) == 30000);
  CHECK(val("1.000000000000000000000000000000000000000000000000m", K::Cpu) == 1);
  CHECK(val("100e-2", K::Cpu) == 1000);
  CHECK(val("0." + std::string(89, '0') + "1e90m", K::Cpu) == 1);
  CHECK(val("0." + std::string(89, '0') + "1e90", K::Cpu) == 1000);
  CHECK(val(std::string(5000, '0') + "1." + std::string(5000, '0') + "Gi", K::Memory) == 1LL << 30);
  CHECK(fails("0." + std::string(5000, '0') + "1", K::Memory));
  CHECK(fails(std::string(5000, '1') + "e-4990", K::Memory));
  // 5^60 / 10^60 Ei is exactly one byte: the mantissa needs more than 128 bits.
  CHECK(val("0.000000000000000000867361737988403547205962240695953369140625Ei", K::Memory) == 1);
  CHECK(fails("0.000000000000000000867361737988403547205962240695953369140624Ei", K::Memory));
  CHECK(fails("1e-100", K::Memory));
  CHECK(fails("1e-1000000000000000000000", K::Memory));
  CHECK(val("0e-1000000000000000000000", K::Memory) == 0);
  CHECK(val("0e1000000000000000000000", K::Memory) == 0);
  CHECK(val("0.0Ei", K::Memory) == 0);
}

TEST_CASE("overflow of int64") {
  CHECK(fails("9223372036854775807Ki", K::Memory));
  CHECK(fails("9223372036854775808", K::Memory));
  CHECK(fails("99999999999999999999999999999999999999999999", K::Memory));
  CHECK(fails("8Ei", K::Memory));
  CHECK(val("7.99999999999999999913263826201159645279403775930404663085937500Ei", K::Memory) == kMax);
  CHECK(fails("10E", K::Memory));
  CHECK(fails("1e19", K::Memory));
  CHECK(fails("1e1000000000000000000000", K::Memory));
  CHECK(val("9.223372036854775807e18", K::Memory) == kMax);
  CHECK(fails("9.223372036854775808e18", K::Memory));
  CHECK(val("9223372036854775807m", K::Cpu) == kMax);
  CHECK(fails("9223372036854775808m", K::Cpu));
  CHECK(val("9223372036854775.807", K::Cpu) == kMax);
  CHECK(fails("9223372036854776", K::Cpu));
  CHECK(fails("106751991168d", K::Duration));  // about 106751991167.3 days is the largest
  CHECK(val("106751991167d", K::Duration) == 106751991167LL * 86400000);
  CHECK(fails("92233720368547758.08%", K::Percent));
  CHECK(val("92233720368547758.07%", K::Percent) == kMax);
}

TEST_CASE("compound durations") {
  CHECK(val("1h30m", K::Duration) == 5400000);
  CHECK(val("2m30s", K::Duration) == 150000);
  CHECK(val("1h30m15s500ms", K::Duration) == 3600000 + 1800000 + 15000 + 500);
  CHECK(val("1d12h", K::Duration) == 129600000);
  CHECK(val("2m30s500ms", K::Duration) == 150500);
  CHECK(val("1h0m", K::Duration) == 3600000);
  CHECK(val("1d1h1m1s1ms", K::Duration) == 86400000 + 3600000 + 60000 + 1000 + 1);
  CHECK(val("1h90m", K::Duration) == 9000000);  // parts may exceed the next unit
  CHECK(val("1_000h30m", K::Duration) == 1000LL * 3600000 + 1800000);
  CHECK(val("2562047788015h12m55s807ms", K::Duration) == kMax);
  CHECK(fails("2562047788015h12m55s808ms", K::Duration));
  CHECK(fails("30m1h", K::Duration));
  CHECK(fails("1s1m", K::Duration));
  CHECK(fails("500ms1s", K::Duration));
  CHECK(fails("1h2h", K::Duration));
  CHECK(fails("1m1m", K::Duration));
  CHECK(fails("1h30m30m", K::Duration));
  CHECK(fails("1.5h30m", K::Duration));
  CHECK(fails("1e1h30m", K::Duration));
  CHECK(fails("1h30", K::Duration));
  CHECK(fails("1h5Gi", K::Duration));
  CHECK(fails("1h5x", K::Duration));
  CHECK(fails("1h30m", K::Cpu));
  CHECK(fails("1h30m", K::Memory));
  CHECK(fails("1Gi512Mi", K::Memory));
  CHECK(fails("1h30m", K::Percent));
}

TEST_CASE("malformed text is an error, never a crash") {
  for (const char* lit : {"", "m", "%", ".5m", "1.m", "1._5m", "1__0m", "1_m", "_1m", "1e", "1e+", "1e+m", "1h+",
                          "1..2", "1.2.3", "-1m", "+1m", " 1m", "1m ", "1 m", "0x10", "1h30m_", "1Gi!"}) {
    for (UnitKind k : {K::Cpu, K::Memory, K::Duration, K::Percent}) {
      auto r = parse_quantity(lit, k);
      CHECK_MESSAGE(std::holds_alternative<UnitError>(r), lit);
      if (auto* e = std::get_if<UnitError>(&r)) CHECK(!e->message.empty());
    }
  }
}

TEST_CASE("error messages name the literal and say what is wrong") {
  CHECK(err("0.25m", K::Cpu) == "`0.25m` is not a whole number of millicores, the smallest cpu unit");
  CHECK(err("0.1", K::Memory) == "`0.1` is not a whole number of bytes, the smallest memory unit");
  CHECK(err("1.5ms", K::Duration) == "`1.5ms` is not a whole number of milliseconds, the smallest duration unit");
  CHECK(err("0.001%", K::Percent) ==
        "`0.001%` is not a whole number of hundredths of a percent (0.01%), the smallest percent unit");
  CHECK(err("9223372036854775807Ki", K::Memory) ==
        "`9223372036854775807Ki` is too large for a memory value: the largest is 9223372036854775807 bytes");
  CHECK(err("512Mi", K::Cpu) == "`512Mi` is not a cpu value: `Mi` is a memory unit; cpu takes `m` (millicores) or "
                                "a plain number of cores, as in `250m` or `2`");
  CHECK(err("30s", K::Memory) == "`30s` is not a memory value: `s` is a duration unit; memory takes k M G T P E, "
                                 "Ki Mi Gi Ti Pi Ei or a plain number of bytes, as in `512Mi`");
  CHECK(err("70%", K::Duration) ==
        "`70%` is not a duration: `%` makes a percent; a duration takes ms s m h d, as in `30s` or `1h30m`");
  CHECK(err("5xyz", K::Percent) == "`5xyz` is not a percent: `xyz` is not a unit; a percent takes %, as in `70%`");
  CHECK(err("30", K::Duration) == "`30` has no unit: a duration needs one, as in `30s`");
  CHECK(err("70", K::Percent) == "`70` has no unit: write `70%` for a percent");
  CHECK(err("30m1h", K::Duration) == "`30m1h` is not a duration: the parts of a compound duration go from the "
                                     "largest unit to the smallest (d h m s ms)");
  CHECK(err("1h2h", K::Duration) == "`1h2h` is not a duration: `h` appears twice; write each unit once, from the "
                                    "largest to the smallest (d h m s ms)");
  CHECK(err("1.5h30m", K::Duration) ==
        "`1.5h30m` is not a duration: every part of a compound duration must be a whole number");
  CHECK(err("1h30", K::Duration) == "`1h30` is not a duration: its last number has no unit");
  CHECK(contains(err("1h30m", K::Cpu), "`1h30m` is not a cpu value: it is a duration"));
  CHECK(contains(err("1Gi512Mi", K::Memory), "only durations can be written in parts"));
  CHECK(contains(err("70%x", K::Percent), "`%x` is not a unit"));
  CHECK(contains(err("2562047788015h12m55s808ms", K::Duration), "too large for a duration"));
  CHECK(contains(err("", K::Cpu), "is not a number with a unit"));
}

TEST_CASE("plain integers where a unit is expected") {
  CHECK(int_val(quantity_from_int(2, K::Cpu)) == 2000);
  CHECK(int_val(quantity_from_int(0, K::Cpu)) == 0);
  CHECK(int_val(quantity_from_int(-3, K::Cpu)) == -3000);
  CHECK(int_val(quantity_from_int(kMax / 1000, K::Cpu)) == kMax / 1000 * 1000);
  CHECK(int_err(quantity_from_int(kMax / 1000 + 1, K::Cpu)) ==
        "`9223372036854776` cores is too large for a cpu value: the largest is 9223372036854775807 millicores");
  CHECK(int_val(quantity_from_int(1000, K::Memory)) == 1000);
  CHECK(int_val(quantity_from_int(kMax, K::Memory)) == kMax);
  CHECK(int_err(quantity_from_int(30, K::Duration)) ==
        "`30` is a plain number, not a duration: write it with a unit, as in `30s`");
  CHECK(int_err(quantity_from_int(70, K::Percent)) == "`70` is a plain number, not a percent: write `70%`");
}

TEST_CASE("plain floats where a unit is expected") {
  CHECK(int_val(quantity_from_float(0.5, K::Cpu)) == 500);
  CHECK(int_val(quantity_from_float(2.0, K::Cpu)) == 2000);
  CHECK(int_val(quantity_from_float(0.1, K::Cpu)) == 100);  // the decimal as written, not the binary double
  CHECK(int_val(quantity_from_float(0.3, K::Cpu)) == 300);
  CHECK(int_val(quantity_from_float(1.001, K::Cpu)) == 1001);
  CHECK(int_val(quantity_from_float(-0.25, K::Cpu)) == -250);
  CHECK(int_val(quantity_from_float(-0.0, K::Cpu)) == 0);
  CHECK(int_val(quantity_from_float(1e3, K::Memory)) == 1000);
  CHECK(int_val(quantity_from_float(1.5e3, K::Memory)) == 1500);
  CHECK(int_val(quantity_from_float(1e18, K::Memory)) == 1000000000000000000);
  CHECK(int_val(quantity_from_float(123456.789, K::Cpu)) == 123456789);
  CHECK(int_val(quantity_from_float(9007199254740992.0, K::Memory)) == 9007199254740992);
  CHECK(int_err(quantity_from_float(0.0001, K::Cpu)) ==
        "`0.0001` cores is not a whole number of millicores, the smallest cpu unit");
  CHECK(int_err(quantity_from_float(0.1, K::Memory)) ==
        "`0.1` is not a whole number of bytes, the smallest memory unit");
  CHECK(contains(int_err(quantity_from_float(1e300, K::Memory)), "too large for a memory value"));
  CHECK(contains(int_err(quantity_from_float(1e-300, K::Memory)), "not a whole number of bytes"));
  CHECK(contains(int_err(quantity_from_float(1e19, K::Memory)), "too large"));
  CHECK(contains(int_err(quantity_from_float(std::numeric_limits<double>::infinity(), K::Cpu)), "not a finite"));
  CHECK(contains(int_err(quantity_from_float(std::numeric_limits<double>::quiet_NaN(), K::Memory)),
                 "not a finite"));
  CHECK(int_err(quantity_from_float(1.5, K::Duration)) ==
        "`1.5` is a plain number, not a duration: write it with a unit, as in `1.5s`");
  CHECK(int_err(quantity_from_float(12.5, K::Percent)) ==
        "`12.5` is a plain number, not a percent: write `12.5%`");
}

TEST_CASE("format: cpu") {
  CHECK(fmt_q(K::Cpu, 250) == "250m");
  CHECK(fmt_q(K::Cpu, 2000) == "2");
  CHECK(fmt_q(K::Cpu, 1000) == "1");
  CHECK(fmt_q(K::Cpu, 1500) == "1500m");
  CHECK(fmt_q(K::Cpu, 1) == "1m");
  CHECK(fmt_q(K::Cpu, 0) == "0");
  CHECK(fmt_q(K::Cpu, -250) == "-250m");
  CHECK(fmt_q(K::Cpu, -2000) == "-2");
  CHECK(fmt_q(K::Cpu, kMax) == "9223372036854775807m");
  CHECK(fmt_q(K::Cpu, kMin) == "-9223372036854775808m");
}

TEST_CASE("format: memory with the largest exact binary suffix") {
  CHECK(fmt_q(K::Memory, 1536LL << 20) == "1536Mi");
  CHECK(fmt_q(K::Memory, 1LL << 30) == "1Gi");
  CHECK(fmt_q(K::Memory, 512LL << 10) == "512Ki");
  CHECK(fmt_q(K::Memory, 1024) == "1Ki");
  CHECK(fmt_q(K::Memory, 1000) == "1000");
  CHECK(fmt_q(K::Memory, 1) == "1");
  CHECK(fmt_q(K::Memory, 0) == "0");
  CHECK(fmt_q(K::Memory, 1000000000) == "1000000000");  // 1G has no exact binary suffix
  CHECK(fmt_q(K::Memory, 2000000000) == "1953125Ki");
  CHECK(fmt_q(K::Memory, 1LL << 40) == "1Ti");
  CHECK(fmt_q(K::Memory, 1LL << 50) == "1Pi");
  CHECK(fmt_q(K::Memory, 1LL << 60) == "1Ei");
  CHECK(fmt_q(K::Memory, 3LL << 60) == "3Ei");
  CHECK(fmt_q(K::Memory, 1025LL << 40) == "1025Ti");
  CHECK(fmt_q(K::Memory, kMax) == "9223372036854775807");
  CHECK(fmt_q(K::Memory, -(512LL << 20)) == "-512Mi");
  CHECK(fmt_q(K::Memory, kMin) == "-8Ei");
}

TEST_CASE("format: durations as h m s ms without zero parts") {
  CHECK(fmt_q(K::Duration, 5400000) == "1h30m");
  CHECK(fmt_q(K::Duration, 30000) == "30s");
  CHECK(fmt_q(K::Duration, 90000) == "1m30s");
  CHECK(fmt_q(K::Duration, 500) == "500ms");
  CHECK(fmt_q(K::Duration, 7200000) == "2h");
  CHECK(fmt_q(K::Duration, 0) == "0s");
  CHECK(fmt_q(K::Duration, 300000) == "5m");
  CHECK(fmt_q(K::Duration, 1500) == "1s500ms");
  CHECK(fmt_q(K::Duration, 3600001) == "1h1ms");
  CHECK(fmt_q(K::Duration, 86400000) == "24h");  // no days
  CHECK(fmt_q(K::Duration, 3600000 + 1000) == "1h1s");
  CHECK(fmt_q(K::Duration, kMax) == "2562047788015h12m55s807ms");
  CHECK(fmt_q(K::Duration, -5400000) == "-1h30m");
  CHECK(fmt_q(K::Duration, kMin) == "-2562047788015h12m55s808ms");
}

TEST_CASE("format: percent") {
  CHECK(fmt_q(K::Percent, 7000) == "70%");
  CHECK(fmt_q(K::Percent, 1250) == "12.5%");
  CHECK(fmt_q(K::Percent, 1) == "0.01%");
  CHECK(fmt_q(K::Percent, 10) == "0.1%");
  CHECK(fmt_q(K::Percent, 1205) == "12.05%");
  CHECK(fmt_q(K::Percent, 1234) == "12.34%");
  CHECK(fmt_q(K::Percent, 0) == "0%");
  CHECK(fmt_q(K::Percent, 10000) == "100%");
  CHECK(fmt_q(K::Percent, -1250) == "-12.5%");
  CHECK(fmt_q(K::Percent, kMax) == "92233720368547758.07%");
}

TEST_CASE("arithmetic: 2 * 512Mi is 1Gi") {
  auto half = std::get<Quantity>(parse_quantity("512Mi", K::Memory));
  auto product = checked_mul(2, half.value);
  REQUIRE(product);
  CHECK(format_quantity({K::Memory, *product}) == "1Gi");
  auto sum = checked_add(std::get<Quantity>(parse_quantity("1h", K::Duration)).value,
                         std::get<Quantity>(parse_quantity("30m", K::Duration)).value);
  REQUIRE(sum);
  CHECK(format_quantity({K::Duration, *sum}) == "1h30m");
  auto diff = checked_sub(std::get<Quantity>(parse_quantity("250m", K::Cpu)).value,
                          std::get<Quantity>(parse_quantity("1", K::Cpu)).value);
  REQUIRE(diff);
  CHECK(format_quantity({K::Cpu, *diff}) == "-750m");
}

TEST_CASE("checked arithmetic detects int64 overflow") {
  CHECK(checked_add(1, 2) == 3);
  CHECK(checked_add(kMax, 0) == kMax);
  CHECK(!checked_add(kMax, 1));
  CHECK(!checked_add(kMin, -1));
  CHECK(checked_add(kMax, kMin) == -1);
  CHECK(checked_sub(5, 7) == -2);
  CHECK(checked_sub(kMin, 0) == kMin);
  CHECK(!checked_sub(kMin, 1));
  CHECK(!checked_sub(0, kMin));
  CHECK(!checked_sub(kMax, -1));
  CHECK(checked_mul(3, -4) == -12);
  CHECK(checked_mul(kMax, 1) == kMax);
  CHECK(checked_mul(kMin, 1) == kMin);
  CHECK(!checked_mul(kMin, -1));
  CHECK(!checked_mul(kMax, 2));
  CHECK(!checked_mul(std::int64_t{1} << 32, std::int64_t{1} << 31));
  CHECK(checked_mul(std::int64_t{1} << 31, std::int64_t{1} << 31) == std::int64_t{1} << 62);
  CHECK(checked_mul(0, kMin) == 0);
  auto big = std::get<Quantity>(parse_quantity("4Ei", K::Memory));
  CHECK(!checked_mul(2, big.value));
}

TEST_CASE("round trips: parse(format(q)) == q") {
  std::vector<std::int64_t> values = {0, 1, 2, 9, 10, 99, 100, 999, 1000, 1001, 1023, 1024, 1025, 1500, 59999,
                                      60000, 60001, 3599999, 3600000, 86400000, 1LL << 20, 1536LL << 20,
                                      1LL << 30, 1LL << 40, 1LL << 50, 1LL << 60, 7LL << 60, kMax, kMax - 1,
                                      kMax / 1000 * 1000, kMax / 100 * 100, kMax >> 10 << 10};
  std::uint64_t seed = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 2000; ++i) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    std::uint64_t x = seed >> 1;
    int shift = static_cast<int>(seed % 63);
    values.push_back(static_cast<std::int64_t>(x >> shift));                  // every magnitude
    values.push_back(static_cast<std::int64_t>((x >> shift) >> 20 << 20));   // memory-friendly
    values.push_back(static_cast<std::int64_t>((x >> shift) / 1000 * 1000));  // whole cores and seconds
  }
  for (UnitKind k : {K::Cpu, K::Memory, K::Duration, K::Percent}) {
    for (std::int64_t v : values) {
      Quantity q{k, v};
      std::string text = format_quantity(q);
      auto r = parse_quantity(text, k);
      if (!std::holds_alternative<Quantity>(r)) {
        FAIL_CHECK(text << ": " << std::get<UnitError>(r).message);
        continue;
      }
      CHECK_MESSAGE(std::get<Quantity>(r) == q, text);
      CHECK(format_quantity(std::get<Quantity>(r)) == text);
    }
  }
}

TEST_CASE("format of a parsed literal is canonical") {
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1.5Gi", K::Memory))) == "1536Mi");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1024Mi", K::Memory))) == "1Gi");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1000m", K::Cpu))) == "1");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("0.5", K::Cpu))) == "500m");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("90m", K::Duration))) == "1h30m");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1d", K::Duration))) == "24h");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1.5h", K::Duration))) == "1h30m");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("12.50%", K::Percent))) == "12.5%");
  CHECK(format_quantity(std::get<Quantity>(parse_quantity("1k", K::Memory))) == "1000");
}
