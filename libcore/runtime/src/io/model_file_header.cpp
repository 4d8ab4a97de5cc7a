#include "sieve/io/model_file_header.hpp"

#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace sieve::io {

ModelFileHeader read_model_file_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot open model file " + path);
  std::string magic_line, checksum_line;
  std::getline(in, magic_line);
  std::getline(in, checksum_line);
  auto fail = [&](const std::string& what) { return ConfigError(path + ": not a Sieve model file (" + what + ")"); };
  ModelFileHeader h;
  const std::string expected = std::string(kModelMagic) + " %d%n";
  int consumed = 0;
  if (std::sscanf(magic_line.c_str(), expected.c_str(), &h.format_version, &consumed) != 1 ||
      static_cast<std::size_t>(consumed) != magic_line.size())
    throw fail("first line '" + magic_line.substr(0, 40) + "'");
  unsigned int crc = 0;
  unsigned long long bytes = 0;
  if (std::sscanf(checksum_line.c_str(), "crc32 %8x bytes %llu", &crc, &bytes) != 2)
    throw fail("second line '" + checksum_line.substr(0, 40) + "'");
  h.crc32 = crc;
  h.payload_bytes = bytes;
  std::error_code ec;
  h.file_bytes = std::filesystem::file_size(path, ec);
  return h;
}

} // namespace sieve::io
