#pragma once
// Internal: the bytes of a data file, inflated with zlib when the file is gzip (detected
// from its first two bytes). Errors are ConfigError messages that begin with the path.
#include <cstddef>
#include <memory>
#include <string>

namespace sieve::data::detail {

class ByteSource {
public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into dst; returns 0 only at the end of the data. Throws ConfigError
  // on a read error, corrupt or truncated gzip data.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
};

// Opens `path`. Throws ConfigError when it cannot be opened, is empty (zero bytes), or is
// named *.gz without being gzip.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

// True when `path` ends in ".gz" (any case).
bool has_gz_suffix(const std::string& path);

} // namespace sieve::data::detail
