#pragma once
/// Diagnostics as values: kinds, notes, and the sink every step writes to.

#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"

namespace strata::base {

enum class Severity { Error, Warning, Note };

/// Every kind of diagnostic Strata can report (see diag_kinds.def).
enum class DiagKind {
#define DIAG(name, code, severity, summary) name,
#include "base/diag_kinds.def"
#undef DIAG
};

/// Static facts about one diagnostic kind.
struct DiagInfo {
  DiagKind kind;
  std::string_view code;
  Severity severity;
  std::string_view summary;
};

/// The registry entry of a kind.
const DiagInfo& diag_info(DiagKind kind);
/// Every registered kind, in code order.
const std::vector<DiagInfo>& all_diag_infos();

/// A location: a file and a byte range in it. file == kNoFile means "no position".
struct Location {
  FileId file = kNoFile;
  Range range;
};

/// A note attached to a diagnostic, with or without its own location.
struct Note {
  Location loc;
  std::string message;
};

/// One diagnostic: what went wrong, where, and the notes that explain it.
struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Location loc;
  std::string message;
  std::vector<Note> notes;
};

/// Collects the diagnostics of a run, in the order they were found.
class DiagSink {
 public:
  /// Reports a diagnostic with the registered severity of its kind.
  Diagnostic& report(DiagKind kind, Location loc, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  /// The diagnostic reported last, to add notes to (there must be one).
  Diagnostic& last() { return diags_.back(); }
  std::size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ != 0; }
  /// Sorts by file and position; stable, so equal positions keep report order.
  void sort();
  /// Moves the diagnostics of `other` (a sink another thread reported to)
  /// after this one's.
  void append(DiagSink&& other);
  /// Adds one diagnostic made by another sink, after this one's.
  void add(Diagnostic d);

 private:
  std::vector<Diagnostic> diags_;
  std::size_t errors_ = 0;
};

}  // namespace strata::base
