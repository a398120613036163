#pragma once
/// A bump allocator (for AST nodes and evaluated values): one allocation per
/// 64 KiB block, objects freed together when the arena dies (destructors run
/// in reverse order of creation).

#include <cstddef>
#include <deque>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::base {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (auto it = dtors_.rbegin(); it != dtors_.rend(); ++it) it->fn(it->obj);
  }

  /// Constructs a T in the arena; the pointer stays valid for the arena's life.
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    void* mem = allocate(sizeof(T), alignof(T));
    T* obj = new (mem) T(std::forward<Args>(args)...);
    if constexpr (!std::is_trivially_destructible_v<T>)
      dtors_.push_back({obj, [](void* p) { static_cast<T*>(p)->~T(); }});
    return obj;
  }

  /// Copies n trivially destructible Ts into the arena.
  template <typename T>
  const T* copy_array(const T* from, std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T> && std::is_trivially_copy_constructible_v<T>);
    if (n == 0) return nullptr;
    T* to = static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
    std::uninitialized_copy_n(from, n, to);
    return to;
  }

  std::size_t bytes_allocated() const { return blocks_.size() * kBlockSize; }

  /// Raw memory for size bytes aligned to align (a power of two).
  void* allocate(std::size_t size, std::size_t align) {
    std::size_t offset = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || offset + size > kBlockSize) {
      if (size > kBlockSize) {  // oversized objects get a block of their own
        big_.push_back(std::unique_ptr<std::byte[]>(new std::byte[size]));  // not zeroed
        return big_.back().get();
      }
      blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[kBlockSize]));
      offset = 0;
    }
    used_ = offset + size;
    return blocks_.back().get() + offset;
  }

 private:
  static constexpr std::size_t kBlockSize = 64 * 1024;

  struct Dtor {
    void* obj;
    void (*fn)(void*);
  };
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::vector<std::unique_ptr<std::byte[]>> big_;
  std::deque<Dtor> dtors_;  // a deque grows without moving what it holds
  std::size_t used_ = 0;
};

}  // namespace strata::base
