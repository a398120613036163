// base::WorkShare: a helper runs each offer once, the worker's run() waits
// for the helpers still in its work, and help() ends once the share is closed.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "base/work_share.hpp"

using namespace strata;

namespace {

// Waits (at most 10 s, so that a broken share fails rather than hangs) until pred holds.
template <typename Pred>
bool wait_for(std::mutex& m, std::condition_variable& cv, Pred pred) {
  std::unique_lock<std::mutex> lock(m);
  return cv.wait_for(lock, std::chrono::seconds(10), pred);
}

}  // namespace

TEST_CASE("a helper joins each offer once, and run() returns after the helper is done with it") {
  base::WorkShare share;
  std::thread helper([&] { share.help(); });
  constexpr int kOffers = 4, kItems = 1000;
  for (int offer = 0; offer < kOffers; ++offer) {
    // Even offers: the helper leaves its call last, after the worker's own
    // call has returned, so run() must wait for it. Odd ones: the worker
    // leaves last, giving the helper time to (wrongly) come in again.
    const bool helper_last = offer % 2 == 0;
    INFO("offer " << offer);
    std::atomic<int> next{0};
    std::vector<std::atomic<int>> done(kItems);
    std::mutex m;
    std::condition_variable cv;
    int entered = 0;
    bool worker_back = false, helper_back = false;
    const std::thread::id worker_id = std::this_thread::get_id();
    auto mark = [&](bool& flag) {
      {
        std::lock_guard<std::mutex> lock(m);
        flag = true;
      }
      cv.notify_all();
    };
    // Each thread that runs it takes items until none is left; the worker
    // first waits for the helper to come in.
    std::function<void()> work = [&] {
      const bool is_worker = std::this_thread::get_id() == worker_id;
      {
        std::lock_guard<std::mutex> lock(m);
        ++entered;
      }
      cv.notify_all();
      if (is_worker) CHECK(wait_for(m, cv, [&] { return entered >= 2; }));
      for (int i; (i = next++) < kItems;) done[i] += 1;
      if (is_worker == helper_last) {
        CHECK(wait_for(m, cv, [&] { return is_worker ? helper_back : worker_back; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      mark(is_worker ? worker_back : helper_back);
    };
    share.run(work);
    // The helper was in this offer once, and run() waited for it.
    CHECK(entered == 2);
    CHECK(helper_back);
    for (int i = 0; i < kItems; ++i) CHECK(done[i] == 1);
  }
  share.close();
  helper.join();
}

TEST_CASE("help() returns at once on a closed share, and run() works with no helper") {
  base::WorkShare share;
  int runs = 0;
  share.run([&] { ++runs; });
  CHECK(runs == 1);
  share.close();
  share.help();  // returns: closed, and the one offer is withdrawn
  CHECK(runs == 1);
}
