#pragma once
// Internal: a file written under a temporary name in the target's directory and renamed
// over the target by commit(), so that readers never see a half-written file. Without
// commit() (an exception, a crash) the target is untouched; the destructor removes the
// temporary file, and so does a termination signal (io/signal_cleanup.hpp).
#include "sieve/io/signal_cleanup.hpp"

#include <cstddef>
#include <string>

namespace sieve::data::detail {

class AtomicFile {
public:
  explicit AtomicFile(std::string path); // throws ConfigError naming the path
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const char* data, std::size_t size);
  // Flushes to disk and renames the temporary file to the target path.
  void commit();
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

private:
  std::string path_, temp_;
  int fd_ = -1;
  bool committed_ = false;
  io::TempFileRegistration registration_;
};

} // namespace sieve::data::detail
