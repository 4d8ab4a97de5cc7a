#include "sieve/nn/flush_denormals.hpp"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace sieve::nn {

#if defined(__SSE__) || defined(__x86_64__)
namespace {
constexpr unsigned kFlushToZero = 0x8000u, kDenormalsAreZero = 0x0040u;  // MXCSR bits 15 and 6
}
FlushDenormals::FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
FlushDenormals::~FlushDenormals() { _mm_setcsr(saved_); }
#else
FlushDenormals::FlushDenormals() = default;
FlushDenormals::~FlushDenormals() = default;
#endif

} // namespace sieve::nn
