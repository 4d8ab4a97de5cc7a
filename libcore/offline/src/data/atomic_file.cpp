#include "atomic_file.hpp"

#include "sieve/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace sieve::data::detail {
namespace {

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_.back() == '/')
    throw ConfigError("cannot write '" + path_ + "': not a file name");
  std::string pattern = directory_of(path_) + "/." + base_of(path_) + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0)
    throw ConfigError(path_ + ": cannot create a temporary file in " + directory_of(path_) + ": " +
                      std::strerror(errno));
  temp_ = name.data();
  registration_ = io::TempFileRegistration(temp_);
  ::fchmod(fd_, 0644); // mkstemp creates 0600; the result is an ordinary data file
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ConfigError(path_ + ": write error on " + temp_ + ": " + std::strerror(errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void AtomicFile::commit() {
  if (committed_) return;
  if (::fsync(fd_) != 0)
    throw ConfigError(path_ + ": cannot flush " + temp_ + ": " + std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0)
    throw ConfigError(path_ + ": cannot close " + temp_ + ": " + std::strerror(errno));
  if (std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw ConfigError(path_ + ": cannot rename " + temp_ + " to it: " + std::strerror(errno));
  committed_ = true;
  registration_.release();
  // Make the rename itself durable (best effort: not every file system allows it).
  const int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

} // namespace sieve::data::detail
