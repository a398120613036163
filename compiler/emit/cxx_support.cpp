// The fixed parts of the C++ header: support types and the loader's helpers.
#include <fmt/format.h>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

std::string support_text() {
  return R"cxx(/// A list: a view of constant elements, a pointer and a count (C++17 has no
/// std::span; in C++20, `std::span<const T>(list.data(), list.size())`).
template <class T>
struct Span {
  const T* items = nullptr;
  std::size_t count = 0;

  constexpr const T* begin() const noexcept { return items; }
  constexpr const T* end() const noexcept { return items + count; }
  constexpr const T* data() const noexcept { return items; }
  constexpr std::size_t size() const noexcept { return count; }
  constexpr bool empty() const noexcept { return count == 0; }
  constexpr const T& operator[](std::size_t i) const noexcept { return items[i]; }
};

/// A map with string keys: its entries sorted by key (byte order).
template <class V>
struct Map {
  const std::pair<std::string_view, V>* items = nullptr;
  std::size_t count = 0;

  constexpr const std::pair<std::string_view, V>* begin() const noexcept { return items; }
  constexpr const std::pair<std::string_view, V>* end() const noexcept { return items + count; }
  constexpr std::size_t size() const noexcept { return count; }
  constexpr bool empty() const noexcept { return count == 0; }
  /// The value of a key, or nullptr.
  constexpr const V* find(std::string_view key) const noexcept {
    std::size_t lo = 0, hi = count;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (items[mid].first < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < count && items[lo].first == key ? &items[lo].second : nullptr;
  }
};

/// A range `lo..hi` (bounds as written, not reordered).
template <class T>
struct Range {
  T lo;
  T hi;
};

/// A reference to a key of a Kubernetes Secret; it holds no secret value.
struct SecretRef {
  std::string_view name;
  std::string_view key;
};

/// The case of an enum named by its Strata text: `from_string<LogLevel>("debug")`.
template <class E>
constexpr std::optional<E> from_string(std::string_view text) noexcept;
)cxx";
}

std::string loader_support_text(std::string_view root, bool regex) {
  std::string out = fmt::format(R"cxx(/// A runtime override that was refused: the variable, its value, and the rule it breaks.
struct LoadError {{
  std::string name;
  std::string value;
  std::string rule;
}};

/// What `load` read: the config (its overridden strings point into storage,
/// so keep the LoadResult alive while using them; it can be moved, not
/// copied) and every override refused.
struct LoadResult {{
  {0} config;
  std::vector<LoadError> errors;
  std::vector<std::unique_ptr<const std::string>> storage;

  bool ok() const noexcept {{ return errors.empty(); }}
}};
)cxx",
                                root);
  out += R"cxx(
namespace detail {

/// The longest value checked against a pattern: std::regex recurses once per character.
inline constexpr std::size_t kMaxPatternBytes = 256;

enum class Unit { Cpu, Memory, Duration, Percent };

inline bool add_to(std::int64_t& acc, std::int64_t x) noexcept {
  if (acc > INT64_MAX - x) return false;
  acc += x;
  return true;
}

inline bool multiply(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
  if (a != 0 && b > INT64_MAX / a) return false;
  out = a * b;
  return true;
}

/// `digits[.digits]`: digits / 10^decimals.
struct Decimal {
  std::int64_t digits = 0;
  int decimals = 0;
};

inline bool read_decimal(std::string_view& text, Decimal& d) noexcept {
  std::size_t i = 0;
  bool fraction = false, any = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !fraction && any) {
      fraction = true;
      any = false;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (!multiply(d.digits, 10, d.digits) || !add_to(d.digits, c - '0')) return false;
    if (fraction) ++d.decimals;
    any = true;
  }
  text.remove_prefix(i);
  return any;
}

/// d * scale, when it is a whole number.
inline bool scaled(Decimal d, std::int64_t scale, std::int64_t& out) noexcept {
  while (d.decimals > 0 && d.digits % 10 == 0) {
    d.digits /= 10;
    --d.decimals;
  }
  std::int64_t pow = 1;
  for (int k = 0; k < d.decimals; ++k)
    if (!multiply(pow, 10, pow)) return false;
  std::int64_t a = scale, b = pow;
  while (b != 0) {
    const std::int64_t r = a % b;
    a = b;
    b = r;
  }
  const std::int64_t need = pow / a;
  return d.digits % need == 0 && multiply(d.digits / need, scale / a, out);
}

struct Suffix {
  std::string_view suffix;
  std::int64_t scale;
};

/// A unit value in the count of its smallest unit, as Strata writes it:
/// cpu `250m`, `2`, `0.5`; memory `512Mi`, `1G`, `1024`; duration `1h30m`,
/// `90s`, `500ms`; percent `70%`, `12.5%`.
inline bool parse_unit(std::string_view text, Unit unit, std::int64_t& out) noexcept {
  static constexpr Suffix kMemory[] = {
      {"Ki", 1LL << 10}, {"Mi", 1LL << 20}, {"Gi", 1LL << 30},    {"Ti", 1LL << 40},
      {"Pi", 1LL << 50}, {"Ei", 1LL << 60}, {"k", 1000},          {"M", 1000000},
      {"G", 1000000000}, {"T", 1000000000000}, {"P", 1000000000000000}, {"E", 1000000000000000000},
      {"", 1}};
  static constexpr Suffix kDuration[] = {{"d", 86400000}, {"h", 3600000}, {"ms", 1}, {"m", 60000}, {"s", 1000}};
  Decimal d;
  switch (unit) {
    case Unit::Cpu:
      if (!read_decimal(text, d)) return false;
      if (text == "m") return scaled(d, 1, out);
      return text.empty() && scaled(d, 1000, out);
    case Unit::Percent:
      return read_decimal(text, d) && text == "%" && scaled(d, 100, out);
    case Unit::Memory:
      if (!read_decimal(text, d)) return false;
      for (const Suffix& s : kMemory)
        if (text == s.suffix) return scaled(d, s.scale, out);
      return false;
    case Unit::Duration: {
      std::int64_t total = 0, last = INT64_MAX;
      int parts = 0;
      bool fraction = false;
      while (!text.empty()) {
        Decimal part;
        if (!read_decimal(text, part)) return false;
        const Suffix* found = nullptr;
        for (const Suffix& s : kDuration)
          if (text.substr(0, s.suffix.size()) == s.suffix) {  // `ms` is tried before `m`
            found = &s;
            break;
          }
        if (!found || found->scale >= last) return false;  // largest unit first, each once
        text.remove_prefix(found->suffix.size());
        last = found->scale;
        fraction = fraction || part.decimals > 0;
        std::int64_t ms = 0;
        if (!scaled(part, found->scale, ms) || !add_to(total, ms)) return false;
        ++parts;
      }
      if (parts == 0 || (fraction && parts > 1)) return false;
      out = total;
      return true;
    }
  }
  return false;
}

inline std::size_t code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

class Loader {
 public:
  explicit Loader(LoadResult& result) noexcept : result_(result) {}

  bool fail(const char* name, const char* text, std::string rule) {
    result_.errors.push_back(LoadError{name, text, std::move(rule)});
    return false;
  }
  std::string_view keep(const char* text) {
    result_.storage.push_back(std::make_unique<const std::string>(text));
    return *result_.storage.back();
  }
  bool boolean(bool& out, const char* name, const char* text) {
    const std::string_view t = text;
    if (t == "true" || t == "false") {
      out = t == "true";
      return true;
    }
    return fail(name, text, "true or false");
  }
  bool integer(std::int64_t& out, const char* name, const char* text) {
    const std::string_view t = text;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size()) return fail(name, text, "an integer");
    return true;
  }
  bool number(double& out, const char* name, const char* text) {
    const std::string_view t = text;
    bool ok = !t.empty() && t.front() != ' ' && t.front() != '+';
#if defined(__cpp_lib_to_chars)
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    ok = ok && r.ec == std::errc() && r.ptr == t.data() + t.size();
#else
    char* end = nullptr;
    out = std::strtod(text, &end);
    ok = ok && end == text + t.size();
#endif
    if (!ok || !std::isfinite(out)) return fail(name, text, "a number");
    return true;
  }
  bool unit(std::int64_t& out, const char* name, const char* text, Unit u, const char* rule) {
    if (parse_unit(text, u, out)) return true;
    return fail(name, text, rule);
  }
  /// `lo..hi` of ints, or of one unit when u is set.
  bool range(std::int64_t& lo, std::int64_t& hi, const char* name, const char* text, const Unit* u,
             const char* rule) {
    const std::string_view t = text;
    const std::size_t dots = t.find("..");
    bool ok = dots != std::string_view::npos;
    if (ok) {
      const std::string_view a = t.substr(0, dots), b = t.substr(dots + 2);
      if (u) {
        ok = parse_unit(a, *u, lo) && parse_unit(b, *u, hi);
      } else {
        const auto ra = std::from_chars(a.data(), a.data() + a.size(), lo);
        const auto rb = std::from_chars(b.data(), b.data() + b.size(), hi);
        ok = !a.empty() && !b.empty() && ra.ec == std::errc() && ra.ptr == a.data() + a.size() &&
             rb.ec == std::errc() && rb.ptr == b.data() + b.size();
      }
    }
    return ok || fail(name, text, rule);
  }
  template <class E>
  bool choice(E& out, const char* name, const char* text, const char* rule) {
    if (const std::optional<E> v = from_string<E>(text)) {
      out = *v;
      return true;
    }
    return fail(name, text, rule);
  }
  bool in(std::int64_t x, const char* name, const char* text, std::int64_t lo, std::int64_t hi, const char* rule) {
    return (x >= lo && x <= hi) || fail(name, text, rule);
  }
  bool in(double x, const char* name, const char* text, std::int64_t lo, std::int64_t hi, const char* rule) {
    return (x >= static_cast<double>(lo) && x <= static_cast<double>(hi)) || fail(name, text, rule);
  }
  /// The length in code points.
  bool length(std::string_view x, const char* name, const char* text, std::int64_t lo, std::int64_t hi,
              const char* rule) {
    const auto n = static_cast<std::int64_t>(code_points(x));
    return (n >= lo && n <= hi) || fail(name, text, rule);
  }
)cxx";
  if (regex)
    out += R"cxx(  bool matches(std::string_view x, const char* name, const char* text, const std::regex& re, const char* rule) {
    if (x.size() > kMaxPatternBytes)
      return fail(name, text, std::string(rule) + " (checked on values of at most 256 bytes)");
    return std::regex_search(x.begin(), x.end(), re) || fail(name, text, rule);
  }
)cxx";
  out += R"cxx(
 private:
  LoadResult& result_;
};

}  // namespace detail
)cxx";
  return out;
}

}  // namespace strata::emit::cxx
