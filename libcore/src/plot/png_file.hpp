#pragma once
// Writing an RGB raster as a PNG file (internal to libcore).
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::plot::detail {

// Writes `rgb` (row-major, 3 bytes a pixel) to a temporary file next to `path` and renames
// it to `path`. Throws ConfigError naming `path` on failure, leaving no temporary behind.
void write_rgb_png(const std::string& path, int width, int height,
                   const std::vector<std::uint8_t>& rgb);

} // namespace sieve::plot::detail
