// base::run_with_big_stack: calls run on a thread with a big stack, rethrow
// what they throw, reuse an idle thread, run side by side when called from
// two threads at once, and nest.
#include <doctest/doctest.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base/big_stack.hpp"

using namespace strata;

namespace {

long tid() { return ::syscall(SYS_gettid); }

// Uses about 1 KiB of stack per level.
int deep(int n) {
  volatile char frame[1024];
  std::memset(const_cast<char*>(frame), n & 0x7f, sizeof frame);
  return n == 0 ? frame[0] : deep(n - 1) + frame[n % sizeof frame] - frame[0];
}

}  // namespace

TEST_CASE("run_with_big_stack runs a deep recursion on another thread and reuses that thread") {
  long caller = tid(), first = 0, second = 0;
  int result = -1;
  base::run_with_big_stack([&] {
    first = tid();
    result = deep(32 * 1024);  // 32 MiB: more than the 8 MiB of a main thread
  });
  CHECK(result == 0);
  CHECK(first != caller);
  base::run_with_big_stack([&] { second = tid(); });
  CHECK(second == first);  // kept and reused, not a new thread
}

TEST_CASE("run_with_big_stack rethrows, and the thread serves the next call") {
  CHECK_THROWS_WITH_AS(base::run_with_big_stack([] { throw std::runtime_error("boom"); }), "boom",
                       std::runtime_error);
  int ran = 0;
  base::run_with_big_stack([&] { ++ran; });
  CHECK(ran == 1);
}

TEST_CASE("run_with_big_stack calls from two threads run side by side, and calls nest") {
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  long ids[2] = {0, 0};
  bool both[2] = {false, false};
  auto call = [&](int k) {
    base::run_with_big_stack([&, k] {
      std::unique_lock<std::mutex> lock(m);
      ids[k] = tid();
      ++inside;
      cv.notify_all();
      // Each waits for the other to be inside too (at most 10 s, so that a
      // pool that ran them one after the other fails instead of hanging).
      both[k] = cv.wait_for(lock, std::chrono::seconds(10), [&] { return inside == 2; });
    });
  };
  std::thread a(call, 0), b(call, 1);
  a.join();
  b.join();
  CHECK(both[0]);
  CHECK(both[1]);
  CHECK(ids[0] != ids[1]);

  long outer = 0, inner = 0;
  base::run_with_big_stack([&] {
    outer = tid();
    base::run_with_big_stack([&] { inner = tid(); });
  });
  CHECK(outer != 0);
  CHECK(inner != 0);
  CHECK(inner != outer);
}
