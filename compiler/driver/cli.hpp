#pragma once
/// The command line: parses arguments and runs a command.

namespace strata::driver {

/// Exit codes: 0 clean, 1 errors in the input, 2 usage errors.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputError = 1;
inline constexpr int kExitUsage = 2;

/// Runs `strata` with the given arguments and returns its exit code.
int run_cli(int argc, char** argv);

}  // namespace strata::driver
