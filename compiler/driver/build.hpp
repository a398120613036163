#pragma once
/// `strata build`: every output of a project, checked, validated and written
/// all or nothing; `build --check` compares instead of writing.

#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"
#include "emit/validate.hpp"

namespace strata::driver {

struct BuildRequest {
  std::string out_dir = ".";              // -o DIR
  std::vector<std::string> envs;          // --env NAME...: only the outputs written for these envs
  std::vector<std::string> schema_dirs;   // --schema DIR...: more JSON Schemas
  bool check = false;                     // --check: compare, write nothing
  unsigned threads = 2;                   // validation and writing threads
  /// --validate typed|all: skip the objects proven valid by their std/k8s types (typed), or not (all).
  emit::ValidationMode validate = emit::ValidationMode::Typed;
};

enum class BuildStatus {
  Errors,   // diagnostics in the sink; nothing written
  Clean,    // written, or (--check) already up to date
  Differs,  // --check: the output directory is out of date
};

/// Builds the project in the current directory. `out` receives the summary
/// (and, for --check, the list of differing files with their diffs).
BuildStatus run_build(const BuildRequest& req, base::SourceManager& sm, base::Interner& names, base::DiagSink& sink,
                      std::string& out);

}  // namespace strata::driver
