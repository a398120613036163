#pragma once
/// Unit values: the exact value of a unit literal once its expected type is
/// known, checked integer arithmetic, and the one canonical text of each value.
///
/// Every unit value is an exact int64 count of the kind's smallest unit, never
/// a float: cpu in millicores, memory in bytes, duration in milliseconds,
/// percent in hundredths of a percent (70% = 7000, 12.5% = 1250). Decimal
/// fractions and exponents in literals are computed exactly on the digits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace strata::base {

/// The unit types of the language.
enum class UnitKind { Cpu, Memory, Duration, Percent };

/// The type name of a kind: "cpu", "memory", "duration", "percent".
std::string_view unit_kind_name(UnitKind kind);

/// A unit value: an exact count of the kind's smallest unit (millicores,
/// bytes, milliseconds, hundredths of a percent). Negative only as the result
/// of arithmetic; no literal is negative.
struct Quantity {
  UnitKind kind;
  std::int64_t value;
  friend bool operator==(const Quantity&, const Quantity&) = default;
};

/// Why a literal or number is not a value of the expected kind. The message
/// names the literal in backticks and says what would be accepted.
struct UnitError {
  std::string message;
};

/// The kinds a unit literal's suffix allows, in declaration order of UnitKind:
/// "5m" -> {Cpu, Duration} (millicores or minutes: the expected type decides),
/// "512Mi" and "1G" -> {Memory}, "30s" and "1h30m" -> {Duration}, "70%" -> {Percent},
/// a plain number such as "2" or "0.5" -> {Cpu, Memory} (cores or bytes).
/// Only the suffixes are looked at: "30m1h" (wrong order) and "1.5h30m" (fraction
/// in a compound) still give {Duration}, and parse_quantity explains what is wrong.
/// Empty when the text is not a number with a unit suffix ("5xyz", "1Gi512Mi").
std::vector<UnitKind> unit_kinds_of(std::string_view literal);

/// The exact value of a unit literal as the given kind, or an error naming the
/// literal: a suffix that the kind does not take, a value that is not a whole
/// number of the smallest unit ("0.5m" as cpu is half a millicore), a value that
/// does not fit in int64, or a compound duration whose parts are out of order,
/// repeated or not whole numbers ("30m1h", "1h2h", "1.5h30m").
///
/// Accepts exactly what the parser keeps as a unit literal: digits with `_`
/// between two digits, an optional fraction `.digits`, an optional exponent
/// `e[+-]digits` (`E` too), then a suffix; or a compound duration of several
/// number-suffix groups from the largest unit to the smallest ("1d12h",
/// "1h30m15s500ms"). A plain number without suffix is accepted as cpu (cores)
/// and memory (bytes). Suffixes: cpu `m` (millicores) or none (cores); memory
/// `k M G T P E` (powers of 1000), `Ki Mi Gi Ti Pi Ei` (powers of 1024) or none
/// (bytes); duration `ms s m h d`; percent `%`.
std::variant<Quantity, UnitError> parse_quantity(std::string_view literal, UnitKind kind);

/// An integer where a unit is expected: cpu counts whole cores (2 -> 2000m),
/// memory counts bytes. A duration or percent needs its unit, so those are errors
/// that say how to write it ("write `30s`", "write `70%`"). Negative numbers are
/// scaled like positive ones; an int64 overflow is an error.
std::variant<Quantity, UnitError> quantity_from_int(std::int64_t n, UnitKind kind);

/// A float where a unit is expected, with the rules of quantity_from_int. The
/// double is taken as the shortest decimal that reads back as the same double
/// (so 0.1 is one tenth, as written), and that decimal must be a whole number of
/// the smallest unit: 0.5 cpu is 500m, 0.0001 cpu is an error, 1.5 bytes is an
/// error. NaN and infinities are errors.
std::variant<Quantity, UnitError> quantity_from_float(double x, UnitKind kind);

/// The canonical text of a value, the same in every output, readable back by
/// parse_quantity (for values >= 0):
/// - cpu: whole cores "2" when divisible by 1000, else millicores "250m"; "0".
/// - memory: the largest binary suffix that divides exactly ("1536Mi", "1Gi",
///   "512Ki"), else bytes ("1000"); "0". Decimal suffixes (k, M, ...) are never
///   written.
/// - duration: the non-zero h, m, s, ms parts from largest to smallest ("1h30m",
///   "30s", "1m30s", "500ms", "48h", never "2h0m0s" or days); "0s" for zero.
/// - percent: a whole percent and up to two decimals, no trailing zeros ("70%",
///   "12.5%", "0.01%", "0%").
/// Negative values (from subtraction) are the text of their magnitude after '-'.
std::string format_quantity(Quantity q);

/// True when s is a quantity in the text Kubernetes takes (its JSON Schemas'
/// pattern): an optional sign, digits with an optional fraction (`1`, `1.`,
/// `1.5`) or a bare fraction (`.5`), then nothing, a binary suffix (`Ki` ...
/// `Ei`), a decimal one (`n u m k M G T P E`) or an exponent (`e3`, `E-2.5`).
/// Says nothing of its size.
bool is_quantity_text(std::string_view s);

/// a + b, or nullopt when it overflows int64 (the caller reports it).
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
/// a - b, or nullopt when it overflows int64 (the caller reports it).
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
/// a * b, or nullopt when it overflows int64 (the caller reports it).
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);

}  // namespace strata::base
