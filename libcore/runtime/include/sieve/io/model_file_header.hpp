#pragma once
// The two header lines of a model file (see model_file.hpp), read without parsing the
// payload: for tools that report what a file is. load_model() does the real checks.
#include <cstdint>
#include <string>

namespace sieve::io {

struct ModelFileHeader {
  int format_version = 0;
  std::uint32_t crc32 = 0;        // of the payload, as stored
  std::uint64_t payload_bytes = 0;
  std::uint64_t file_bytes = 0;
};

// Throws ConfigError naming the file when it cannot be read or its header lines are not
// a Sieve model header.
ModelFileHeader read_model_file_header(const std::string& path);

} // namespace sieve::io
