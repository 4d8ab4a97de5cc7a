#pragma once
// The CRC-32 (zlib's, the one of gzip and PNG) that Sieve's files carry over their
// payload, and its spelling in those files: eight lower-case hex digits.
#include <cstdint>
#include <string>
#include <string_view>

namespace sieve::io {

std::uint32_t crc32_of(std::string_view bytes);

// "0123abcd": how model, partial-model and checkpoint files write a CRC-32.
std::string hex8(std::uint32_t value);

} // namespace sieve::io
