#include "driver/project.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace strata::driver {

namespace fs = std::filesystem;

std::string entry_path_for(const std::string& target) {
  std::error_code ec;
  if (fs::is_directory(target, ec) && fs::path(target).extension() != ".strata") {
    if (target == ".") return kEntryFile;
    return (fs::path(target) / kEntryFile).string();
  }
  return target;
}

}  // namespace strata::driver
