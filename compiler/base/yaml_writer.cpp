#include "base/yaml_writer.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>

#include "base/utf8.hpp"

namespace strata::base {
namespace {

// What one pass over a string finds.
enum : unsigned {
  kQuote = 1,    // it cannot be written plain
  kNewline = 2,  // it holds a line feed
  kNoBlock = 4,  // it cannot be written as a literal block scalar
};

// YAML 1.1 limits implicit keys to 1024 characters; longer keys (counted in
// bytes, so conservatively) are written as explicit `? ` keys.
constexpr std::size_t kMaxImplicitKey = 1000;

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::array<bool, 256> byte_table(std::string_view bytes) {
  std::array<bool, 256> t{};
  for (char c : bytes) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// Every character the int, float and timestamp forms of YAML 1.1 and 1.2 use.
constexpr auto kNumberChars = byte_table("0123456789abcdefABCDEFxXoO_.:+-tTzZ ");

// ASCII bytes that need no look in the scan: printable, not ':' or '#'.
constexpr auto kOrdinary = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = c != ':' && c != '#';
  return t;
}();

// `s` equals `lower` (lower case ASCII) ignoring ASCII letter case.
bool equals_folded(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (fold(s[i]) != lower[i]) return false;
  return true;
}

// Bool and null words of YAML 1.1 and 1.2 in any letter case, `~`, the merge key
// `<<` and the value key `=`.
bool is_reserved_word(std::string_view s) {
  switch (s.size()) {
    case 1: return s[0] == 'y' || s[0] == 'Y' || s[0] == 'n' || s[0] == 'N' || s[0] == '~' || s[0] == '=';
    case 2: return equals_folded(s, "no") || equals_folded(s, "on") || s == "<<";
    case 3: return equals_folded(s, "yes") || equals_folded(s, "off");
    case 4: return equals_folded(s, "true") || equals_folded(s, "null");
    case 5: return equals_folded(s, "false");
    default: return false;
  }
}

// Starts like a number (optional sign, then a digit or '.') and has only
// number and timestamp characters, or is a signed or unsigned .inf/.nan.
bool is_number_like(std::string_view s) {
  std::size_t i = s[0] == '+' || s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  if (s[i] == '.') {
    std::string_view rest = s.substr(i + 1);
    if (equals_folded(rest, "inf") || equals_folded(rest, "nan")) return true;
  } else if (!is_digit(s[i])) {
    return false;
  }
  for (; i < s.size(); ++i)
    if (!kNumberChars[static_cast<unsigned char>(s[i])]) return false;
  return true;
}

// The checks on the whole of a non-empty string: its first and last character,
// reserved words and numbers.
bool whole_needs_quotes(std::string_view s) {
  switch (s[0]) {
    case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&':
    case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
    case ' ': case '\t':
      return true;
    case '-':
      if (s.size() == 1 || is_blank(s[1]) || s.starts_with("---")) return true;
      break;
    case '.':
      if (s.starts_with("...")) return true;
      break;
    default: break;
  }
  char last = s.back();
  return last == ':' || is_blank(last) || is_reserved_word(s) || is_number_like(s);
}

// The code point of the sequence `seq` (valid UTF-8, 2 to 4 bytes) when it must
// be escaped (C1 controls, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF), else 0.
unsigned escaped_code_point(std::string_view seq) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(seq[i]); };
  if (seq.size() == 2) return b(0) == 0xC2 && b(1) < 0xA0 ? 0x80u + (b(1) & 0x3Fu) : 0u;
  if (seq.size() != 3 || (b(0) != 0xE2 && b(0) != 0xEF)) return 0;
  unsigned cp = ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
  return cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF ? cp : 0;
}

// One pass over `s`: the kQuote, kNewline and kNoBlock flags.
unsigned scan(std::string_view s) {
  if (s.empty()) return kQuote | kNoBlock;
  unsigned flags = whole_needs_quotes(s) ? unsigned{kQuote} : 0u;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    auto c = static_cast<unsigned char>(s[i]);
    if (kOrdinary[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t len = utf8_sequence_length(s, i);
      if (len == 0 || escaped_code_point(s.substr(i, len)) != 0) flags |= kQuote | kNoBlock;
      i += len == 0 ? 1 : len;
      continue;
    }
    if (c == ':') {
      if (i + 1 < n && is_blank(s[i + 1])) flags |= kQuote;
    } else if (c == '#') {
      if (i > 0 && is_blank(s[i - 1])) flags |= kQuote;
    } else if (c == '\n') {
      flags |= kQuote | kNewline;
      if (i > 0 && is_blank(s[i - 1])) flags |= kNoBlock;  // a line ending in a blank
    } else {
      flags |= c == '\t' ? kQuote : kQuote | kNoBlock;  // other controls and DEL
    }
    ++i;
  }
  if (is_blank(s.back()) || s.find_first_not_of('\n') == std::string_view::npos) flags |= kNoBlock;
  return flags;
}

// The one-letter escapes of YAML double-quoted scalars for C0 controls, by
// byte (\0 \a \b \t \n \v \f \r \e); 0 where \xNN is written instead.
constexpr auto kShortEscape = [] {
  std::array<char, 32> t{};
  t[0x00] = '0', t[0x07] = 'a', t[0x08] = 'b', t[0x09] = 't', t[0x0A] = 'n';
  t[0x0B] = 'v', t[0x0C] = 'f', t[0x0D] = 'r', t[0x1B] = 'e';
  return t;
}();

void append_double_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  auto flush = [&] { out.append(s.data() + run, i - run); };
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        flush();
        out += "\xEF\xBF\xBD";
        run = ++i;
      } else if (unsigned cp = escaped_code_point(s.substr(i, len)); cp != 0) {
        flush();
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
        run = i += len;
      } else {
        i += len;
      }
      continue;
    }
    flush();
    out += '\\';
    if (c == '"' || c == '\\') {
      out += static_cast<char>(c);
    } else if (c < 0x20 && kShortEscape[c] != 0) {
      out += kShortEscape[c];
    } else {
      out += 'x';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    run = ++i;
  }
  flush();
  out += '"';
}

}  // namespace

bool yaml_needs_quotes(std::string_view s) { return (scan(s) & kQuote) != 0; }

void append_yaml_scalar(std::string& out, std::string_view s) {
  if (yaml_needs_quotes(s)) append_double_quoted(out, s);
  else out.append(s);
}

YamlWriter::YamlWriter(std::string& out) : out_(out) { stack_.reserve(16); }

void YamlWriter::start_child(Frame& f) {
  if (f.empty) {
    f.empty = false;
    if (f.open == Open::kAfterDash) return;  // the first child goes on the `- ` line
    if (f.open == Open::kAfterKey) out_ += '\n';
  }
  out_.append(static_cast<std::size_t>(f.indent), ' ');
}

YamlWriter::Place YamlWriter::begin_value() {
  if (stack_.empty()) return {Open::kLineStart, 0};
  Frame& f = stack_.back();
  if (f.is_map) {
    assert(f.has_key && "a value in a map needs a key first");
    f.has_key = false;
    return {Open::kAfterKey, f.indent + 2};
  }
  start_child(f);
  out_ += "- ";
  return {Open::kAfterDash, f.indent + 2};
}

void YamlWriter::key(std::string_view k) { write_key(k, false); }

void YamlWriter::key(Symbol name, std::string_view k) {
  if (name.id >= plain_name_.size()) plain_name_.resize(name.id + 1, 0);
  std::uint8_t& plain = plain_name_[name.id];
  if (plain == 0) plain = k.size() <= kMaxImplicitKey && !yaml_needs_quotes(k) ? 1 : 2;
  write_key(k, plain == 1);
}

void YamlWriter::write_key(std::string_view k, bool plain) {
  assert(!stack_.empty() && stack_.back().is_map && !stack_.back().has_key);
  Frame& f = stack_.back();
  start_child(f);
  if (plain) {
    out_.append(k);
  } else {
    std::size_t start = out_.size();
    append_yaml_scalar(out_, k);
    if (out_.size() - start > kMaxImplicitKey) {
      out_.insert(start, "? ");
      out_ += '\n';
      out_.append(static_cast<std::size_t>(f.indent), ' ');
    }
  }
  out_ += ':';
  f.has_key = true;
}

void YamlWriter::scalar_text(std::string_view text) {
  if (begin_value().open == Open::kAfterKey) out_ += ' ';
  out_.append(text);
  out_ += '\n';
}

void YamlWriter::block_scalar(std::string_view s, Place p, bool needs_indicator) {
  if (p.open == Open::kAfterKey) out_ += ' ';
  out_ += '|';
  if (needs_indicator) out_ += '2';  // the lines sit 2 deeper than their parent
  std::size_t last = s.find_last_not_of('\n');
  std::size_t trailing = s.size() - 1 - last;
  if (trailing == 0) out_ += '-';
  else if (trailing > 1) out_ += '+';
  out_ += '\n';
  // At the top level the lines are indented by 2 and need no indicator.
  auto indent = static_cast<std::size_t>(p.open == Open::kLineStart ? 2 : p.child_indent);
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) {
      out_.append(indent, ' ');
      out_.append(s.data() + pos, end - pos);
    }
    out_ += '\n';
    pos = end + 1;
  }
}

void YamlWriter::string(std::string_view s) {
  unsigned flags = scan(s);
  Place p = begin_value();
  if ((flags & (kNewline | kNoBlock)) == kNewline) {
    bool needs_indicator = s[0] == '\n' || is_blank(s[0]);
    // An indicator at the top level means different columns to different parsers.
    if (!(needs_indicator && p.open == Open::kLineStart)) return block_scalar(s, p, needs_indicator);
  }
  if (p.open == Open::kAfterKey) out_ += ' ';
  if (flags & kQuote) append_double_quoted(out_, s);
  else out_.append(s);
  out_ += '\n';
}

void YamlWriter::integer(std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  scalar_text({buf, static_cast<std::size_t>(end - buf)});
}

void YamlWriter::floating(double v) {
  if (std::isnan(v)) return scalar_text(".nan");
  if (std::isinf(v)) return scalar_text(v > 0 ? ".inf" : "-.inf");
  char buf[48];
  auto [end, ec] = std::to_chars(buf, buf + 40, v);
  auto len = static_cast<std::size_t>(end - buf);
  std::string_view text(buf, len);
  if (text.find('.') == std::string_view::npos) {
    // YAML 1.1 floats need a '.': 3 -> 3.0, 1e+20 -> 1.0e+20.
    std::size_t e = text.find('e');
    if (e == std::string_view::npos) e = len;
    std::memmove(buf + e + 2, buf + e, len - e);
    buf[e] = '.';
    buf[e + 1] = '0';
    len += 2;
  }
  scalar_text({buf, len});
}

void YamlWriter::boolean(bool v) { scalar_text(v ? "true" : "false"); }

void YamlWriter::null() { scalar_text("null"); }

void YamlWriter::begin_collection(bool is_map) {
  Place p = begin_value();
  stack_.push_back({p.child_indent, is_map, p.open, true, false});
}

void YamlWriter::end_collection(bool is_map) {
  assert(!stack_.empty() && stack_.back().is_map == is_map && !stack_.back().has_key);
  const Frame& f = stack_.back();
  if (f.empty) {
    if (f.open == Open::kAfterKey) out_ += ' ';
    out_ += is_map ? "{}\n" : "[]\n";
  }
  stack_.pop_back();
}

void YamlWriter::begin_map() { begin_collection(true); }
void YamlWriter::end_map() { end_collection(true); }
void YamlWriter::begin_list() { begin_collection(false); }
void YamlWriter::end_list() { end_collection(false); }

}  // namespace strata::base
