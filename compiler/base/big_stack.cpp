#include "base/big_stack.hpp"

#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <exception>

namespace strata::base {
namespace {

struct Job {
  const std::function<void()>* fn;
  std::exception_ptr error;
};

// Asks for transparent huge pages under this thread's malloc arena. A run
// allocates tens of MiB and exits; on the virtual machines it runs on, a 4 KiB
// page fault costs about 10 us, so faulting the heap in page by page took as
// long as the evaluation itself (bench/eval_bench.sh, N=1000: 4,500 faults).
// glibc gives each thread an arena heap of 64 MiB, aligned to 64 MiB; with a
// large M_TOP_PAD it grows in steps big enough for 2 MiB pages. Only a hint:
// where huge pages are off, nothing changes.
void prefer_huge_pages() {
#if !defined(__SANITIZE_ADDRESS__)
  constexpr std::uintptr_t kArenaHeap = std::uintptr_t{64} << 20;
  void* probe = std::malloc(64);
  auto base = reinterpret_cast<std::uintptr_t>(probe) & ~(kArenaHeap - 1);
  madvise(reinterpret_cast<void*>(base), kArenaHeap, MADV_HUGEPAGE);
  std::free(probe);
#endif
}

void* trampoline(void* arg) {
  prefer_huge_pages();
  auto* job = static_cast<Job*>(arg);
  try {
    (*job->fn)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

}  // namespace

void run_with_big_stack(const std::function<void()>& fn, std::size_t bytes) {
#if !defined(__SANITIZE_ADDRESS__)
  mallopt(M_TOP_PAD, 32 << 20);  // grow heaps in steps that 2 MiB pages fit in
#endif
  Job job{&fn, nullptr};
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, bytes) == 0 &&
                 pthread_create(&thread, &attr, trampoline, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) {
    fn();
    return;
  }
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace strata::base
