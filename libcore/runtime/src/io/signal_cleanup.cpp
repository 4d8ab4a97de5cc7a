#include "sieve/io/signal_cleanup.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstring>

namespace sieve::io {
namespace {

// One registered path. `sequence` is odd while the path is being written (a seqlock):
// the handler copies the path and uses the copy only when the sequence was even and
// unchanged around the copy, so it never unlinks a half-written name.
struct Slot {
  std::atomic<bool> claimed{false};
  std::atomic<std::uint64_t> sequence{0};
  std::atomic<bool> live{false};
  char path[kMaxTempPath] = {};
};

Slot slots[kMaxTempFiles];
std::atomic<bool> installed{false};

extern "C" void remove_temp_files_and_reraise(int signal_number) {
  char copy[kMaxTempPath];
  for (Slot& slot : slots) {
    const std::uint64_t before = slot.sequence.load(std::memory_order_acquire);
    if ((before & 1u) != 0 || !slot.live.load(std::memory_order_acquire)) continue;
    for (std::size_t i = 0; i < kMaxTempPath; ++i) {  // no memcpy: keep to plain loads
      copy[i] = slot.path[i];
      if (copy[i] == '\0') break;
    }
    copy[kMaxTempPath - 1] = '\0';
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot.sequence.load(std::memory_order_relaxed) != before) continue;
    ::unlink(copy);
  }
  // The default action now: the process ends as killed by this signal.
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

} // namespace

void install_signal_cleanup() {
  if (installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = remove_temp_files_and_reraise;
  sigemptyset(&action.sa_mask);
  // The other cleanup signals wait while the handler runs.
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, s);
  action.sa_flags = SA_RESETHAND;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    // A signal the parent set to be ignored (e.g. nohup's SIGHUP) stays ignored.
    if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(s, &action, nullptr);
  }
}

TempFileRegistration::TempFileRegistration(const std::string& path) {
  if (path.empty() || path.size() >= kMaxTempPath) return;
  for (std::size_t i = 0; i < kMaxTempFiles; ++i) {
    Slot& slot = slots[i];
    bool expected = false;
    if (!slot.claimed.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) continue;
    slot.sequence.fetch_add(1, std::memory_order_acq_rel);  // odd: being written
    std::atomic_thread_fence(std::memory_order_release);
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.live.store(true, std::memory_order_release);
    slot.sequence.fetch_add(1, std::memory_order_acq_rel);  // even: stable
    slot_ = static_cast<int>(i);
    return;
  }
}

TempFileRegistration& TempFileRegistration::operator=(TempFileRegistration&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

void TempFileRegistration::release() noexcept {
  if (slot_ < 0) return;
  Slot& slot = slots[slot_];
  slot.live.store(false, std::memory_order_release);
  slot.claimed.store(false, std::memory_order_release);
  slot_ = -1;
}

std::size_t registered_temp_files() {
  std::size_t n = 0;
  for (const Slot& slot : slots) n += slot.live.load(std::memory_order_acquire) ? 1 : 0;
  return n;
}

} // namespace sieve::io
