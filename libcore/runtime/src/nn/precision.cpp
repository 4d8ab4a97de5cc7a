#include "sieve/nn/precision.hpp"

#include "sieve/error.hpp"

namespace sieve::nn {

std::string to_string(Precision p) { return p == Precision::BFloat16 ? "bf16" : "float32"; }

Precision parse_precision(const std::string& name) {
  if (name == "float32" || name == "fp32") return Precision::Float32;
  if (name == "bf16") return Precision::BFloat16;
  throw ConfigError("unknown precision '" + name + "' (known: float32, bf16)");
}

bool precision_supported(Precision p) {
  if (p == Precision::Float32) return true;
#if defined(__AVX512BF16__)
  return __builtin_cpu_supports("avx512bf16");
#else
  return false;
#endif
}

void require_precision(Precision p) {
  if (precision_supported(p)) return;
#if defined(__AVX512BF16__)
  throw ConfigError("precision bf16 needs a CPU with AVX-512 BF16 (the avx512_bf16 flag of /proc/cpuinfo); this "
                    "one has none: score in float32");
#else
  throw ConfigError("precision bf16 needs a build for a CPU with AVX-512 BF16 (SIEVE_NATIVE on such a CPU); this "
                    "build has no bf16 kernels: score in float32");
#endif
}

} // namespace sieve::nn
