#pragma once
/// Tuning of glibc's allocator for a compiler that makes millions of small
/// values and frees few of them.

namespace strata::driver {

/// Restarts the process once with glibc's malloc set to one arena backed by
/// transparent huge pages, from which blocks up to 32 MiB are taken and to
/// which freed memory returns without being trimmed (`GLIBC_TUNABLES`, which
/// glibc reads only at start-up). Returns, untuned, in sanitizer builds, when
/// the tunables are already set, or when the restart fails. Evaluation never reads the
/// environment: this changes how fast memory comes, not what is computed.
void tune_malloc(char** argv);

}  // namespace strata::driver
