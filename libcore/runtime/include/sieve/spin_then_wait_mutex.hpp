#pragma once
// A mutex for the short critical sections that framework streams or slots enter once per
// event (reading the next event, handing scores to the ordered writer): a contended lock()
// first spins for about as long as waking a sleeping thread takes (on these virtual
// machines tens of microseconds: the idle virtual CPU has to be woken through the
// hypervisor) and only then sleeps. With std::mutex alone, two streams that collide on
// a one-microsecond section put one thread to sleep and pay the wake-up every time.
// Meets the standard's Lockable requirements (std::lock_guard, std::unique_lock).
#include <chrono>
#include <mutex>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sieve {

class SpinThenWaitMutex {
public:
  // How long lock() spins before it sleeps.
  static constexpr std::chrono::microseconds kSpin{50};

  void lock() {
    if (mutex_.try_lock()) return;
    const auto until = std::chrono::steady_clock::now() + kSpin;
    do {
      for (int i = 0; i < 16; ++i) relax();
      if (mutex_.try_lock()) return;
    } while (std::chrono::steady_clock::now() < until);
    mutex_.lock();
  }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

private:
  static void relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  std::mutex mutex_;
};

} // namespace sieve
