#pragma once
/// Rendering diagnostics for people (text) and for tools (JSON lines).

#include <string>

#include "base/diagnostic.hpp"

namespace strata::base {

struct TextStyle {
  bool color = false;
};

/// `path:line:col: error[E0100]: message`, the source line, carets under the
/// range, then each note in the same shape. Ends with a newline.
std::string render_text(const SourceManager& sm, const Diagnostic& d, TextStyle style);

/// One JSON object on one line: file, range (1-based line/column pairs, end
/// exclusive), severity, code, message, notes.
std::string render_json(const SourceManager& sm, const Diagnostic& d);

/// A printable excerpt of one source line with the caret columns of [begin, end)
/// (byte offsets within the line). Long lines are clipped to a window around
/// the range; tabs become spaces; invalid UTF-8 and control bytes become `\xNN`.
struct Excerpt {
  std::string text;
  std::size_t caret_col = 0;  // 0-based display column
  std::size_t caret_len = 1;
};
Excerpt make_excerpt(std::string_view line, std::size_t begin, std::size_t end);

}  // namespace strata::base
