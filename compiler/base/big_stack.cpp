#include "base/big_stack.hpp"

#include <pthread.h>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace strata::base {
namespace {

// A thread with a big stack that runs one call at a time and then waits for
// the next. Kept once made: on this project's VMs starting a thread costs
// about 0.2 ms, and faulting its stack pages in again about 10 us a page,
// for each of the few calls a build makes (each parse, the evaluation, ...).
struct Worker {
  std::size_t bytes = 0;
  std::mutex mutex;
  std::condition_variable changed;
  const std::function<void()>* job = nullptr;  // set: a call to run; null again once it returned
  std::exception_ptr error;

  void loop() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return job != nullptr; });
      const std::function<void()>* fn = job;
      lock.unlock();
      std::exception_ptr caught;
      try {
        (*fn)();
      } catch (...) {
        caught = std::current_exception();
      }
      lock.lock();
      error = caught;
      job = nullptr;
      changed.notify_all();
    }
  }
};

void* start(void* arg) {
  static_cast<Worker*>(arg)->loop();
  return nullptr;
}

// The workers, busy and idle. Never destroyed: idle workers wait for ever,
// and the process ends with them (they are detached), so that a call made
// while static objects are destroyed still finds the pool.
class Pool {
 public:
  /// An idle worker with at least `bytes` of stack, or a new one; null when
  /// no thread can be started.
  Worker* take(std::size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto it = idle_.begin(); it != idle_.end(); ++it)
        if ((*it)->bytes >= bytes) {
          Worker* w = *it;
          idle_.erase(it);
          return w;
        }
    }
    auto w = std::make_unique<Worker>();
    w->bytes = bytes;
    pthread_attr_t attr;
    pthread_t thread;
    bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, bytes) == 0 &&
                   pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
                   pthread_create(&thread, &attr, start, w.get()) == 0;
    pthread_attr_destroy(&attr);
    if (!started) return nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    all_.push_back(std::move(w));
    return all_.back().get();
  }
  void give_back(Worker* w) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(w);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> all_;
  std::vector<Worker*> idle_;
};

Pool& pool() {
  static Pool* p = new Pool;  // never destroyed: see Pool
  return *p;
}

}  // namespace

void run_with_big_stack(const std::function<void()>& fn, std::size_t bytes) {
  Worker* w = pool().take(bytes);
  if (!w) {
    fn();
    return;
  }
  std::exception_ptr error;
  {
    std::unique_lock<std::mutex> lock(w->mutex);
    w->job = &fn;
    w->changed.notify_all();
    w->changed.wait(lock, [&] { return w->job == nullptr; });
    error = std::exchange(w->error, nullptr);
  }
  pool().give_back(w);
  if (error) std::rethrow_exception(error);
}

}  // namespace strata::base
