#pragma once
/// Finding a project's entry file and reading source files.

#include <optional>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"

namespace strata::driver {

using base::kEntryFile;

/// Resolves a command-line target to an entry file path: a directory means
/// its main.strata; anything else is taken as a file. Does not read it.
std::string entry_path_for(const std::string& target);

}  // namespace strata::driver
