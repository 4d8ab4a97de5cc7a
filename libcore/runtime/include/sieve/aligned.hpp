#pragma once
// 64-byte aligned vectors (one AVX-512 register, one cache line). Workspaces keep every
// column of every activation matrix on such a boundary, so that vectorised reductions
// peel the same elements in every run: results then never depend on where malloc put a
// buffer, and training is bit-identical whatever the thread count.
#include <cstddef>
#include <new>
#include <vector>

namespace sieve {

inline constexpr std::size_t kAlignment = 64;
inline constexpr int kAlignedFloats = static_cast<int>(kAlignment / sizeof(float));

template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}
  // Whole cache lines: no other allocation shares a line with this one.
  static std::size_t bytes(std::size_t n) { return (n * sizeof(T) + kAlignment - 1) / kAlignment * kAlignment; }
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(bytes(n), std::align_val_t(kAlignment))); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(kAlignment)); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const noexcept { return true; }
};

template <class T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

// n rounded up to a whole number of aligned float blocks.
constexpr int padded(int n) { return (n + kAlignedFloats - 1) / kAlignedFloats * kAlignedFloats; }

} // namespace sieve
