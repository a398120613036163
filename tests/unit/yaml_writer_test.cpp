// The streaming YAML writer: exact layout, the quoting rule, and everything it
// writes read back by yaml-cpp (a parser we did not write) to the same text and
// structure. Plain scalars are also checked against the implicit-type regexes
// of YAML 1.1 (yaml.org/type/) and the YAML 1.2 core schema.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstring>
#include <iterator>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/interner.hpp"
#include "base/regex.hpp"
#include "base/yaml_writer.hpp"

using strata::base::append_yaml_scalar;
using strata::base::yaml_needs_quotes;
using strata::base::Interner;
using strata::base::YamlWriter;

namespace {

// ---- A value tree, written with YamlWriter and compared with yaml-cpp's ----

struct Tree {
  enum Kind { kStr, kInt, kFloat, kBool, kNull, kMap, kList } kind = kNull;
  std::string s;
  std::int64_t i = 0;
  double f = 0;
  bool b = false;
  std::vector<std::string> keys;  // kMap: keys[n] maps to items[n]
  std::vector<Tree> items;        // kMap values, kList items
};

Tree S(std::string s) { Tree t; t.kind = Tree::kStr; t.s = std::move(s); return t; }
Tree I(std::int64_t i) { Tree t; t.kind = Tree::kInt; t.i = i; return t; }
Tree F(double f) { Tree t; t.kind = Tree::kFloat; t.f = f; return t; }
Tree B(bool b) { Tree t; t.kind = Tree::kBool; t.b = b; return t; }
Tree N() { return Tree{}; }
Tree L(std::vector<Tree> items) { Tree t; t.kind = Tree::kList; t.items = std::move(items); return t; }
Tree M(std::vector<std::pair<std::string, Tree>> entries) {
  Tree t;
  t.kind = Tree::kMap;
  for (auto& [k, v] : entries) {
    t.keys.push_back(k);
    t.items.push_back(std::move(v));
  }
  return t;
}

// names: when given, keys are interned and written as record field names.
void write(YamlWriter& w, const Tree& t, Interner* names = nullptr) {
  switch (t.kind) {
    case Tree::kStr: w.string(t.s); break;
    case Tree::kInt: w.integer(t.i); break;
    case Tree::kFloat: w.floating(t.f); break;
    case Tree::kBool: w.boolean(t.b); break;
    case Tree::kNull: w.null(); break;
    case Tree::kMap:
      w.begin_map();
      for (std::size_t n = 0; n < t.keys.size(); ++n) {
        if (names) w.key(names->intern(t.keys[n]), t.keys[n]);
        else w.key(t.keys[n]);
        write(w, t.items[n], names);
      }
      w.end_map();
      break;
    case Tree::kList:
      w.begin_list();
      for (const Tree& item : t.items) write(w, item, names);
      w.end_list();
      break;
  }
}

std::string yaml(const Tree& t) {
  std::string out;
  YamlWriter w(out);
  write(w, t);
  return out;
}

// Shows control characters so that failure messages stay readable.
std::string shown(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789ABCDEF";
      out += "<";
      out += hex[c >> 4];
      out += hex[c & 15];
      out += ">";
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// ---- Implicit typing of plain scalars, from the specifications ----

struct Resolver {
  const char* name;
  strata::base::Regex re;
};

// Patterns are matched whole. From the YAML 1.1 type repository (bool, null, int, float, timestamp, merge, value,
// yaml) and the YAML 1.2 core schema (null, bool, int, float).
const std::vector<Resolver>& resolvers() {
  static const std::vector<Resolver> all = [] {
    std::vector<std::pair<const char*, const char*>> pats = {
        {"1.1 bool", "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"},
        {"1.1 null", "(~|null|Null|NULL)?"},
        {"1.1 int",
         "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
         "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"},
        {"1.1 float",
         "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
         "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"},
        {"1.1 timestamp",
         "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
         "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
         "(\\.[0-9]*)?(([ \\t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?"},
        {"1.1 merge", "<<"},
        {"1.1 value", "="},
        {"1.1 yaml", "!|&|\\*"},
        {"1.2 null", "(null|Null|NULL|~)?"},
        {"1.2 bool", "true|True|TRUE|false|False|FALSE"},
        {"1.2 int", "[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"},
        {"1.2 float",
         "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN"},
    };
    std::vector<Resolver> out;
    for (auto [name, pat] : pats) {
      auto re = strata::base::Regex::compile("^(?:" + std::string(pat) + ")$");
      REQUIRE(std::holds_alternative<strata::base::Regex>(re));
      out.push_back({name, std::get<strata::base::Regex>(re)});
    }
    return out;
  }();
  return all;
}

// The first type (other than str) that some schema gives `s` as a plain scalar, or "".
std::string resolved_type(const std::string& s) {
  for (const Resolver& r : resolvers())
    if (r.re.search(s)) return r.name;
  return "";
}

bool matches(const char* resolver, const std::string& s) {
  for (const Resolver& r : resolvers())
    if (std::string_view(r.name) == resolver) return r.re.search(s);
  FAIL("no resolver ", resolver);
  return false;
}

// ---- Comparison with what yaml-cpp reads ----

// "" when `n` holds `t`, else where and how they differ.
std::string difference(const YAML::Node& n, const Tree& t, const std::string& path) {
  auto at = [&](const std::string& what) { return path + ": " + what; };
  switch (t.kind) {
    case Tree::kStr: {
      if (!n.IsScalar()) return at("not a scalar");
      if (n.Scalar() != t.s) return at("read `" + shown(n.Scalar()) + "` for `" + shown(t.s) + "`");
      if (n.Tag() == "?") {
        std::string type = resolved_type(t.s);
        if (!type.empty()) return at("plain `" + shown(t.s) + "` resolves to " + type);
        if (yaml_needs_quotes(t.s)) return at("`" + shown(t.s) + "` written plain");
      }
      return "";
    }
    case Tree::kInt:
      if (!n.IsScalar() || n.Tag() != "?" || n.as<std::int64_t>() != t.i) return at("int " + std::to_string(t.i));
      return "";
    case Tree::kFloat: {
      if (!n.IsScalar() || n.Tag() != "?") return at("float not a plain scalar");
      double d = n.as<double>();
      bool same = std::isnan(t.f) ? std::isnan(d) : d == t.f && std::signbit(d) == std::signbit(t.f);
      return same ? "" : at("float `" + n.Scalar() + "`");
    }
    case Tree::kBool:
      return n.IsScalar() && n.Tag() == "?" && n.as<bool>() == t.b ? "" : at("bool");
    case Tree::kNull:
      return n.IsNull() ? "" : at("null");
    case Tree::kMap: {
      if (!n.IsMap() || n.size() != t.keys.size()) return at("not a map of " + std::to_string(t.keys.size()));
      std::size_t k = 0;
      for (const auto& kv : n) {
        std::string d = difference(kv.first, S(t.keys[k]), path + "/key" + std::to_string(k));
        if (d.empty()) d = difference(kv.second, t.items[k], path + "/" + shown(t.keys[k]));
        if (!d.empty()) return d;
        ++k;
      }
      return "";
    }
    case Tree::kList: {
      if (!n.IsSequence() || n.size() != t.items.size()) return at("not a list of " + std::to_string(t.items.size()));
      for (std::size_t k = 0; k < t.items.size(); ++k) {
        std::string d = difference(n[k], t.items[k], path + "[" + std::to_string(k) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
  }
  return "";
}

// Writes `t`, reads it back with yaml-cpp and reports any difference.
void check_round_trip(const Tree& t) {
  std::string doc = yaml(t);
  std::string diff;
  try {
    diff = difference(YAML::Load(doc), t, "");
  } catch (const YAML::Exception& e) {
    diff = std::string("yaml-cpp: ") + e.what();
  }
  INFO("document:\n", shown(doc));
  CHECK_MESSAGE(diff.empty(), diff);
  // No line ends in a blank: trailing blanks would be fragile in any file.
  CHECK(doc.find(" \n") == std::string::npos);
  CHECK(doc.find("\t\n") == std::string::npos);
}

// Every control character (C0, DEL, C1) and the other code points that must be escaped.
std::vector<std::string> escaped_characters() {
  std::vector<std::string> out;
  for (char c = 0; c < 0x20; ++c) out.emplace_back(1, c);
  out.emplace_back("\x7F");
  for (char c = 0; c < 0x20; ++c) out.push_back(std::string("\xC2") + static_cast<char>(0x80 + c));  // U+0080..U+009F
  for (const char* s : {"\u2028", "\u2029", "\uFEFF", "\uFFFE", "\uFFFF"}) out.emplace_back(s);
  return out;
}

// Strings YAML reads as something else, or that break YAML syntax, and their neighbours.
std::vector<std::string> nasty_strings() {
  std::vector<std::string> out = {
      // bool and null words
      "true", "false", "yes", "no", "on", "off", "y", "n", "Y", "N", "True", "TRUE", "tRuE", "Yes", "YES",
      "yEs", "On", "ON", "oN", "Off", "OFF", "No", "NO", "nO", "False", "FALSE", "null", "Null", "NULL",
      "nULL", "~", "",
      // ints, YAML 1.1 and 1.2
      "3", "-3", "+3", "0", "-0", "+0", "00", "0755", "0o755", "0x1F", "0X1F", "-0x1F", "0b101", "+0b101",
      "1_000", "1:30", "190:20:30", "-1:30", "12:60", "1:2:3", "0x", "0o", "0b", "1__",
      // floats
      "1e3", "1E3", "1e+3", "1.5", ".5", "1.", "0.", ".0", ".", "..", "-.", "+.", "+", ".inf", "-.Inf",
      "+.INF", ".NaN", ".nan", ".NAN", "-.nan", "6.8523015e+5", "-1.5e-3", "1_000.5", "190:20:30.15",
      "Infinity", "NaN", "nan", "inf", "-inf", "1.0.0", "1,000", "1 000",
      // timestamps
      "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10 -5",
      "2001-1-1 1:00:00", "2001-12-14\t21:59:43.10",
      // merge, value, indicators
      "<<", "=", "<<a", "==", "-", "- a", "-\ta", "?", "? a", "?a", ":", ": a", ":a", ",", ",a", "[", "]",
      "{", "}", "#", "#a", "&", "&a", "*", "*a", "!", "!a", "!!str", "|", "|a", ">", ">a", "'", "'a'",
      "\"", "\"a\"", "%", "%YAML", "@", "@a", "`", "`a`", "---", "--- a", "---a", "...", "... a", "...a",
      "--port=8080", "-x", "-1x", "a: b", "a:", "a::", "a::b", "a:b", "a: ", "a #b", "a#b", "a #", "x#",
      "http://example.com/a#b?c=d", "key=value", "a - b", "{a: b}", "[1, 2]", "a,b", "a[0]", "a{b}",
      "\\", "\\n", "a\\b", "a\"b", "a'b", "500m", "10Gi", "1h30m", "deadbeef", "0xdeadbeef", "1.21-alpine",
      // blanks
      " a", "a ", "\ta", "a\t", "a\tb", " ", "\t", "a  b",
      // multi-line
      "a\nb", "a\nb\n", "a\n\n", "a\n\n\n", " a\nb", "  a\n b\n", "\na", "\n a", "\n", "\n\n", "a \nb",
      "a\t\nb", "\ta\nb", "a\n\tb", "a\n \n", "a\n\nb", "a\r\nb", "a\rb", "#a\n- b\n", "key: v\n---\n...\n",
      "a\n  b\n    c\n", "a: b\nc: d",
      // non-ASCII
      "é", "日本", "😀", "café au lait", "é: x", "日本 #x", "\u00A0", "a\u00A0", "\u00A0a", "ü\nö",
  };
  for (const std::string& c : escaped_characters()) {
    out.push_back(c);
    out.push_back("a" + c + "b");
    out.push_back("a\n" + c + "\n");
  }
  return out;
}

// SplitMix64: a small PRNG whose sequence is the same on every platform.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(std::size_t percent) { return below(100) < percent; }
};

// Splits valid UTF-8 into code points.
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// A random string: nasty strings, fragments of them and random characters, concatenated.
std::string random_string(Rng& rng) {
  static const std::vector<std::string> nasty = nasty_strings();
  static const std::vector<std::string> alphabet = [] {
    std::vector<std::string> a;
    for (char c = 0x20; c < 0x7f; ++c) a.emplace_back(1, c);
    for (const char* s : {" ", " ", "\t", "\n", "\n", "#", ":", "-", "\"", "'", "\\", "é", "日", "😀", "\u00A0",
                          "\u0085", "\u2028", "\r", "\x1b", "\x7f"})
      a.emplace_back(s);
    return a;
  }();
  std::string s;
  std::size_t parts = rng.below(4);
  for (std::size_t p = 0; p <= parts; ++p) {
    switch (rng.below(3)) {
      case 0: s += nasty[rng.below(nasty.size())]; break;
      case 1: {
        std::vector<std::string> cps = code_points(nasty[rng.below(nasty.size())]);
        if (cps.empty()) break;
        std::size_t from = rng.below(cps.size());
        std::size_t to = from + 1 + rng.below(cps.size() - from);
        for (std::size_t k = from; k < to; ++k) s += cps[k];
        break;
      }
      default:
        for (std::size_t k = rng.below(8); k > 0; --k) s += alphabet[rng.below(alphabet.size())];
    }
  }
  return s;
}

double random_double(Rng& rng) {
  static const double specials[] = {0.0, -0.0, 1.0, 0.1, 1e20, 1e-7, 1e300, -2.5,
                                    std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                                    std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                    std::numeric_limits<double>::quiet_NaN()};
  if (rng.chance(30)) return specials[rng.below(std::size(specials))];
  double d;
  do {
    std::uint64_t bits = rng.next();
    std::memcpy(&d, &bits, sizeof d);
  } while (!std::isfinite(d) || (d != 0 && std::fabs(d) < std::numeric_limits<double>::min()));
  return d;
}

Tree random_tree(Rng& rng, int depth, std::size_t& strings) {
  std::size_t pick = rng.below(depth <= 0 ? 5 : 8);
  switch (pick) {
    case 0: ++strings; return S(random_string(rng));
    case 1: return I(static_cast<std::int64_t>(rng.next()) >> rng.below(64));
    case 2: return F(random_double(rng));
    case 3: return rng.chance(50) ? B(rng.chance(50)) : N();
    case 4: ++strings; return S(random_string(rng));
    case 5: {  // a list
      Tree t = L({});
      for (std::size_t n = rng.below(5); n > 0; --n) t.items.push_back(random_tree(rng, depth - 1, strings));
      return t;
    }
    default: {  // a map with distinct keys
      Tree t = M({});
      for (std::size_t n = rng.below(6); n > 0; --n) {
        std::string k = random_string(rng);
        ++strings;
        bool seen = false;
        for (const std::string& old : t.keys) seen = seen || old == k;
        if (seen) continue;
        t.keys.push_back(k);
        t.items.push_back(random_tree(rng, depth - 1, strings));
      }
      return t;
    }
  }
}

std::string quoted(std::string_view s) {
  std::string out;
  append_yaml_scalar(out, s);
  return out;
}

}  // namespace

TEST_CASE("yaml writer: block layout") {
  Tree doc = M({
      {"metadata", M({{"name", S("api")}, {"labels", M({{"app", S("api")}})}})},
      {"spec", M({{"containers", L({M({{"name", S("app")},
                                        {"ports", L({M({{"containerPort", I(8080)}})})},
                                        {"args", L({})}})})}})},
  });
  CHECK(yaml(doc) ==
        "metadata:\n"
        "  name: api\n"
        "  labels:\n"
        "    app: api\n"
        "spec:\n"
        "  containers:\n"
        "    - name: app\n"
        "      ports:\n"
        "        - containerPort: 8080\n"
        "      args: []\n");
}

TEST_CASE("yaml writer: empty collections, lists of lists, top-level values") {
  CHECK(yaml(M({})) == "{}\n");
  CHECK(yaml(L({})) == "[]\n");
  CHECK(yaml(M({{"a", M({})}, {"b", L({})}})) == "a: {}\nb: []\n");
  CHECK(yaml(L({M({}), L({}), N()})) == "- {}\n- []\n- null\n");
  CHECK(yaml(L({L({I(1), I(2)}), L({L({S("x")}), S("w")})})) ==
        "- - 1\n"
        "  - 2\n"
        "- - - x\n"
        "  - w\n");
  CHECK(yaml(L({M({{"a", I(1)}, {"b", L({M({{"c", B(true)}, {"d", N()}})})}}), M({{"e", M({})}})})) ==
        "- a: 1\n"
        "  b:\n"
        "    - c: true\n"
        "      d: null\n"
        "- e: {}\n");
  CHECK(yaml(M({{"k", L({L({}), M({{"x", M({{"w", S("z")}})}})})}})) ==
        "k:\n"
        "  - []\n"
        "  - x:\n"
        "      w: z\n");
  CHECK(yaml(S("top")) == "top\n");
  CHECK(yaml(I(-7)) == "-7\n");
  CHECK(yaml(B(false)) == "false\n");
  CHECK(yaml(N()) == "null\n");
}

TEST_CASE("yaml writer: multi-line strings as literal block scalars") {
  CHECK(yaml(M({{"a", S("x\ny")}})) == "a: |-\n  x\n  y\n");
  CHECK(yaml(M({{"a", S("x\ny\n")}})) == "a: |\n  x\n  y\n");
  CHECK(yaml(M({{"a", S("x\n\n")}})) == "a: |+\n  x\n\n");
  CHECK(yaml(M({{"a", S("x\n\ny")}, {"b", I(1)}})) == "a: |-\n  x\n\n  y\nb: 1\n");
  CHECK(yaml(M({{"a", S("  x\ny\n")}})) == "a: |2\n    x\n  y\n");
  CHECK(yaml(M({{"a", S("\nx")}})) == "a: |2-\n\n  x\n");
  CHECK(yaml(L({S("x\ny\n"), M({{"k", S(" x\n")}})})) == "- |\n  x\n  y\n- k: |2\n     x\n");
  CHECK(yaml(M({{"a", M({{"b", L({S("#x\n- y")})}})}})) == "a:\n  b:\n    - |-\n      #x\n      - y\n");
  CHECK(yaml(S("x\ny\n")) == "|\n  x\n  y\n");
  // Double-quoted instead: a line ending in a blank, a control character, only
  // line feeds, an indentation indicator at the top level.
  CHECK(yaml(M({{"a", S("x \ny")}})) == "a: \"x \\ny\"\n");
  CHECK(yaml(M({{"a", S("x\r\ny")}})) == "a: \"x\\r\\ny\"\n");
  CHECK(yaml(M({{"a", S("x\n\u2028")}})) == "a: \"x\\n\\u2028\"\n");
  CHECK(yaml(M({{"a", S("\n\n")}})) == "a: \"\\n\\n\"\n");
  CHECK(yaml(S(" x\ny")) == "\" x\\ny\"\n");
  // Keys are never block scalars.
  CHECK(yaml(M({{"x\ny", I(1)}})) == "\"x\\ny\": 1\n");
}

TEST_CASE("yaml writer: ints and floats") {
  CHECK(yaml(L({I(0), I(8080), I(std::numeric_limits<std::int64_t>::min())})) ==
        "- 0\n- 8080\n- -9223372036854775808\n");
  CHECK(yaml(L({F(3), F(-0.0), F(0.1), F(1e20), F(1e-7), F(123456.0), F(2.5e-300)})) ==
        "- 3.0\n- -0.0\n- 0.1\n- 1.0e+20\n- 1.0e-07\n- 123456.0\n- 2.5e-300\n");
  CHECK(yaml(L({F(std::numeric_limits<double>::infinity()), F(-std::numeric_limits<double>::infinity()),
                F(std::numeric_limits<double>::quiet_NaN())})) == "- .inf\n- -.inf\n- .nan\n");
  // Every float written is a float in both schemas and reads back the same.
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, 1e20, 1e-7, 1e300, 1e-300, 123456.0,
                                6.8523015e+5, std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(), std::numeric_limits<double>::epsilon(),
                                std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN()};
  for (double v : values) {
    std::string text = yaml(F(v));
    text.pop_back();
    INFO(text);
    CHECK(matches("1.1 float", text));
    CHECK(matches("1.2 float", text));
    check_round_trip(M({{"f", F(v)}}));
  }
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::max(),
                         std::numeric_limits<std::int64_t>::min()}) {
    std::string text = yaml(I(v));
    text.pop_back();
    CHECK(matches("1.1 int", text));
    CHECK(matches("1.2 int", text));
    check_round_trip(L({I(v)}));
  }
}

TEST_CASE("yaml quoting: exact output") {
  // Plain where safe, including readable non-ASCII text.
  for (const char* s : {"api", "nginx:1.21", "http://x.y/z#w", "--port=8080", "-x", "a-b", "500m", "10Gi",
                        "1h30m", "a,b", "a[0]", "key=value", "a#b", "a:b", "é", "日本", "😀", "café au lait",
                        "tRuEs", "nully", "+", "~a", "<<a", "deadbeef", "a\u00A0b"}) {
    INFO(s);
    CHECK(quoted(s) == s);
  }
  CHECK(quoted("") == "\"\"");
  CHECK(quoted("yes") == "\"yes\"");
  CHECK(quoted("a: b") == "\"a: b\"");
  CHECK(quoted("say \"hi\" \\o/") == "say \"hi\" \\o/");
  CHECK(quoted("\"hi\" \\o/") == "\"\\\"hi\\\" \\\\o/\"");
  CHECK(quoted(std::string("\0\a\b\t\n\v\f\r\x1b\x01\x1f\x7f", 12)) ==
        "\"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\x01\\x1F\\x7F\"");
  CHECK(quoted("\u0080\u0085\u009F") == "\"\\u0080\\u0085\\u009F\"");
  CHECK(quoted("a\u2028b\u2029\uFEFF\uFFFE\uFFFF") == "\"a\\u2028b\\u2029\\uFEFF\\uFFFE\\uFFFF\"");
  CHECK(quoted(" é\n") == "\" é\\n\"");
  // Invalid UTF-8 is outside the contract, but the output stays valid YAML.
  CHECK(quoted("a\xff") == "\"a\xEF\xBF\xBD\"");
  // Keys longer than an implicit key may be are written as explicit keys.
  std::string long_key(1500, 'k');
  CHECK(yaml(M({{long_key, I(1)}})) == "? " + long_key + "\n: 1\n");
  CHECK(yaml(L({M({{long_key, M({{"a", I(1)}})}})})) == "- ? " + long_key + "\n  :\n    a: 1\n");
  check_round_trip(L({M({{long_key, M({{"a", I(1)}})}, {"b", S("x\ny")}, {long_key + "\n", S(" x\n")}})}));
}

TEST_CASE("yaml quoting: whatever a schema resolves is quoted") {
  std::vector<std::string> all = nasty_strings();
  std::size_t quoted_count = 0;
  for (const std::string& s : all) {
    INFO("`", shown(s), "`");
    std::string type = resolved_type(s);
    if (!type.empty()) CHECK_MESSAGE(yaml_needs_quotes(s), type);
    quoted_count += yaml_needs_quotes(s) ? 1 : 0;
  }
  // The cases the rule must quote, whatever the regexes above say.
  for (const char* s :
       {"true", "False", "yes", "NO", "on", "OFF", "y", "n", "tRUE", "yEs", "null", "Null", "NULL", "~", "",
        "3", "-3", "+3", "0755", "0o755", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "1e3", "1.5", ".5", "1.",
        ".inf", "-.Inf", ".NaN", "6.8523015e+5", "1_000.5", "190:20:30.15", "2001-12-14",
        "2001-12-14t21:59:43.10-05:00", "<<", "=", "-", "- a", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*",
        "!", "|", ">", "'", "\"", "%", "@", "`", "a: b", "a:", "a #b", " a", "a ", "\ta", "a\t", "---", "...",
        "\u2028", "\u2029", "\uFEFF", "a\u0085"}) {
    INFO("`", shown(s), "`");
    CHECK(yaml_needs_quotes(s));
  }
  for (const std::string& c : escaped_characters()) {
    INFO("`", shown(c), "`");
    CHECK(yaml_needs_quotes(c));
    CHECK(yaml_needs_quotes("a" + c + "b"));
  }
  CHECK(quoted_count > all.size() / 2);
}

TEST_CASE("yaml writer: every nasty string reads back as a key and as a value") {
  std::vector<std::string> all = nasty_strings();
  for (const std::string& s : all) {
    check_round_trip(M({{s, S(s)}}));
    check_round_trip(L({S(s), M({{"k", S(s)}, {s, L({S(s)})}})}));
  }
  // Pairs of them, one after the other.
  for (std::size_t i = 0; i < all.size(); i += 7)
    for (std::size_t j = 0; j < all.size(); j += 5) check_round_trip(M({{all[i] + all[j], S(all[j] + all[i])}}));
}

TEST_CASE("yaml writer: keys given as interned names are written as the same keys given as strings") {
  std::vector<std::string> all = nasty_strings();
  all.push_back(std::string(1500, 'k'));  // too long for an implicit key
  all.push_back("plain");
  Interner names;
  std::string out;
  YamlWriter w(out);  // one writer for every document: its per-name decisions are reused
  for (int round = 0; round < 2; ++round)
    for (const std::string& s : all) {
      Tree doc = M({{s, S("v")}, {"x", L({M({{s, I(1)}})})}});
      out.clear();
      write(w, doc, &names);
      CHECK_MESSAGE(out == yaml(doc), shown(s));
    }
}

TEST_CASE("yaml writer: random strings in random trees read back exactly") {
  Rng rng{20240607};
  std::size_t strings = 0;
  int trees = 0;
  while (strings < 5000) {
    Tree t = random_tree(rng, 4, strings);
    check_round_trip(t);
    ++trees;
  }
  CHECK(trees > 1000);  // about 1,700 trees hold the 5,000 strings
}

TEST_CASE("yaml writer: a Deployment-like document reads back exactly") {
  Rng rng{7};
  Tree containers = L({});
  for (int c = 0; c < 4; ++c) {
    Tree env = L({});
    for (int e = 0; e < 6; ++e)
      env.items.push_back(M({{"name", S("VAR_" + std::to_string(e))}, {"value", S(random_string(rng))}}));
    containers.items.push_back(M({
        {"name", S("app-" + std::to_string(c))},
        {"image", S("registry.example.com/app:1.2." + std::to_string(c))},
        {"args", L({S("--port=8080"), S("--log-level"), S("debug"), S(random_string(rng))})},
        {"command", L({})},
        {"env", env},
        {"ports", L({M({{"containerPort", I(8080 + c)}, {"protocol", S("TCP")}})})},
        {"resources", M({{"limits", M({{"cpu", S("500m")}, {"memory", S("512Mi")}})}, {"requests", M({})}})},
        {"readinessProbe", M({{"httpGet", M({{"path", S("/healthz")}, {"port", I(8080)}})},
                              {"periodSeconds", F(2.5)}})},
    }));
  }
  Tree doc = M({
      {"apiVersion", S("apps/v1")},
      {"kind", S("Deployment")},
      {"metadata", M({{"name", S("api")},
                      {"labels", M({{"app.kubernetes.io/name", S("api")}, {"tier", S("on")}})},
                      {"annotations", M({{"config", S("a: 1\nb:\n  - 2\n")}, {"note", S("  indented\n")},
                                         {"yes", S("no")}, {"empty", S("")}})}})},
      {"spec", M({{"replicas", I(3)},
                  {"paused", B(false)},
                  {"selector", M({{"matchLabels", M({{"app", S("api")}})}})},
                  {"template", M({{"metadata", M({{"labels", M({{"app", S("api")}})}})},
                                  {"spec", M({{"containers", containers}, {"volumes", L({})},
                                              {"nodeSelector", N()}})}})}})},
  });
  std::string out = "# Code generated by strata. DO NOT EDIT.\n---\n" + yaml(doc);
  INFO(shown(out));
  YAML::Node n;
  REQUIRE_NOTHROW(n = YAML::Load(out));
  CHECK(difference(n, doc, "") == "");
  CHECK(n["spec"]["template"]["spec"]["containers"][3]["ports"][0]["containerPort"].as<int>() == 8083);
}
