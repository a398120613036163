#include <cstdio>
#include <exception>

#include "driver/cli.hpp"
#include "driver/malloc_tuning.hpp"

int main(int argc, char** argv) {
  strata::driver::tune_malloc();
  try {
    return strata::driver::run_cli(argc, argv);
  } catch (const std::exception& e) {
    // A bug, never an input problem: say so plainly instead of aborting.
    std::fprintf(stderr, "strata: internal error: %s\n", e.what());
    return 70;
  }
}
