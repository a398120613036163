// The X3-free halves of the token parsers: numbers, string contents, and the
// wording of syntax errors.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "base/utf8.hpp"
#include "syntax/parse_state.hpp"

namespace strata::syntax::grammar {

bool is_keyword(std::string_view w) {
  // Reserved words. `type`, `env`, `abstract`, `amends`, `extends`, `as`,
  // `output` and `len` are keywords only where they start or join a
  // declaration or constraint, so they stay usable as field names
  // (Kubernetes has `type` and `env` fields).
  static constexpr std::array<std::string_view, 16> kKeywords = {
      "check", "else", "enum", "false", "fn", "for", "if", "import",
      "in", "let", "match", "matches", "null", "schema", "then", "true"};
  for (std::string_view k : kKeywords)
    if (k == w) return true;
  return false;
}

bool is_declaration_keyword(std::string_view w) {
  return w == "import" || w == "let" || w == "type" || w == "enum" || w == "schema" || w == "fn" ||
         w == "check" || w == "env" || w == "abstract" || w == "output";
}

bool names_a_field(const char* p, const char* end) {
  const char* q = skip_trivia(p, end);
  if (q == end) return false;
  if (*q == ':') return true;
  return *q == '=' && !(end - q >= 2 && (q[1] == '=' || q[1] == '>'));
}

bool starts_declaration(const char* p, const char* end) {
  if (end - p >= 3 && p[0] == '/' && p[1] == '/' && p[2] == '/') return true;
  const char* e = scan_ident(p, end);
  return is_declaration_keyword({p, static_cast<std::size_t>(e - p)});
}

const char* skip_trivia(const char* p, const char* end) {
  while (p != end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++p;
    } else if (c == '/' && end - p >= 2 && p[1] == '/') {
      while (p != end && *p != '\n' && *p != '\r') ++p;
    } else if (c == '/' && end - p >= 2 && p[1] == '*') {
      p += 2;
      while (p != end && !(*p == '*' && end - p >= 2 && p[1] == '/')) ++p;
      p = p == end ? end : p + 2;
    } else {
      break;
    }
  }
  return p;
}

// ------------------------------------------------------------------ numbers

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool known_single_suffix(std::string_view s) {
  static constexpr std::array<std::string_view, 18> kSuffixes = {
      "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "ms", "s", "h", "d", "%"};
  for (std::string_view k : kSuffixes)
    if (k == s) return true;
  return false;
}

bool is_duration_suffix(std::string_view s) { return s == "d" || s == "h" || s == "m" || s == "s" || s == "ms"; }

// Checks the suffix part of a unit literal ("m", "Gi", "h30m" of "1h30m").
// Returns the offending part, or an empty view when the suffix is valid.
std::string_view bad_suffix(std::string_view t) {
  std::size_t i = 0, groups = 0;
  bool all_durations = true;
  for (;;) {
    std::size_t s = i;
    while (i < t.size() && (is_alpha(t[i]) || t[i] == '%')) ++i;
    std::string_view suffix = t.substr(s, i - s);
    ++groups;
    if (!known_single_suffix(suffix)) return suffix.empty() ? t : suffix;
    if (!is_duration_suffix(suffix)) all_durations = false;
    if (i == t.size()) break;
    if (!is_digit(t[i])) return t.substr(i);
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == t.size()) return t;  // "1h30": the last number has no unit
  }
  if (groups > 1 && !all_durations) return t;
  return {};
}

}  // namespace

const char* parse_number(ParseState& st, const char* p, const char* end, ast::Expr*& out) {
  if (p == end || !is_digit(*p)) return p;
  const char* s = p;
  std::uint64_t value = 0;
  bool overflow = false;
  auto digits = [&](bool accumulate) {
    while (p != end && (is_digit(*p) || (*p == '_' && p + 1 != end && is_digit(p[1]) && is_digit(p[-1])))) {
      if (*p != '_' && accumulate && !overflow) {
        std::uint64_t d = static_cast<std::uint64_t>(*p - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - d) / 10) overflow = true;
        else value = value * 10 + d;
      }
      ++p;
    }
  };
  digits(true);
  bool is_float = false;
  if (end - p >= 2 && *p == '.' && is_digit(p[1])) {
    is_float = true;
    ++p;
    digits(false);
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    const char* q = p + 1;
    if (q != end && (*q == '+' || *q == '-')) ++q;
    if (q != end && is_digit(*q)) {
      is_float = true;
      p = q;
      digits(false);
    }
  }
  const char* num_end = p;
  bool has_suffix = false;
  if (p != end && *p == '%') {
    const char* q = p + 1;
    if (q == end || !(is_ident_char(*q) || *q == '(')) {
      p = q;
      has_suffix = true;
    }
  } else if (p != end && is_alpha(*p)) {
    has_suffix = true;
    while (p != end && is_alpha(*p)) ++p;
    while (p != end && is_digit(*p)) {  // compound durations: 1h30m
      while (p != end && is_digit(*p)) ++p;
      while (p != end && is_alpha(*p)) ++p;
    }
    while (p != end && is_ident_char(*p)) ++p;  // the rest of a bad suffix, for the message
  }
  base::Range r = st.range(s, p);
  if (has_suffix) {
    std::string_view text(s, static_cast<std::size_t>(p - s));
    std::string_view bad = bad_suffix(std::string_view(num_end, static_cast<std::size_t>(p - num_end)));
    if (!bad.empty()) {
      st.diags.report(base::DiagKind::UnknownUnit, st.loc(num_end, p),
                      fmt::format("unknown unit suffix `{}` in `{}`", bad, text))
          .notes.push_back({{}, "units are m (millicores, or minutes for a duration), k M G T P E and Ki Mi Gi Ti "
                                "Pi Ei (memory), ms s m h d (durations, combinable as 1h30m), % (percent)"});
    }
    out = st.expr(r, ast::UnitLit{text});
    return p;
  }
  if (is_float) {
    std::string text;
    for (const char* q = s; q != num_end; ++q)
      if (*q != '_') text += *q;
    double value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(value)) {
      st.diags.report(base::DiagKind::IntegerOverflow, st.loc(s, p),
                      fmt::format("number literal `{}` is out of the range of a 64-bit float",
                                  std::string_view(s, static_cast<std::size_t>(p - s))));
      value = 0;
    }
    out = st.expr(r, ast::FloatLit{value});
    return p;
  }
  if (overflow || value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    st.diags.report(base::DiagKind::IntegerOverflow, st.loc(s, p),
                    fmt::format("integer literal `{}` does not fit in a 64-bit signed integer",
                                std::string_view(s, static_cast<std::size_t>(p - s))));
    value = 0;
  }
  out = st.expr(r, ast::IntLit{static_cast<std::int64_t>(value)});
  return p;
}

// ------------------------------------------------------------------ strings

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the escape at p (a backslash) into out; reports E0103 when invalid.
const char* decode_escape(ParseState& st, const char* p, const char* end, std::string& out) {
  const char* s = p;
  if (end - p < 2 || p[1] == '\n' || p[1] == '\r') {
    st.diags.report(base::DiagKind::InvalidEscape, st.loc(s, p + 1), "a backslash must be followed by an escape");
    return p + 1;
  }
  char c = p[1];
  switch (c) {
    case 'n': out += '\n'; return p + 2;
    case 't': out += '\t'; return p + 2;
    case 'r': out += '\r'; return p + 2;
    case '"': out += '"'; return p + 2;
    case '\\': out += '\\'; return p + 2;
    case '$': out += '$'; return p + 2;
    case 'u': {
      const char* q = p + 2;
      if (q != end && *q == '{') {
        ++q;
        std::uint32_t cp = 0;
        int n = 0;
        while (q != end && hex_value(*q) >= 0 && n < 7) {
          cp = cp * 16 + static_cast<std::uint32_t>(hex_value(*q));
          ++q;
          ++n;
        }
        if (q != end && *q == '}' && n >= 1 && n <= 6 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) &&
            cp != 0) {
          append_utf8(out, cp);
          return q + 1;
        }
        const char* e = q != end && *q == '}' ? q + 1 : q;
        st.diags.report(base::DiagKind::InvalidEscape, st.loc(s, e),
                        fmt::format("invalid unicode escape `{}`: expected 1 to 6 hex digits naming a code point "
                                    "other than 0 and the surrogates, up to 10FFFF",
                                    std::string_view(s, static_cast<std::size_t>(e - s))));
        return e;
      }
      st.diags.report(base::DiagKind::InvalidEscape, st.loc(s, p + 2), "a unicode escape is written `\\u{1F600}`");
      return p + 2;
    }
    default: {
      std::size_t len = static_cast<unsigned char>(c) < 0x80 ? 1 : base::utf8_sequence_length({p + 1, static_cast<std::size_t>(end - p - 1)}, 0);
      if (len == 0) len = 1;
      st.diags.report(base::DiagKind::InvalidEscape, st.loc(s, p + 1 + len),
                      fmt::format("unknown escape `\\{}`; the escapes are \\n \\t \\r \\\" \\\\ \\$ and \\u{{...}}",
                                  std::string_view(p + 1, len)));
      return p + 1 + len;
    }
  }
}

}  // namespace

const char* begin_string(StringScanner& sc, const char* p, const char* end) {
  if (end - p >= 3 && p[1] == '"' && p[2] == '"') {
    sc.multiline = true;
    sc.lit.multiline = true;
    p += 3;
    // The indentation of the closing """ is removed from every line.
    const char* q = p;
    while (q != end && *q != '"') q += (*q == '\\' && end - q >= 2) ? 2 : 1;  // an escaped quote is content
    while (q != end && !(end - q >= 3 && q[1] == '"' && q[2] == '"')) {
      ++q;
      while (q != end && *q != '"') q += (*q == '\\' && end - q >= 2) ? 2 : 1;
    }
    const char* ws = q;
    while (ws != p && (ws[-1] == ' ' || ws[-1] == '\t')) --ws;
    if (ws != p && (ws[-1] == '\n' || ws[-1] == '\r')) sc.indent = static_cast<std::size_t>(q - ws);
    // Spaces after the opening quotes, up to the line break, are not content.
    const char* nl = p;
    while (nl != end && (*nl == ' ' || *nl == '\t')) ++nl;
    if (nl != end && (*nl == '\n' || *nl == '\r')) p = nl;
    if (p != end && *p == '\r') ++p;
    if (p != end && *p == '\n') ++p;
    for (std::size_t i = 0; i < sc.indent && p != end && (*p == ' ' || *p == '\t'); ++i) ++p;
  } else {
    p += 1;
  }
  sc.text_begin = p;
  return p;
}

void StringScanner::flush_text(const char* at) {
  if (text.empty()) return;
  lit.parts.push_back(ast::StringPart{std::move(text), nullptr, st.range(text_begin, at)});
  text.clear();
}

const char* StringScanner::scan(const char* p, const char* end, bool& closed) {
  for (;;) {
    if (p == end) return nullptr;
    char c = *p;
    if (c == '"') {
      if (!multiline) {
        closed = true;
        return p + 1;
      }
      if (end - p >= 3 && p[1] == '"' && p[2] == '"') {
        // A closing """ on a line of its own ends the text without that line break.
        if (indent > 0 || (p != open && (p[-1] == '\n' || p[-1] == '\r'))) {
          if (!text.empty() && text.back() == '\n') text.pop_back();
        }
        closed = true;
        return p + 3;
      }
    }
    if (c == '$' && end - p >= 2 && p[1] == '{') {
      closed = false;
      return p + 2;
    }
    if (c == '\\') {
      p = decode_escape(st, p, end, text);
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (!multiline) return nullptr;
      text += '\n';
      p += (c == '\r' && end - p >= 2 && p[1] == '\n') ? 2 : 1;
      for (std::size_t i = 0; i < indent && p != end && (*p == ' ' || *p == '\t'); ++i) ++p;
      continue;
    }
    text += c;
    ++p;
  }
}

// ------------------------------------------------------------------ errors

namespace {

std::uint32_t decode_code_point(const char* p, std::size_t len) {
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
  if (len == 1) return b(0);
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// False for controls and for spaces and marks a reader cannot see.
bool printable(std::uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD) return false;
  if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F)) return false;
  return cp != 0x3000 && cp != 0xFEFF;
}

// The token at p, for "found ..." in a message, and its extent.
std::pair<std::string, const char*> describe_token(const char* p, const char* end) {
  if (p == end) return {"end of file", p};
  if (is_ident_start(*p)) {
    const char* e = scan_ident(p, end);
    std::string_view w(p, static_cast<std::size_t>(e - p));
    if (w.size() > 40) return {fmt::format("`{}...`", w.substr(0, 40)), e};
    return {fmt::format("`{}`", w), e};
  }
  if (is_digit(*p)) {
    const char* e = p;
    while (e != end && (is_ident_char(*e) || *e == '.') && e - p < 40) ++e;
    return {fmt::format("`{}`", std::string_view(p, static_cast<std::size_t>(e - p))), e};
  }
  if (*p == '"') return {"a string", p + 1};
  if (*p == '`') return {"a backtick", p + 1};
  std::size_t len = base::utf8_sequence_length({p, static_cast<std::size_t>(end - p)}, 0);
  if (len == 0) return {fmt::format("byte 0x{:02X}", static_cast<unsigned char>(*p)), p + 1};
  std::uint32_t cp = decode_code_point(p, len);
  if (!printable(cp)) return {fmt::format("U+{:04X}", cp), p + len};
  if (cp >= 0x80) return {fmt::format("`{}` (U+{:04X})", std::string_view(p, len), cp), p + len};
  return {fmt::format("`{}`", std::string_view(p, len)), p + len};
}

// Whether c can begin some token of the language (outside strings).
bool starts_token(char c) {
  return is_ident_char(c) || std::string_view("{}[](),;:=<>!+-*/%?.|&\"").find(c) != std::string_view::npos;
}

std::string describe_expected(const std::string& which) {
  if (which.size() >= 2 && (which.front() == '\'' || which.front() == '"') && which.back() == which.front()) {
    std::string inner = which.substr(1, which.size() - 2);
    if (inner == "\\\"") inner = "\"";
    return fmt::format("`{}`", inner);
  }
  return which;
}

}  // namespace

void ParseState::report_unexpected(const char* at, std::string_view expected, base::DiagKind kind) {
  const char* p = skip_trivia(at, end);
  // Several open constructs can fail at the same place (typically the end of
  // the file); the first report says it all.
  if (p == last_error_at) return;
  last_error_at = p;
  auto [found, tok_end] = describe_token(p, end);
  if (p != end && !starts_token(*p)) {
    auto& d = diags.report(base::DiagKind::UnexpectedCharacter, loc(p, tok_end),
                           fmt::format("unexpected character: {}", found));
    if (*p == '#') d.notes.push_back({{}, "comments start with `//`"});
    if (*p == '`' || *p == '\'') d.notes.push_back({{}, "strings are written in double quotes: \"text\""});
    d.notes.push_back({{}, fmt::format("expected {} here", expected)});
    return;
  }
  if (is_ident_start(*p)) {
    std::string_view word(p, static_cast<std::size_t>(tok_end - p));
    if (is_keyword(word) && names_a_field(tok_end, end)) {
      diags.report(base::DiagKind::KeywordAsName, loc(p, tok_end),
                   fmt::format("`{}` is a keyword and cannot be used as a name", word));
      return;
    }
  }
  diags.report(kind, loc(p, tok_end), fmt::format("expected {}, found {}", expected, found));
}

void ParseState::report_expected(const char* where, const std::string& which) {
  if (which == kDepthWhich) {
    diags.report(base::DiagKind::NestingTooDeep, loc(where, where == end ? where : where + 1),
                 fmt::format("nesting is deeper than {} levels", kMaxDepth));
    return;
  }
  const char* p = skip_trivia(where, end);
  if (which == "name" && p != end && is_ident_start(*p)) {
    const char* e = scan_ident(p, end);
    std::string_view w(p, static_cast<std::size_t>(e - p));
    if (is_keyword(w)) {
      diags.report(base::DiagKind::KeywordAsName, loc(p, e),
                   fmt::format("`{}` is a keyword and cannot be used as a name", w));
      return;
    }
  }
  report_unexpected(where, describe_expected(which));
}

}  // namespace strata::syntax::grammar

namespace strata::syntax::grammar {

const char* recovery_start(ParseState& st, const char* p) {
  if (st.error_at && st.error_at > p) p = st.error_at;
  st.error_at = nullptr;
  return p;
}

const char* skip_rest_of_line(const char* p, const char* end) {
  int depth = 0;
  while (p != end) {
    char c = *p;
    if (c == '\n' || c == '\r') {
      const char* next = p + 1;
      if (c == '\r' && next != end && *next == '\n') ++next;
      // A declaration in the first column ends the skip, however many
      // brackets are open: they were never closed.
      if (depth <= 0 || (next != end && starts_declaration(next, end))) return next;
      p = next;
      continue;
    } else if (c == '"') {
      ++p;  // skip a string on this line
      while (p != end && *p != '"' && *p != '\n' && *p != '\r') p += (*p == '\\' && end - p >= 2) ? 2 : 1;
      if (p != end && *p == '"') ++p;
      continue;
    } else if (c == '/' && end - p >= 2 && p[1] == '/') {
      while (p != end && *p != '\n' && *p != '\r') ++p;
      continue;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (depth > 0) --depth;
    } else if (c == '}') {
      if (depth == 0) return p;  // closes the enclosing braces: leave it to them
      --depth;
    }
    ++p;
  }
  return p;
}

}  // namespace strata::syntax::grammar
