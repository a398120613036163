#include "driver/malloc_tuning.hpp"

#include <cstdlib>  // defines __GLIBC__ under glibc

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define STRATA_TUNE_MALLOC 1
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <cstring>
#endif

namespace strata::driver {

#ifdef STRATA_TUNE_MALLOC
namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
// Address space the heap takes at once, all of it advised for huge pages:
// more than a build of 5,000 services touches (387 MiB). Only the pages
// touched count toward memory; where the kernel refuses the address space
// (strict overcommit), the heap grows as usual, in small pages.
constexpr int kReserve = 1 << 30;
// The block that keeps the heap's first small pages unused (volatile: an
// unused malloc may be left out by the compiler).
void* volatile hole = nullptr;

}  // namespace
#endif

void tune_malloc() {
#ifdef STRATA_TUNE_MALLOC
  // Why: on this project's 2-core VMs a page fault costs microseconds, and an
  // evaluation of 1,000 services touches ~55 MB in 4 KiB pages (13,800
  // faults); in 2 MiB pages that is ~900 faults, and `strata check` takes
  // 40 % less CPU time. glibc's tunable glibc.malloc.hugetlb=1 does this
  // too, but glibc reads tunables only at start-up: setting them meant
  // restarting the process, 6 ms of every run (more than a `check` of a
  // small project takes).
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, "glibc.malloc.")) return;
  // One arena: the evaluation runs on its own big-stack thread, which would
  // otherwise get a second heap, not advised.
  mallopt(M_ARENA_MAX, 1);
  // Blocks up to 32 MiB (glibc's most) come from the heap, not from a fresh
  // mmap faulted in 4 KiB pages; freed memory stays in the heap, reused
  // instead of faulted in again (never trimmed: the reserve is above the
  // threshold, so a trim would hand it all back).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  // The next growth of the heap takes the whole reserve (a block bigger than
  // what start-up left at its top forces it); then the reserve is advised,
  // and later growth, if any, goes in steps of 64 MiB.
  mallopt(M_TOP_PAD, kReserve);
  void* probe = std::malloc(std::size_t{1} << 20);
  auto begin = reinterpret_cast<std::uintptr_t>(probe);
  auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1), aligned_end = end & ~(kHugePage - 1);
  // Only a heap that sbrk grew lies below the program break.
  bool grown = probe && end > begin && end - begin <= std::uintptr_t{kReserve} + (std::uintptr_t{4} << 20);
  if (grown && aligned_end > aligned) madvise(reinterpret_cast<void*>(aligned), aligned_end - aligned, MADV_HUGEPAGE);
  std::free(probe);
  // The heap up to the first 2 MiB boundary cannot be a huge page (the
  // mapping starts inside it), nor, mostly, can the 2 MiB after it: the
  // probe's malloc writes the header after the probe, 1 MiB on, before the
  // advice, and a range with one small page is faulted in small pages from
  // then on. Left as they are, the next 2 to 4 MiB of blocks were faulted in
  // 4 KiB at a time (220 faults, 16 us each on this project's VMs: a
  // one-service build took 13 ms instead of 9). One block that is never
  // touched nor freed takes that space: malloc writes only its two ends.
  if (grown && aligned > begin) hole = std::malloc(aligned + kHugePage - begin);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace strata::driver
