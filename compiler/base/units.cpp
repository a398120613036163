// Exact unit values. A literal is read as groups of (decimal digits, power of
// ten, suffix); the value is digits * 10^scale * factor(suffix), computed on a
// small fixed-width big integer so that fractions and exponents never go
// through a double and every overflow is seen.
#include "base/units.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>

namespace strata::base {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// ------------------------------------------------------------------ lexing

// One number-suffix group of a literal: its value is digits * 10^scale times
// the suffix's factor.
struct Group {
  std::string digits;      // the integer and fraction digits, without '_'
  std::int64_t scale = 0;  // exponent minus the number of fraction digits
  bool whole = true;       // written without fraction and exponent
  std::string_view suffix;
};

struct Lexed {
  std::vector<Group> groups;
  bool ok = false;
  // When !ok and groups is not empty: the text after the last good number,
  // which is not a suffix (shown as the bad suffix in messages).
  std::string_view rest;
};

// Digits with '_' allowed between two digits, as the parser reads them.
std::size_t scan_digits(std::string_view t, std::size_t i, std::string* out) {
  while (i < t.size() && (is_digit(t[i]) || (t[i] == '_' && i > 0 && is_digit(t[i - 1]) && i + 1 < t.size() &&
                                             is_digit(t[i + 1])))) {
    if (t[i] != '_' && out) out->push_back(t[i]);
    ++i;
  }
  return i;
}

// Splits a literal into groups. Mirrors parse_number in syntax/tokens.cpp: an
// `e`/`E` is an exponent only when digits (after an optional sign) follow, so
// `1E` is exa and `1E3` is 1000; `%` is a suffix of one character.
Lexed lex(std::string_view t) {
  Lexed out;
  std::size_t i = 0;
  for (;;) {
    if (i == t.size() || !is_digit(t[i])) return out;  // not a number here
    Group g;
    i = scan_digits(t, i, &g.digits);
    if (i + 1 < t.size() && t[i] == '.' && is_digit(t[i + 1])) {
      std::size_t before = g.digits.size();
      i = scan_digits(t, i + 1, &g.digits);
      g.scale -= static_cast<std::int64_t>(g.digits.size() - before);
      g.whole = false;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      std::size_t q = i + 1;
      bool negative = false;
      if (q < t.size() && (t[q] == '+' || t[q] == '-')) negative = t[q++] == '-';
      if (q < t.size() && is_digit(t[q])) {
        std::string exp_digits;
        i = scan_digits(t, q, &exp_digits);
        std::int64_t e = 0;
        for (char c : exp_digits)  // saturates: 10^9 is already far beyond any exact int64
          if (e < 1'000'000'000) e = e * 10 + (c - '0');
        g.scale += negative ? -e : e;
        g.whole = false;
      }
    }
    std::size_t s = i;
    if (i < t.size() && t[i] == '%') {
      ++i;
    } else {
      while (i < t.size() && is_alpha(t[i])) ++i;
    }
    g.suffix = t.substr(s, i - s);
    bool has_suffix = !g.suffix.empty();
    out.groups.push_back(std::move(g));
    if (i == t.size()) {
      out.ok = true;
      return out;
    }
    if (!is_digit(t[i]) || !has_suffix) {
      out.rest = t.substr(s);
      return out;
    }
  }
}

// ------------------------------------------------------------------ suffixes

// A suffix's value in the kind's smallest unit: base^power.
struct Factor {
  std::uint32_t base;
  int power;
};

std::optional<Factor> factor_of(UnitKind kind, std::string_view s) {
  switch (kind) {
    case UnitKind::Cpu:
      if (s.empty()) return Factor{1000, 1};
      if (s == "m") return Factor{1, 0};
      return std::nullopt;
    case UnitKind::Memory: {
      if (s.empty()) return Factor{1, 0};
      static constexpr std::array<std::string_view, 6> kDecimal = {"k", "M", "G", "T", "P", "E"};
      static constexpr std::array<std::string_view, 6> kBinary = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      for (std::size_t i = 0; i < 6; ++i) {
        if (s == kDecimal[i]) return Factor{1000, static_cast<int>(i) + 1};
        if (s == kBinary[i]) return Factor{1024, static_cast<int>(i) + 1};
      }
      return std::nullopt;
    }
    case UnitKind::Duration:
      if (s == "ms") return Factor{1, 0};
      if (s == "s") return Factor{1000, 1};
      if (s == "m") return Factor{60'000, 1};
      if (s == "h") return Factor{3'600'000, 1};
      if (s == "d") return Factor{86'400'000, 1};
      return std::nullopt;
    case UnitKind::Percent:
      if (s == "%") return Factor{100, 1};
      return std::nullopt;
  }
  return std::nullopt;
}

// Rank of a duration suffix in a compound, largest unit first; -1 if none.
int duration_rank(std::string_view s) {
  static constexpr std::array<std::string_view, 5> kOrder = {"d", "h", "m", "s", "ms"};
  for (std::size_t i = 0; i < kOrder.size(); ++i)
    if (kOrder[i] == s) return static_cast<int>(i);
  return -1;
}

constexpr std::array<UnitKind, 4> kAllKinds = {UnitKind::Cpu, UnitKind::Memory, UnitKind::Duration,
                                               UnitKind::Percent};

// ------------------------------------------------------------------ exact values

// An unsigned integer of 512 bits, enough for every value that reaches it (at
// most 83 digits times a factor below 2^60; see scale_group).
class Big {
 public:
  void mul_add(std::uint32_t m, std::uint32_t add) {
    std::uint64_t carry = add;
    for (std::uint32_t& l : limbs_) {
      std::uint64_t x = static_cast<std::uint64_t>(l) * m + carry;
      l = static_cast<std::uint32_t>(x);
      carry = x >> 32;
    }
    if (carry != 0) overflow_ = true;
  }
  // Divides in place; returns the remainder.
  std::uint32_t div(std::uint32_t d) {
    std::uint64_t rem = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      std::uint64_t x = (rem << 32) | limbs_[i];
      limbs_[i] = static_cast<std::uint32_t>(x / d);
      rem = x % d;
    }
    return static_cast<std::uint32_t>(rem);
  }
  std::optional<std::int64_t> to_int64() const {
    if (overflow_) return std::nullopt;
    for (std::size_t i = 2; i < limbs_.size(); ++i)
      if (limbs_[i] != 0) return std::nullopt;
    std::uint64_t v = (static_cast<std::uint64_t>(limbs_[1]) << 32) | limbs_[0];
    if (v > static_cast<std::uint64_t>(kMax)) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }

 private:
  std::array<std::uint32_t, 16> limbs_{};
  bool overflow_ = false;
};

enum class Outcome { Ok, Inexact, Overflow };

struct Scaled {
  Outcome outcome;
  std::int64_t value = 0;
};

// digits * 10^scale * base^power, exactly.
Scaled scale_group(const Group& g, Factor f) {
  std::string_view d = g.digits;
  std::int64_t scale = g.scale;
  while (!d.empty() && d.front() == '0') d.remove_prefix(1);
  if (d.empty()) return {Outcome::Ok, 0};
  while (d.back() == '0') {
    d.remove_suffix(1);
    ++scale;
  }
  // Now d has no leading or trailing zero and the value is d * 10^scale * factor.
  auto n = static_cast<std::int64_t>(d.size());
  // The value is at least 10^(n-1+scale) (the factor is >= 1): from 10^19 on it
  // cannot fit in int64 (at most about 9.2e18).
  if (n - 1 + scale >= 19) return {Outcome::Overflow};
  // d does not end in 0, so it lacks a factor 2 or a factor 5; a suffix factor
  // has at most 2^60 (Ei) and 5^18 (E), so d * factor is never divisible by
  // 10^61 or more: dividing by it always leaves a remainder.
  if (scale < -64) return {Outcome::Inexact};
  // Here n <= 19 - scale <= 83 digits.
  Big b;
  for (char c : d) b.mul_add(10, static_cast<std::uint32_t>(c - '0'));
  for (int i = 0; i < f.power; ++i) b.mul_add(f.base, 0);
  for (std::int64_t i = 0; i < scale; ++i) b.mul_add(10, 0);
  for (std::int64_t i = scale; i < 0; ++i)
    if (b.div(10) != 0) return {Outcome::Inexact};
  std::optional<std::int64_t> v = b.to_int64();
  if (!v) return {Outcome::Overflow};
  return {Outcome::Ok, *v};
}

// ------------------------------------------------------------------ messages

std::string_view a_value_of(UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: return "a cpu value";
    case UnitKind::Memory: return "a memory value";
    case UnitKind::Duration: return "a duration";
    case UnitKind::Percent: return "a percent";
  }
  return "a unit value";
}

std::string_view what_it_takes(UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: return "cpu takes `m` (millicores) or a plain number of cores, as in `250m` or `2`";
    case UnitKind::Memory:
      return "memory takes k M G T P E, Ki Mi Gi Ti Pi Ei or a plain number of bytes, as in `512Mi`";
    case UnitKind::Duration: return "a duration takes ms s m h d, as in `30s` or `1h30m`";
    case UnitKind::Percent: return "a percent takes %, as in `70%`";
  }
  return "";
}

std::string_view smallest_unit(UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: return "millicores, the smallest cpu unit";
    case UnitKind::Memory: return "bytes, the smallest memory unit";
    case UnitKind::Duration: return "milliseconds, the smallest duration unit";
    case UnitKind::Percent: return "hundredths of a percent (0.01%), the smallest percent unit";
  }
  return "";
}

std::string_view smallest_unit_name(UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: return "millicores";
    case UnitKind::Memory: return "bytes";
    case UnitKind::Duration: return "milliseconds";
    case UnitKind::Percent: return "hundredths of a percent";
  }
  return "";
}

// What a suffix is, for the message that says it does not fit the kind.
std::string what_suffix_is(std::string_view s) {
  if (s == "m") return "`m` is millicores or minutes";
  if (s == "%") return "`%` makes a percent";
  if (factor_of(UnitKind::Memory, s)) return fmt::format("`{}` is a memory unit", s);
  if (factor_of(UnitKind::Duration, s)) return fmt::format("`{}` is a duration unit", s);
  return fmt::format("`{}` is not a unit", s);
}

UnitError wrong_suffix(std::string_view literal, UnitKind kind, std::string_view suffix) {
  if (suffix.empty() && kind == UnitKind::Duration)
    return {fmt::format("`{}` has no unit: a duration needs one, as in `{}s`", literal, literal)};
  if (suffix.empty() && kind == UnitKind::Percent)
    return {fmt::format("`{}` has no unit: write `{}%` for a percent", literal, literal)};
  return {fmt::format("`{}` is not {}: {}; {}", literal, a_value_of(kind), what_suffix_is(suffix),
                      what_it_takes(kind))};
}

UnitError too_large(std::string_view what, UnitKind kind) {
  return {fmt::format("{} is too large for {}: the largest is {} {}", what, a_value_of(kind), kMax,
                      smallest_unit_name(kind))};
}

UnitError not_whole(std::string_view what, UnitKind kind) {
  return {fmt::format("{} is not a whole number of {}", what, smallest_unit(kind))};
}

std::variant<Quantity, UnitError> from_scaled(Scaled s, std::string_view what, UnitKind kind) {
  switch (s.outcome) {
    case Outcome::Ok: return Quantity{kind, s.value};
    case Outcome::Inexact: return not_whole(what, kind);
    case Outcome::Overflow: return too_large(what, kind);
  }
  return too_large(what, kind);
}

std::variant<Quantity, UnitError> parse_compound(std::string_view literal, const Lexed& lx, UnitKind kind) {
  bool all_durations = true;
  for (const Group& g : lx.groups)
    if (duration_rank(g.suffix) < 0) all_durations = false;
  if (kind != UnitKind::Duration) {
    if (all_durations)
      return UnitError{fmt::format("`{}` is not {}: it is a duration; {}", literal, a_value_of(kind),
                                   what_it_takes(kind))};
    return UnitError{fmt::format("`{}` is not {}: only durations can be written in parts, as in `1h30m`", literal,
                                 a_value_of(kind))};
  }
  std::int64_t total = 0;
  int previous = -1;
  for (const Group& g : lx.groups) {
    if (g.suffix.empty())
      return UnitError{fmt::format("`{}` is not a duration: its last number has no unit", literal)};
    int rank = duration_rank(g.suffix);
    if (rank < 0) return wrong_suffix(literal, kind, g.suffix);
    if (!g.whole)
      return UnitError{fmt::format("`{}` is not a duration: every part of a compound duration must be a whole number",
                                   literal)};
    if (rank == previous)
      return UnitError{fmt::format("`{}` is not a duration: `{}` appears twice; write each unit once, from the "
                                   "largest to the smallest (d h m s ms)",
                                   literal, g.suffix)};
    if (rank < previous)
      return UnitError{fmt::format("`{}` is not a duration: the parts of a compound duration go from the largest "
                                   "unit to the smallest (d h m s ms)",
                                   literal)};
    previous = rank;
    Scaled s = scale_group(g, *factor_of(kind, g.suffix));
    std::optional<std::int64_t> sum = s.outcome == Outcome::Ok ? checked_add(total, s.value) : std::nullopt;
    if (!sum) return too_large(fmt::format("`{}`", literal), kind);
    total = *sum;
  }
  return Quantity{kind, total};
}

// The magnitude of a value, which for INT64_MIN does not fit in int64.
std::uint64_t magnitude(std::int64_t v) {
  return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

// The shortest decimal that reads back as x, without its sign ("0.1", "1e+21").
std::string shortest_decimal(double x) { return fmt::format("{}", std::fabs(x)); }

}  // namespace

std::string_view unit_kind_name(UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: return "cpu";
    case UnitKind::Memory: return "memory";
    case UnitKind::Duration: return "duration";
    case UnitKind::Percent: return "percent";
  }
  return "unit";
}

std::vector<UnitKind> unit_kinds_of(std::string_view literal) {
  Lexed lx = lex(literal);
  std::vector<UnitKind> kinds;
  if (!lx.ok) return kinds;
  if (lx.groups.size() > 1) {
    for (const Group& g : lx.groups)
      if (duration_rank(g.suffix) < 0) return kinds;
    kinds.push_back(UnitKind::Duration);
    return kinds;
  }
  for (UnitKind k : kAllKinds)
    if (factor_of(k, lx.groups[0].suffix)) kinds.push_back(k);
  return kinds;
}

namespace {

// Digits with an optional fraction, or a bare fraction, from i on.
bool quantity_number(std::string_view s, std::size_t& i) {
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  bool whole = digits() > 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    return digits() > 0 || whole;
  }
  return whole;
}

}  // namespace

bool is_quantity_text(std::string_view s) {
  std::size_t i = 0;
  auto sign = [&] {
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  };
  sign();
  if (!quantity_number(s, i)) return false;
  std::string_view suffix = s.substr(i);
  if (suffix.empty()) return true;
  if (suffix.size() == 2 && suffix[1] == 'i') return std::string_view("KMGTPE").find(suffix[0]) != std::string_view::npos;
  if (suffix.size() == 1 && std::string_view("numkMGTPE").find(suffix[0]) != std::string_view::npos) return true;
  if (suffix[0] != 'e' && suffix[0] != 'E') return false;
  ++i;
  sign();
  return quantity_number(s, i) && i == s.size();
}

std::variant<Quantity, UnitError> parse_quantity(std::string_view literal, UnitKind kind) {
  Lexed lx = lex(literal);
  if (!lx.ok) {
    if (lx.groups.empty()) return UnitError{fmt::format("`{}` is not a number with a unit", literal)};
    return wrong_suffix(literal, kind, lx.rest);
  }
  if (lx.groups.size() > 1) return parse_compound(literal, lx, kind);
  const Group& g = lx.groups[0];
  std::optional<Factor> f = factor_of(kind, g.suffix);
  if (!f) return wrong_suffix(literal, kind, g.suffix);
  return from_scaled(scale_group(g, *f), fmt::format("`{}`", literal), kind);
}

std::variant<Quantity, UnitError> quantity_from_int(std::int64_t n, UnitKind kind) {
  switch (kind) {
    case UnitKind::Cpu: {
      std::optional<std::int64_t> v = checked_mul(n, 1000);
      if (!v) return too_large(fmt::format("`{}` cores", n), kind);
      return Quantity{kind, *v};
    }
    case UnitKind::Memory: return Quantity{kind, n};
    case UnitKind::Duration:
      return UnitError{
          fmt::format("`{}` is a plain number, not a duration: write it with a unit, as in `{}s`", n, n)};
    case UnitKind::Percent:
      return UnitError{fmt::format("`{}` is a plain number, not a percent: write `{}%`", n, n)};
  }
  return UnitError{"unknown unit kind"};
}

std::variant<Quantity, UnitError> quantity_from_float(double x, UnitKind kind) {
  if (!std::isfinite(x)) return UnitError{fmt::format("`{}` is not a finite number", x)};
  std::string text = shortest_decimal(x);
  std::string shown = std::signbit(x) && x != 0 ? "-" + text : text;
  switch (kind) {
    case UnitKind::Duration:
      return UnitError{fmt::format("`{}` is a plain number, not a duration: write it with a unit, as in `{}s`",
                                   shown, shown)};
    case UnitKind::Percent:
      return UnitError{fmt::format("`{}` is a plain number, not a percent: write `{}%`", shown, shown)};
    case UnitKind::Cpu:
    case UnitKind::Memory: break;
  }
  Lexed lx = lex(text);
  if (!lx.ok || lx.groups.size() != 1 || !lx.groups[0].suffix.empty())
    return UnitError{fmt::format("`{}` is not a number", shown)};  // fmt never writes such text
  std::string what = kind == UnitKind::Cpu ? fmt::format("`{}` cores", shown) : fmt::format("`{}`", shown);
  auto r = from_scaled(scale_group(lx.groups[0], *factor_of(kind, "")), what, kind);
  if (auto* q = std::get_if<Quantity>(&r); q && std::signbit(x)) q->value = -q->value;  // |value| <= INT64_MAX
  return r;
}

std::string format_quantity(Quantity q) {
  std::uint64_t u = magnitude(q.value);
  std::string out = q.value < 0 ? "-" : "";
  switch (q.kind) {
    case UnitKind::Cpu:
      if (u % 1000 == 0) out += fmt::format("{}", u / 1000);
      else out += fmt::format("{}m", u);
      break;
    case UnitKind::Memory: {
      static constexpr std::array<std::string_view, 6> kBinary = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      int p = 6;
      while (p > 0 && (u == 0 || u % (std::uint64_t{1} << (10 * p)) != 0)) --p;
      if (p == 0) out += fmt::format("{}", u);
      else out += fmt::format("{}{}", u >> (10 * p), kBinary[static_cast<std::size_t>(p - 1)]);
      break;
    }
    case UnitKind::Duration: {
      if (u == 0) {
        out += "0s";
        break;
      }
      std::uint64_t h = u / 3'600'000, m = u / 60'000 % 60, s = u / 1000 % 60, ms = u % 1000;
      if (h != 0) out += fmt::format("{}h", h);
      if (m != 0) out += fmt::format("{}m", m);
      if (s != 0) out += fmt::format("{}s", s);
      if (ms != 0) out += fmt::format("{}ms", ms);
      break;
    }
    case UnitKind::Percent: {
      std::uint64_t whole = u / 100, hundredths = u % 100;
      if (hundredths == 0) out += fmt::format("{}%", whole);
      else if (hundredths % 10 == 0) out += fmt::format("{}.{}%", whole, hundredths / 10);
      else out += fmt::format("{}.{:02}%", whole, hundredths);
      break;
    }
  }
  return out;
}

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

}  // namespace strata::base
