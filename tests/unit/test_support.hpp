#pragma once
// Helpers shared by the unit tests: parse a string under a fixed file name.

#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/render.hpp"
#include "base/source.hpp"
#include "syntax/parse.hpp"

namespace strata::test {

/// The diagnostics of a sink rendered as text, without colour.
inline std::string diag_text(const base::SourceManager& sm, const base::DiagSink& sink) {
  std::string out;
  for (const base::Diagnostic& d : sink.diagnostics()) out += base::render_text(sm, d, {});
  return out;
}

/// The codes of a sink's diagnostics, in order.
inline std::vector<std::string> diag_codes(const base::DiagSink& sink) {
  std::vector<std::string> out;
  for (const base::Diagnostic& d : sink.diagnostics()) out.emplace_back(base::diag_info(d.kind).code);
  return out;
}

struct Parsed {
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  ast::File file;

  /// The diagnostics rendered as text, without colour.
  std::string text() const { return diag_text(sm, sink); }
  std::vector<std::string> codes() const { return diag_codes(sink); }
  base::LineCol pos(std::size_t i) const {
    const auto& d = sink.diagnostics().at(i);
    return sm.file(d.loc.file).line_col(d.loc.range.begin);
  }
};

inline std::unique_ptr<Parsed> parse_text(std::string text, std::string name = "test.strata") {
  auto p = std::make_unique<Parsed>();
  base::FileId id = p->sm.add(std::move(name), std::move(text));
  p->file = syntax::parse(p->sm, id, p->names, p->sink);
  return p;
}

}  // namespace strata::test
