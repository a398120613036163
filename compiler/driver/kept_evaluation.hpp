#pragma once
/// An evaluation that the commands keep until the process exits.

#include <memory>

#include "eval/evaluate.hpp"

namespace strata::driver {

/// Frees an evaluation only in sanitizer builds (where the leak checker must
/// see a clean exit). A project's evaluation is millions of small values;
/// freeing them one by one costs more than the exit that hands the whole heap
/// back (at N=1,000 services, a tenth of `strata check`).
struct FreeOnlyUnderSanitizers {
  void operator()(eval::Evaluation* e) const {
#if defined(__SANITIZE_ADDRESS__)
    delete e;
#else
    (void)e;
#endif
  }
};

using KeptEvaluation = std::unique_ptr<eval::Evaluation, FreeOnlyUnderSanitizers>;

}  // namespace strata::driver
