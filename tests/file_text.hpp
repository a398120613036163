#pragma once
// Reading a whole file in the test programs.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace strata::test {

/// The bytes of a file; empty when it cannot be read.
inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace strata::test
