#pragma once
/// `strata eval ENV [PATH]` and `strata explain ENV PATH`.

#include <string>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"

namespace strata::driver {

struct EvalRequest {
  std::string env;
  std::string path;          // dotted, may be empty for the whole env
  std::string format = "yaml";
  bool explain = false;
  std::string entry;  // the entry file; empty: main.strata in the current directory
};

/// Evaluates the project in the current directory and prints the env (or the
/// value at path) to out, or its history for explain. Returns false when
/// there were errors (reported to sink) and nothing was printed.
bool run_eval(const EvalRequest& req, base::SourceManager& sm, base::Interner& names, base::DiagSink& sink,
              std::string& out);

}  // namespace strata::driver
