// Every diagnostic code is documented and has a golden test.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/diagnostic.hpp"
#include "../file_text.hpp"

namespace fs = std::filesystem;
using strata::test::read_all;

TEST_CASE("codes are unique and ordered") {
  std::set<std::string_view> seen;
  std::string_view prev;
  for (const auto& info : strata::base::all_diag_infos()) {
    CHECK(seen.insert(info.code).second);
    CHECK(prev < info.code);
    prev = info.code;
  }
}

TEST_CASE("every code is documented in docs/diagnostics.md with an example") {
  std::string doc = read_all(fs::path(STRATA_SOURCE_DIR) / "docs" / "diagnostics.md");
  REQUIRE(!doc.empty());
  for (const auto& info : strata::base::all_diag_infos()) {
    CAPTURE(info.code);
    CHECK(doc.find("## " + std::string(info.code)) != std::string::npos);
  }
}

TEST_CASE("every code has a golden test") {
  std::string expectations;
  for (const char* dir : {"tests/golden", "tests/cli"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(STRATA_SOURCE_DIR) / dir))
      if (e.is_regular_file() && (e.path().extension() == ".golden" || e.path().extension() == ".sh"))
        expectations += read_all(e.path());
  for (const auto& info : strata::base::all_diag_infos()) {
    CAPTURE(info.code);
    CHECK(expectations.find("[" + std::string(info.code) + "]") != std::string::npos);
  }
}
