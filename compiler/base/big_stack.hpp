#pragma once
/// Runs work on a thread with a large stack, so that recursive steps (parsing,
/// evaluation) end at their own depth limits with a diagnostic, never by
/// overflowing the process stack.

#include <cstddef>
#include <functional>

namespace strata::base {

inline constexpr std::size_t kBigStackBytes = 512u << 20;  // reserved, touched only as used

/// Calls fn on a thread with `bytes` of stack and waits for it (rethrowing
/// what fn throws); falls back to calling it directly if such a thread cannot
/// be created. Threads are kept for later calls, from any thread: a call
/// reuses an idle one whose stack is big enough.
void run_with_big_stack(const std::function<void()>& fn, std::size_t bytes = kBigStackBytes);

}  // namespace strata::base
