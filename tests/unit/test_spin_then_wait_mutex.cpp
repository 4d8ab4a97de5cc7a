#define BOOST_TEST_MODULE spin_then_wait_mutex
#include <boost/test/unit_test.hpp>

#include "sieve/spin_then_wait_mutex.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using sieve::SpinThenWaitMutex;

// Threads that collide on a short section (the framework streams' case) never see each
// other inside it, and every increment of an unguarded counter survives. Under
// ThreadSanitizer (scripts/test.sh) a section the mutex failed to order would be a race.
BOOST_AUTO_TEST_CASE(short_sections_are_mutually_exclusive) {
  SpinThenWaitMutex mutex;
  long counter = 0;
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  constexpr int kThreads = 4, kIncrements = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        const std::lock_guard lock(mutex);
        if (inside.fetch_add(1) != 0) overlapped = true;
        ++counter;
        inside.fetch_sub(1);
      }
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(!overlapped.load());
  BOOST_TEST(counter == long{kThreads} * kIncrements);
}

BOOST_AUTO_TEST_CASE(try_lock_fails_while_held) {
  SpinThenWaitMutex mutex;
  BOOST_TEST(mutex.try_lock());
  bool other = true;
  std::thread([&] { other = mutex.try_lock(); }).join();
  BOOST_TEST(!other);
  mutex.unlock();
  std::thread([&] {
    other = mutex.try_lock();
    if (other) mutex.unlock();
  }).join();
  BOOST_TEST(other);
}

// A holder that keeps the lock far longer than the spin (a chunk being parsed): the
// waiter stops spinning, sleeps, and gets the lock once it is released, not before.
BOOST_AUTO_TEST_CASE(a_long_hold_is_waited_out) {
  SpinThenWaitMutex mutex;
  std::atomic<bool> released{false}, acquired_early{false};
  std::unique_lock hold(mutex);
  std::thread waiter([&] {
    const std::lock_guard lock(mutex);
    if (!released) acquired_early = true;
  });
  std::this_thread::sleep_for(20 * SpinThenWaitMutex::kSpin);
  released = true;
  hold.unlock();
  waiter.join();
  BOOST_TEST(!acquired_early.load());
}
