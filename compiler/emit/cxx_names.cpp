// C++ names and escaping for the C++ header (rules in docs/cxx-header.md).
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <regex>

#include "base/utf8.hpp"
#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

namespace {

// C++20 keywords and alternative tokens.
constexpr std::string_view kKeywords[] = {
    "alignas",   "alignof",      "and",        "and_eq",    "asm",           "auto",        "bitand",
    "bitor",     "bool",         "break",      "case",      "catch",         "char",        "char8_t",
    "char16_t",  "char32_t",     "class",      "compl",     "concept",       "const",       "consteval",
    "constexpr", "constinit",    "const_cast", "continue",  "co_await",      "co_return",   "co_yield",
    "decltype",  "default",      "delete",     "do",        "double",        "dynamic_cast", "else",
    "enum",      "explicit",     "export",     "extern",    "false",         "float",       "for",
    "friend",    "goto",         "if",         "inline",    "int",           "long",        "mutable",
    "namespace", "new",          "noexcept",   "not",       "not_eq",        "nullptr",     "operator",
    "or",        "or_eq",        "private",    "protected", "public",        "register",    "reinterpret_cast",
    "requires",  "return",       "short",      "signed",    "sizeof",        "static",      "static_assert",
    "static_cast", "struct",     "switch",     "template",  "this",          "thread_local", "throw",
    "true",      "try",          "typedef",    "typeid",    "typename",      "union",       "unsigned",
    "using",     "virtual",      "void",       "volatile",  "wchar_t",       "while",       "xor",
    "xor_eq",    "final",        "override",   "import",    "module",        "restrict",
};

// Lower-case names that C and POSIX headers, compilers in GNU modes or
// <windows.h> commonly define as macros; `std`, which the header's own
// `std::` names need.
constexpr std::string_view kMacros[] = {
    "std",       "linux",      "unix",       "i386",      "sun",        "major",     "minor",
    "makedev",   "errno",      "assert",     "min",       "max",        "stdin",     "stdout",
    "stderr",    "offsetof",   "setjmp",     "longjmp",   "va_arg",     "va_start",  "va_end",
    "va_copy",   "isnan",      "isinf",      "isfinite",  "isnormal",   "signbit",   "fpclassify",
    "isgreater", "isgreaterequal", "isless", "islessequal", "islessgreater", "isunordered", "small",
    "near",      "far",        "interface",  "pascal",    "cdecl",      "environ",   "getc",
    "putc",      "getchar",    "putchar",    "alloca",    "complex",    "imaginary", "noreturn",
    "htons",     "htonl",      "ntohs",      "ntohl",     "mips",       "vax",
    "unreachable",
};

constexpr std::string_view kHeaderNames[] = {
    "Span",   "Map",       "Range",       "SecretRef",   "Environment", "LoadError", "LoadResult",
    "detail", "config",    "load",        "to_string",   "from_string", "environment_from_string",
};

template <std::size_t N>
bool contains(const std::string_view (&a)[N], std::string_view s) {
  return std::find(std::begin(a), std::end(a), s) != std::end(a);
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_upper(c) || is_lower(c) || is_digit(c); }
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

// A code point that must not appear in a comment as itself: C1 controls,
// invisible format characters and bidirectional controls (which can make the
// code shown differ from the code compiled), and line or paragraph separators.
bool is_hidden_code_point(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0xad || c == 0x61c || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
         (c >= 0xfff9 && c <= 0xfffb);
}

char32_t decode(std::string_view s, std::size_t i, std::size_t len) {
  auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  if (len == 1) return b(0);
  if (len == 2) return ((b(0) & 0x1f) << 6) | (b(1) & 0x3f);
  if (len == 3) return ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f);
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code point of `\uXXXX`, `\u{X...}` or `\xHH` at pattern[i] (i at the
// letter), and where it ends; nullopt when malformed.
std::optional<std::pair<std::uint32_t, std::size_t>> numeric_escape(std::string_view p, std::size_t i) {
  std::uint32_t v = 0;
  if (p[i] == 'x' || (p[i] == 'u' && i + 1 < p.size() && p[i + 1] != '{')) {
    std::size_t n = p[i] == 'x' ? 2 : 4;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= p.size() || hex_value(p[i + k]) < 0) return std::nullopt;
      v = v * 16 + static_cast<std::uint32_t>(hex_value(p[i + k]));
    }
    return std::make_pair(v, i + n + 1);
  }
  if (p[i] != 'u') return std::nullopt;
  std::size_t k = i + 2;
  for (; k < p.size() && p[k] != '}'; ++k) {
    if (hex_value(p[k]) < 0 || v > 0x10ffff) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(hex_value(p[k]));
  }
  if (k >= p.size()) return std::nullopt;
  return std::make_pair(v, k + 1);
}

}  // namespace

bool is_hazard_name(std::string_view name) {
  if (contains(kKeywords, name) || contains(kMacros, name)) return true;
  bool has_upper = std::any_of(name.begin(), name.end(), is_upper);
  bool has_lower = std::any_of(name.begin(), name.end(), is_lower);
  return has_upper && !has_lower;
}

bool is_header_name(std::string_view name) { return contains(kHeaderNames, name); }

bool is_reserved_identifier(std::string_view name) {
  return name.find("__") != std::string_view::npos || (name.size() >= 2 && name[0] == '_' && is_upper(name[1]));
}

std::string pascal_case(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (c == '_') {
      start = true;
      continue;
    }
    out += start ? upper(c) : c;
    start = false;
  }
  if (out.empty() || is_digit(out[0])) out.insert(0, "T");
  return out;
}

std::string union_case_name(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (is_alnum(c)) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  if (literal.empty()) return "empty";
  if (out.empty()) {
    // No letter or digit: the bytes in hex, so `"+"` and `"-"` stay apart.
    out = "x";
    for (char c : literal) out += fmt::format("{:02X}", static_cast<unsigned char>(c));
  } else if (is_digit(out[0])) {
    out.insert(0, "v");
  }
  return out;
}

std::string string_literal(std::string_view bytes) {
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '?':
        // `??=` and the other trigraphs: the second `?` is escaped.
        out += i > 0 && bytes[i - 1] == '?' ? "\\?" : "?";
        break;
      default:
        // Octal escapes take at most three digits, so a digit after one is never swallowed.
        if (c < 0x20 || c >= 0x7f) out += fmt::format("\\{:03o}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
  if (bytes.find('\0') != std::string_view::npos) return fmt::format("std::string_view{{{}, {}}}", out, bytes.size());
  return out;
}

std::string doc_comment(std::string_view doc, std::string_view indent) {
  std::string out;
  if (doc.empty()) return out;
  std::size_t start = 0;
  while (start <= doc.size()) {
    std::size_t end = doc.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = doc.size();
    std::string_view line = doc.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::string text;
    for (std::size_t i = 0; i < line.size();) {
      const auto c = static_cast<unsigned char>(line[i]);
      if (c < 0x80) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) text += fmt::format("\\x{:02X}", c);
        else if (c == '?' && i > 0 && line[i - 1] == '?') text += "\\?";  // no trigraph, `??/` least of all
        else if (c == '\\' && i + 1 == line.size()) text += "\\x5C";  // a `\` last would continue the comment
        else text += static_cast<char>(c);
        ++i;
        continue;
      }
      std::size_t len = base::utf8_sequence_length(line, i);
      if (len == 0) {
        text += fmt::format("\\x{:02X}", c);
        ++i;
        continue;
      }
      char32_t cp = decode(line, i, len);
      if (is_hidden_code_point(cp)) text += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(cp));
      else text.append(line.substr(i, len));
      i += len;
    }
    out += fmt::format("{}///{}{}\n", indent, text.empty() ? "" : " ", text);
    if (end == doc.size()) break;
    start = end + (doc[end] == '\r' && end + 1 < doc.size() && doc[end + 1] == '\n' ? 2 : 1);
  }
  return out;
}

std::optional<std::string> std_regex_pattern(std::string_view p) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (e == 'u' || e == 'x') {
        auto num = numeric_escape(p, i + 1);
        if (!num) return std::nullopt;
        std::uint32_t v = num->first;
        if (v >= 0x80) return std::nullopt;  // a surrogate pair is non-ASCII as well
        out += fmt::format("\\x{:02X}", v);
        i = num->second;
        continue;
      }
      if (e == '0') out += "\\x00";
      else if (e == 'b' && in_class) out += "\\x08";
      else if (static_cast<unsigned char>(e) >= 0x80) return std::nullopt;
      else out += {'\\', e};
      i += 2;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
    } else if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') {
        out += '^';
        ++i;
      }
    } else if (c == '.') {
      out += "[^\\n]";  // std::regex's `.` also refuses `\r`
    } else {
      out += c;
    }
    ++i;
  }
  try {
    std::regex check(out, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace strata::emit::cxx
