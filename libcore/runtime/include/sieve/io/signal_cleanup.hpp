#pragma once
// Temporary files that an interrupted process must not leave behind. Every output of
// Sieve is written under a temporary name and renamed at the end (io::write_file_atomically,
// data::CsvWriter), so a crash never leaves half a result under the output's name; this
// removes the temporary files themselves when the process is stopped by SIGINT, SIGTERM
// or SIGHUP (SIGKILL cannot be caught: its temporary files stay, and nothing else).
//
// Writers register their temporary file for as long as it exists (TempFileRegistration).
// install_signal_cleanup(), called once by a program's main (the `sieve` tool does; a
// library inside a framework leaves the framework its signals), installs a handler that
// unlinks every registered file and then re-raises the signal with its default action, so
// the process still ends as killed by that signal. The handler allocates nothing, takes
// no lock and calls only async-signal-safe functions (unlink, signal, raise). At most
// kMaxTempFiles files are registered at once; a file beyond that, or with a path longer
// than kMaxTempPath bytes, is simply not removed on a signal.
#include <cstddef>
#include <string>

namespace sieve::io {

inline constexpr std::size_t kMaxTempFiles = 64;
inline constexpr std::size_t kMaxTempPath = 1024;

// Installs the handler for SIGINT, SIGTERM and SIGHUP (once; later calls do nothing).
void install_signal_cleanup();

// Registers `path` for removal on a signal for the registration's lifetime. Thread-safe.
class TempFileRegistration {
public:
  TempFileRegistration() = default;
  explicit TempFileRegistration(const std::string& path);
  ~TempFileRegistration() { release(); }
  TempFileRegistration(TempFileRegistration&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
  TempFileRegistration& operator=(TempFileRegistration&& other) noexcept;
  TempFileRegistration(const TempFileRegistration&) = delete;
  TempFileRegistration& operator=(const TempFileRegistration&) = delete;

  // Forgets the file (after it was renamed or removed). Idempotent.
  void release() noexcept;
  bool registered() const { return slot_ >= 0; }

private:
  int slot_ = -1;
};

// Files registered now (for tests).
std::size_t registered_temp_files();

} // namespace sieve::io
