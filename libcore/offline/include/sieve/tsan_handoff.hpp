#pragma once
// ThreadSanitizer and TBB. Debian's libtbb is not built with -fsanitize=thread, so TSan
// cannot see the synchronisation inside TBB's scheduler and would report what TBB
// guarantees as races: a task reading its body (copied by the thread that spawned it) and
// what that thread wrote before, the caller reading what the tasks wrote once the
// algorithm returned, a serial pipeline stage called on another thread than its previous
// call, a chunk passed from stage to stage. These annotations state exactly those
// guarantees and no more, so that TSan still reports every race Sieve's code can have
// (two tasks touching the same data, a task outliving its algorithm). What TBB's own
// inlined code does with its own objects is suppressed in tests/tsan.supp. Without
// -fsanitize=thread all of it compiles to nothing.
//
//   const TbbHandoff handoff;
//   tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n),
//                     handoff.task([&](const tbb::blocked_range<std::size_t>& r) { ... }));
//   handoff.joined();  // the tasks' writes are visible from here
//
// (Bodies go through handoff.task(), which TBB copies into its tasks: the index form
// tbb::parallel_for(first, last, f) keeps a reference to f instead.) Pipeline filters:
// handoff.serial_task(f) for serial stages, handoff.task(f) for parallel ones, and
// tsan_release(token) / tsan_acquire(token) around a token passed from stage to stage.
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define SIEVE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SIEVE_TSAN 1
#endif
#endif

#ifdef SIEVE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace sieve {

inline void tsan_release([[maybe_unused]] const void* token) {
#ifdef SIEVE_TSAN
  __tsan_release(const_cast<void*>(token));
#endif
}

inline void tsan_acquire([[maybe_unused]] const void* token) {
#ifdef SIEVE_TSAN
  __tsan_acquire(const_cast<void*>(token));
#endif
}

// A body as TBB copies and calls it. Each copy is released by the thread that made it
// and acquired by the thread that calls it; a call releases the algorithm's end token
// when it returns, and a serial stage's call also releases the body for its next call.
template <class F>
class HandedOffTask {
public:
  HandedOffTask(F f, const char* end, bool serial) : f_(std::move(f)), end_(end), serial_(serial) {
    tsan_release(this);
  }
  HandedOffTask(const HandedOffTask& other)
      : f_((tsan_acquire(&other), other.f_)), end_(other.end_), serial_(other.serial_) {
    tsan_release(this);
  }
  HandedOffTask& operator=(const HandedOffTask&) = delete;
  ~HandedOffTask() { tsan_acquire(this); }

  template <class... Args>
  decltype(auto) operator()(Args&&... args) const {
    tsan_acquire(this);
    const Done done{this};
    return f_(std::forward<Args>(args)...);
  }

private:
  struct Done {
    const HandedOffTask* task;
    ~Done() {
      if (task->serial_) tsan_release(task);
      tsan_release(task->end_);
    }
  };
  F f_;
  const char* end_;
  bool serial_;
};

// One parallel algorithm or pipeline started by the calling thread.
class TbbHandoff {
public:
  TbbHandoff() = default;
  // Also when the algorithm threw: whatever is destroyed after the handoff (declare it
  // after the data its tasks touch) sees what the tasks did.
  ~TbbHandoff() { joined(); }
  TbbHandoff(const TbbHandoff&) = delete;
  TbbHandoff& operator=(const TbbHandoff&) = delete;
  template <class F>
  HandedOffTask<F> task(F f) const {
    return HandedOffTask<F>(std::move(f), &end_, false);
  }
  template <class F>
  HandedOffTask<F> serial_task(F f) const {
    return HandedOffTask<F>(std::move(f), &end_, true);
  }
  // After the algorithm returned: what every task did happens before what follows.
  void joined() const { tsan_acquire(&end_); }

private:
  char end_ = 0;
};

} // namespace sieve
