#include "sieve/io/atomic_file.hpp"

#include "sieve/error.hpp"
#include "sieve/io/signal_cleanup.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace sieve::io {

void write_file_atomically(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const TempFileRegistration registration(tmp);  // removed by a termination signal
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  if (std::fclose(f) != 0 || !ok || !flushed) {
    std::remove(tmp.c_str());
    throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw ConfigError("cannot write " + path + ": " + ec.message());
  }
}

} // namespace sieve::io
