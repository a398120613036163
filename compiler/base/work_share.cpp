#include "base/work_share.hpp"

namespace strata::base {

void WorkShare::run(const std::function<void()>& work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    offer_ = &work;
    ++offers_;
  }
  changed_.notify_all();
  work();
  std::unique_lock<std::mutex> lock(mutex_);
  offer_ = nullptr;
  // work's captures live on this thread's stack: wait for the helpers in it.
  changed_.wait(lock, [&] { return helping_ == 0; });
}

void WorkShare::help() {
  std::uint64_t done = 0;  // the last offer this thread took
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return closed_ || (offer_ && offers_ != done); });
    if (!offer_ || offers_ == done) return;  // closed
    const std::function<void()>* work = offer_;
    done = offers_;
    ++helping_;
    lock.unlock();
    (*work)();
    lock.lock();
    --helping_;
    changed_.notify_all();
  }
}

void WorkShare::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

}  // namespace strata::base
