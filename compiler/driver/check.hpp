#pragma once
/// `strata check`: every diagnostic of a project in one run.

#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"

namespace strata::driver {

/// How far `check` goes; the syntax golden tests stop after parsing.
enum class CheckDepth { Syntax, Names };

/// Checks each target (a project directory or a file); with no targets, the
/// project in the current directory. Diagnostics go to sink.
void check_targets(const std::vector<std::string>& targets, base::SourceManager& sm, base::Interner& names,
                   base::DiagSink& sink, CheckDepth depth = CheckDepth::Names);

}  // namespace strata::driver
