#include "base/render.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/json_writer.hpp"
#include "base/utf8.hpp"

namespace strata::base {
namespace {

constexpr std::size_t kMaxExcerptBytes = 160;  // longer lines are clipped around the range
constexpr std::size_t kContextBytes = 60;

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

struct Colors {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* blue = "";
  const char* reset = "";
};

Colors colors_for(TextStyle style) {
  if (!style.color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;34m", "\x1b[0m"};
}

// Renders `path:line:col: label` for a location in a file.
void render_location(std::string& out, const SourceManager& sm, const Location& loc,
                     std::string_view label, const char* label_color, const Colors& c) {
  const SourceFile& f = sm.file(loc.file);
  LineCol lc = f.line_col(loc.range.begin);
  out += fmt::format("{}{}:{}:{}:{} {}{}{}", c.bold, f.path(), lc.line, lc.col, c.reset, label_color,
                     label, c.reset);
}

void render_snippet(std::string& out, const SourceManager& sm, const Location& loc, const char* caret_color,
                    const Colors& c) {
  if (loc.file == kNoFile) return;
  const SourceFile& f = sm.file(loc.file);
  LineCol lc = f.line_col(loc.range.begin);
  std::uint32_t line_begin = f.line_start(lc.line);
  std::string_view line = f.line_text(lc.line);
  std::size_t b = loc.range.begin - line_begin;
  std::size_t e = loc.range.end > loc.range.begin ? loc.range.end - line_begin : b + 1;
  e = std::min(e, std::max<std::size_t>(line.size(), b + 1));  // a range past this line is cut here
  Excerpt ex = make_excerpt(line, b, e);
  std::string num = std::to_string(lc.line);
  std::string pad(num.size(), ' ');
  out += fmt::format("{} {}{} |{} {}\n", " ", c.blue, num, c.reset, ex.text);
  out += fmt::format("{} {}{} |{} {}{}{}{}\n", " ", c.blue, pad, c.reset, std::string(ex.caret_col, ' '),
                     caret_color, std::string(ex.caret_len, '^'), c.reset);
}

}  // namespace

Excerpt make_excerpt(std::string_view line, std::size_t begin, std::size_t end) {
  begin = std::min(begin, line.size());
  end = std::max(end, begin + 1);
  std::size_t from = 0, to = line.size();
  bool clip_left = false, clip_right = false;
  if (line.size() > kMaxExcerptBytes) {
    from = begin > kContextBytes ? begin - kContextBytes : 0;
    to = std::min(line.size(), std::max(end, begin + 1) + kContextBytes);
    if (to - from > kMaxExcerptBytes) to = from + kMaxExcerptBytes;
    // do not cut a UTF-8 sequence in half
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
    while (to < line.size() && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80) ++to;
    clip_left = from > 0;
    clip_right = to < line.size();
  }
  Excerpt ex;
  std::size_t col = 0;
  if (clip_left) {
    ex.text += "...";
    col = 3;
  }
  std::size_t caret_end_col = 0;
  bool caret_set = false;
  for (std::size_t i = from; i < to;) {
    if (i >= begin && !caret_set) {
      ex.caret_col = col;
      caret_set = true;
    }
    if (i < end) caret_end_col = col;
    unsigned char ch = static_cast<unsigned char>(line[i]);
    std::size_t len = ch < 0x80 ? 1 : utf8_sequence_length(line, i);
    if (ch == '\t') {
      ex.text += "    ";
      col += 4;
    } else if (len == 0 || ch < 0x20 || ch == 0x7f) {
      ex.text += fmt::format("\\x{:02X}", ch);
      col += 4;
      len = 1;
    } else {
      ex.text.append(line.substr(i, len));
      col += 1;
    }
    if (i < end) caret_end_col = col;
    i += len;
  }
  if (!caret_set) ex.caret_col = col;  // the range starts at the end of the line
  ex.caret_len = caret_end_col > ex.caret_col ? caret_end_col - ex.caret_col : 1;
  if (clip_right) ex.text += "...";
  return ex;
}

std::string render_text(const SourceManager& sm, const Diagnostic& d, TextStyle style) {
  Colors c = colors_for(style);
  const DiagInfo& info = diag_info(d.kind);
  const char* sev_color = d.severity == Severity::Error ? c.red : d.severity == Severity::Warning ? c.yellow : c.cyan;
  std::string out;
  std::string label = fmt::format("{}[{}]", severity_name(d.severity), info.code);
  if (d.loc.file == kNoFile) {
    out += fmt::format("{}{}{}: {}{}{}\n", sev_color, label, c.reset, c.bold, d.message, c.reset);
  } else {
    render_location(out, sm, d.loc, label, sev_color, c);
    out += fmt::format(": {}{}{}\n", c.bold, d.message, c.reset);
    render_snippet(out, sm, d.loc, sev_color, c);
  }
  for (const Note& n : d.notes) {
    if (n.loc.file == kNoFile) {
      out += fmt::format("  {}= note{}: {}\n", c.cyan, c.reset, n.message);
      continue;
    }
    render_location(out, sm, n.loc, "note", c.cyan, c);
    out += fmt::format(": {}\n", n.message);
    render_snippet(out, sm, n.loc, c.cyan, c);
  }
  return out;
}

namespace {

void append_range_json(std::string& out, const SourceManager& sm, const Location& loc) {
  if (loc.file == kNoFile) {
    out += "\"file\":null,\"range\":null";
    return;
  }
  const SourceFile& f = sm.file(loc.file);
  LineCol b = f.line_col(loc.range.begin);
  LineCol e = f.line_col(std::max(loc.range.end, loc.range.begin));
  out += "\"file\":";
  append_json_string(out, f.path());
  out += fmt::format(",\"range\":{{\"start\":{{\"line\":{},\"column\":{}}},\"end\":{{\"line\":{},\"column\":{}}}}}",
                     b.line, b.col, e.line, e.col);
}

}  // namespace

std::string render_json(const SourceManager& sm, const Diagnostic& d) {
  const DiagInfo& info = diag_info(d.kind);
  std::string out = "{";
  append_range_json(out, sm, d.loc);
  out += fmt::format(",\"severity\":\"{}\",\"code\":\"{}\",\"message\":", severity_name(d.severity), info.code);
  append_json_string(out, d.message);
  out += ",\"notes\":[";
  for (std::size_t i = 0; i < d.notes.size(); ++i) {
    if (i) out += ',';
    out += '{';
    append_range_json(out, sm, d.notes[i].loc);
    out += ",\"message\":";
    append_json_string(out, d.notes[i].message);
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace strata::base
