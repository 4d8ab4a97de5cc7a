#pragma once
// What this build of the library is: version and the SIMD instruction sets Eigen uses.
#include <string>

namespace sieve {

std::string library_version();
// Eigen's own description of the vector instructions it was compiled for, and the
// float32 lanes of its widest packet (16 for AVX-512, 8 for AVX, 4 for SSE).
std::string simd_instructions();
int simd_float_lanes();

} // namespace sieve
