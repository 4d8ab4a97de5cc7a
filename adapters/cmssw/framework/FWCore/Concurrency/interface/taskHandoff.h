#ifndef FWCore_Concurrency_taskHandoff_h
#define FWCore_Concurrency_taskHandoff_h
// Stand-in helper: runs a task on a TBB task_group and tells ThreadSanitizer about the
// synchronisation TBB's (uninstrumented) scheduler provides: what the spawner did before
// run() (the task's captures included) happens before the task, and what every task did
// happens before wait() returns. Without TSan these are plain run()/wait() calls.
#include <tbb/task_group.h>

#include <type_traits>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define EDM_STANDIN_TSAN_RELEASE(address) __tsan_release(address)
#define EDM_STANDIN_TSAN_ACQUIRE(address) __tsan_acquire(address)
#else
#define EDM_STANDIN_TSAN_RELEASE(address) static_cast<void>(address)
#define EDM_STANDIN_TSAN_ACQUIRE(address) static_cast<void>(address)
#endif

namespace edm::standin {

  // A task whose handoff to the thread that runs it is visible to ThreadSanitizer: the
  // copy TBB keeps is "released" when made, and "acquired" when it starts, on its own
  // address (so tasks of different streams stay unordered, as they are).
  template <typename F>
  class HandedOffTask {
  public:
    HandedOffTask(F task, tbb::task_group& group) : task_(std::move(task)), group_(&group) { EDM_STANDIN_TSAN_RELEASE(this); }
    HandedOffTask(HandedOffTask const& other) : task_(other.task_), group_(other.group_) { EDM_STANDIN_TSAN_RELEASE(this); }
    HandedOffTask(HandedOffTask&& other) noexcept : task_(std::move(other.task_)), group_(other.group_) {
      EDM_STANDIN_TSAN_RELEASE(this);
    }
    HandedOffTask& operator=(HandedOffTask const&) = delete;
    void operator()() const {
      EDM_STANDIN_TSAN_ACQUIRE(const_cast<HandedOffTask*>(this));
      task_();
      EDM_STANDIN_TSAN_RELEASE(group_);  // everything the task did, for waitTasks
    }

  private:
    F task_;
    tbb::task_group* group_;
  };

  template <typename F>
  void runTask(tbb::task_group& group, F&& task) {
    group.run(HandedOffTask<std::decay_t<F>>(std::forward<F>(task), group));
  }

  inline void waitTasks(tbb::task_group& group) {
    group.wait();
    EDM_STANDIN_TSAN_ACQUIRE(&group);
  }

}  // namespace edm::standin

#endif
