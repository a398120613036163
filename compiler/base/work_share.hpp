#pragma once
/// Lets a thread with nothing left to do join the work in progress on another
/// one: the worker offers a function that takes parts of its work until none
/// is left (safe to run on several threads at once) and runs it itself; a
/// helper runs each such function once, until the worker closes the share.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace strata::base {

class WorkShare {
 public:
  /// Runs work, offering it to helpers meanwhile; returns once work has
  /// returned on every thread that ran it.
  void run(const std::function<void()>& work);
  /// Runs each offer once as it comes, until close(); call on a thread with
  /// a stack as big as the worker's.
  void help();
  /// No more offers: help() returns.
  void close();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<void()>* offer_ = nullptr;
  std::uint64_t offers_ = 0;  // how many were made: a helper takes each once
  unsigned helping_ = 0;      // helpers running the current offer
  bool closed_ = false;
};

}  // namespace strata::base
