#pragma once
/// Reading source files from disk into a SourceManager.

#include <optional>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"

namespace strata::base {

/// Reads path into sm under the name display (path when empty). On failure
/// (missing, a directory, unreadable, over kMaxSourceBytes) reports E0009 or
/// E0007 at `at` (no position when at.file is kNoFile) and returns nothing.
std::optional<FileId> read_source(SourceManager& sm, const std::string& path, DiagSink& sink,
                                  const std::string& display = {}, Location at = {});

}  // namespace strata::base
