#include "base/diagnostic.hpp"

#include <algorithm>

namespace strata::base {

const std::vector<DiagInfo>& all_diag_infos() {
  static const std::vector<DiagInfo> infos = {
#define DIAG(name, code, severity, summary) {DiagKind::name, code, Severity::severity, summary},
#include "base/diag_kinds.def"
#undef DIAG
  };
  return infos;
}

const DiagInfo& diag_info(DiagKind kind) { return all_diag_infos()[static_cast<std::size_t>(kind)]; }

Diagnostic& DiagSink::report(DiagKind kind, Location loc, std::string message) {
  const DiagInfo& info = diag_info(kind);
  if (info.severity == Severity::Error) ++errors_;
  diags_.push_back(Diagnostic{kind, info.severity, loc, std::move(message), {}});
  return diags_.back();
}

void DiagSink::append(DiagSink&& other) {
  for (Diagnostic& d : other.diags_) add(std::move(d));
  other.diags_.clear();
  other.errors_ = 0;
}

void DiagSink::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  diags_.push_back(std::move(d));
}

void DiagSink::sort() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    return a.loc.range.begin < b.loc.range.begin;
  });
}

}  // namespace strata::base
