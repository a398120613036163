#pragma once
/// Loading a program: the entry file and, transitively, every import.

#include <string>

#include "sema/program.hpp"

namespace strata::sema {

/// Maximum length of a chain of imports (E0208 beyond it).
inline constexpr int kMaxImportDepth = 64;

/// Parses entry_path and every module it imports. `import "std/..."` comes
/// from the embedded standard library; `import "./x.strata"` is relative to
/// the importing file and must stay inside the project root (the entry file's
/// directory), symbolic links included. Reports E0200-E0202, E0206, E0208 and
/// every syntax error; modules that fail to load are left out. Returns a
/// program whose entry is null when the entry file itself cannot be read.
Program load_program(const std::string& entry_path, base::SourceManager& sm, base::Interner& names,
                     base::DiagSink& sink);

}  // namespace strata::sema
