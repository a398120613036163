#pragma once
/// Tuning of glibc's allocator for a compiler that makes millions of small
/// values and frees few of them.

namespace strata::driver {

/// Sets glibc's malloc, from inside the process, to one arena whose heap
/// lies in transparent huge pages, from which blocks up to 32 MiB are taken
/// and to which freed memory returns without being trimmed. Call it first
/// in main, before any thread starts. Does nothing in sanitizer builds,
/// without glibc, or when `GLIBC_TUNABLES` sets malloc's tunables already
/// (the user's choice). Evaluation never reads the environment: this changes
/// how fast memory comes, not what is computed.
void tune_malloc();

}  // namespace strata::driver
