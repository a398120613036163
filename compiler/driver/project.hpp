#pragma once
/// Finding a project's entry file and reading source files.

#include <optional>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"

namespace strata::driver {

/// The entry file of a project: `main.strata` in the project directory.
inline constexpr const char* kEntryFile = "main.strata";

/// Resolves a command-line target to an entry file path: a directory means
/// its main.strata; anything else is taken as a file. Does not read it.
std::string entry_path_for(const std::string& target);

}  // namespace strata::driver
