#include "syntax/lexical_scan.hpp"

#include <fmt/format.h>

#include "base/utf8.hpp"

namespace strata::syntax {
namespace {

constexpr int kMaxEncodingErrors = 20;  // per file; the rest are summarised in a note

std::string utf8_problem(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b >= 0x80 && b <= 0xBF) return fmt::format("stray continuation byte 0x{:02X}", b);
  if (b == 0xC0 || b == 0xC1) return fmt::format("overlong encoding (lead byte 0x{:02X})", b);
  if (b >= 0xF5) return fmt::format("byte 0x{:02X} never appears in UTF-8", b);
  std::size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  if (i + 1 < s.size()) {
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xE0 && b1 >= 0x80 && b1 < 0xA0) || (b == 0xF0 && b1 >= 0x80 && b1 < 0x90))
      return fmt::format("overlong encoding (lead byte 0x{:02X})", b);
    if (b == 0xED && b1 >= 0xA0 && b1 <= 0xBF) return "encoded UTF-16 surrogate";
    if (b == 0xF4 && b1 >= 0x90 && b1 <= 0xBF) return "code point above U+10FFFF";
  }
  return fmt::format("truncated sequence: lead byte 0x{:02X} needs {} bytes", b, need);
}

void check_encoding(std::string_view text, std::size_t from, base::FileId file, base::DiagSink& sink,
                    LexicalScan& out) {
  int reported = 0, suppressed = 0;
  auto report = [&](base::DiagKind kind, std::size_t at, std::size_t len, std::string msg) {
    out.ok = false;
    if (reported >= kMaxEncodingErrors) {
      ++suppressed;
      return;
    }
    ++reported;
    sink.report(kind, {file, {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + len)}},
                std::move(msg));
  };
  for (std::size_t i = from; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      std::size_t j = i;
      while (j < text.size() && text[j] == 0) ++j;
      report(base::DiagKind::NulByte, i, j - i,
             j - i == 1 ? "NUL byte in source" : fmt::format("{} NUL bytes in source", j - i));
      i = j;
    } else if (c < 0x80) {
      ++i;
    } else if (std::size_t len = base::utf8_sequence_length(text, i)) {
      i += len;
    } else {
      // One error for a bad lead byte and the continuation bytes that follow it.
      std::size_t bad = 1;
      if (c >= 0xC0)
        while (bad < 4 && i + bad < text.size() && (static_cast<unsigned char>(text[i + bad]) & 0xC0) == 0x80) ++bad;
      report(base::DiagKind::InvalidUtf8, i, bad, fmt::format("invalid UTF-8: {}", utf8_problem(text, i)));
      i += bad;
    }
  }
  if (suppressed > 0) {
    sink.last().notes.push_back({{}, fmt::format("{} more encoding errors in this file are not shown", suppressed)});
  }
}

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

// Finds comments and unterminated strings, block comments and regexes. String
// interpolation nests: `"a ${ f("b") } c"`.
void scan_structure(std::string_view text, std::size_t from, base::FileId file, base::DiagSink& sink,
                    LexicalScan& out) {
  enum class Mode { Code, String, MultiString };
  struct Frame {
    Mode mode;
    std::size_t open;  // where the string or interpolation started
    int braces;        // Code frames inside `${`: open braces not yet closed
  };
  std::vector<Frame> stack{{Mode::Code, 0, 0}};
  const std::size_t n = text.size();
  bool after_matches = false;  // the last word was `matches`: a `/` starts a regex
  auto loc = [&](std::size_t a, std::size_t b) {
    return base::Location{file, {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)}};
  };
  // Whether the innermost string is a one-line string, directly or through
  // `${` interpolations.
  auto inside_line_string = [](const std::vector<Frame>& st) {
    for (std::size_t k = st.size(); k-- > 1;)
      if (st[k].mode != Mode::Code) return st[k].mode == Mode::String;
    return false;
  };
  // A line ended inside a one-line string: one error at the outermost such
  // string still open, then carry on after the line to find more problems.
  auto report_open_line_string = [&](std::vector<Frame>& st) {
    std::size_t k = st.size() - 1, outer = 0;
    bool via_interpolation = false;
    while (k >= 1 && (st[k].mode == Mode::String || st[k].mode == Mode::Code)) {
      if (st[k].mode == Mode::String) outer = k;
      else via_interpolation = true;
      --k;
    }
    std::size_t open = st[outer].open;
    auto& d = sink.report(base::DiagKind::UnterminatedString, loc(open, open + 1), "unterminated string literal");
    if (via_interpolation && outer + 1 < st.size())
      d.notes.push_back({loc(st[outer + 1].open, st[outer + 1].open + 2), "this `${` is not closed by `}` on its line"});
    else
      d.notes.push_back({{}, "a string in double quotes ends on its own line; use \"\"\" for text over several "
                             "lines, or \\n"});
    out.ok = false;
    st.resize(outer);
  };
  std::size_t i = from;
  while (i < n) {
    Frame& top = stack.back();
    char c = text[i];
    if (top.mode == Mode::Code) {
      if (c == '/' && i + 1 < n && text[i + 1] == '/') {
        std::size_t s = i;
        while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
        bool doc = i - s >= 3 && text[s + 2] == '/' && !(i - s >= 4 && text[s + 3] == '/');
        out.comments.push_back({{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(i)},
                                doc ? ast::CommentKind::Doc : ast::CommentKind::Line});
        continue;
      }
      if (c == '/' && i + 1 < n && text[i + 1] == '*') {
        std::size_t s = i;
        std::size_t e = text.find("*/", i + 2);
        if (e == std::string_view::npos) {
          sink.report(base::DiagKind::UnterminatedComment, loc(s, s + 2), "unterminated block comment")
              .notes.push_back({{}, "the comment opened here never ends with `*/`"});
          out.ok = false;
          return;
        }
        i = e + 2;
        out.comments.push_back({{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(i)},
                                ast::CommentKind::Block});
        continue;
      }
      if (c == '/' && after_matches) {
        std::size_t s = i++;
        while (i < n && text[i] != '/' && text[i] != '\n' && text[i] != '\r') i += (text[i] == '\\' && i + 1 < n && text[i + 1] == '/') ? 2 : 1;
        if (i >= n || text[i] != '/') {
          sink.report(base::DiagKind::UnterminatedRegex, loc(s, s + 1), "unterminated regex literal")
              .notes.push_back({{}, "a regex literal ends with `/` on the line where it starts"});
          out.ok = false;
        } else {
          ++i;
        }
        after_matches = false;
        continue;
      }
      if (ident_start(c)) {
        std::size_t s = i;
        while (i < n && ident_char(text[i])) ++i;
        after_matches = text.substr(s, i - s) == "matches";
        continue;
      }
      if ((c == '\n' || c == '\r') && inside_line_string(stack)) {
        report_open_line_string(stack);
        ++i;
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') after_matches = false;
      if (c == '"') {
        bool multi = i + 2 < n && text[i + 1] == '"' && text[i + 2] == '"';
        stack.push_back({multi ? Mode::MultiString : Mode::String, i, 0});
        i += multi ? 3 : 1;
        continue;
      }
      if (c == '{') {
        ++top.braces;
      } else if (c == '}') {
        if (top.braces == 0 && stack.size() > 1) {  // closes `${`
          stack.pop_back();
          ++i;
          continue;
        }
        if (top.braces > 0) --top.braces;
      }
      ++i;
      continue;
    }
    // inside a string
    if (c == '\\') {
      i += (i + 1 < n && text[i + 1] != '\n' && text[i + 1] != '\r') ? 2 : 1;
      continue;
    }
    if (c == '$' && i + 1 < n && text[i + 1] == '{') {
      stack.push_back({Mode::Code, i, 0});
      i += 2;
      continue;
    }
    if (top.mode == Mode::String) {
      if (c == '"') {
        stack.pop_back();
        ++i;
        continue;
      }
      if (c == '\n' || c == '\r') {
        report_open_line_string(stack);
        ++i;
        continue;
      }
    } else if (c == '"' && i + 2 < n && text[i + 1] == '"' && text[i + 2] == '"') {
      stack.pop_back();
      i += 3;
      continue;
    }
    ++i;
  }
  // What is still open at the end of the file.
  for (std::size_t k = stack.size(); k-- > 1;) {
    const Frame& f = stack[k];
    if (f.mode == Mode::Code) continue;  // an open `${` inside a string: the string is reported
    sink.report(base::DiagKind::UnterminatedString, loc(f.open, f.open + (f.mode == Mode::MultiString ? 3 : 1)),
                "unterminated string literal")
        .notes.push_back({{}, f.mode == Mode::MultiString ? "the string opened here never ends with \"\"\""
                                                          : "the string opened here never ends with a quote"});
    out.ok = false;
  }
}

}  // namespace

LexicalScan scan_lexical(std::string_view text, base::FileId file, base::DiagSink& sink) {
  LexicalScan out;
  auto starts = [&](std::string_view bom) { return text.substr(0, bom.size()) == bom; };
  if (starts("\xFF\xFE") || starts("\xFE\xFF") || starts(std::string_view("\x00\x00\xFE\xFF", 4))) {
    bool utf32 = starts(std::string_view("\xFF\xFE\x00\x00", 4)) || starts(std::string_view("\x00\x00\xFE\xFF", 4));
    sink.report(base::DiagKind::UnsupportedEncoding, {file, {0, utf32 ? 4u : 2u}},
                fmt::format("this file is {} (it starts with a byte order mark); Strata reads UTF-8 only",
                            utf32 ? "UTF-32" : "UTF-16"))
        .notes.push_back({{}, fmt::format("convert it, for example with `iconv -f {} -t UTF-8`",
                                          utf32 ? "UTF-32" : "UTF-16")});
    out.ok = false;
    return out;
  }
  if (starts("\xEF\xBB\xBF")) out.content_begin = 3;
  check_encoding(text, out.content_begin, file, sink, out);
  if (!out.ok) return out;  // the structure of a file in an unknown encoding means nothing
  scan_structure(text, out.content_begin, file, sink, out);
  return out;
}

}  // namespace strata::syntax
