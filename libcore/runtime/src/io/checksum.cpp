#include "sieve/io/checksum.hpp"

#include <zlib.h>

#include <cstdio>

namespace sieve::io {

std::uint32_t crc32_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                                          static_cast<uInt>(bytes.size())));
}

std::string hex8(std::uint32_t value) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", value);
  return buf;
}

} // namespace sieve::io
