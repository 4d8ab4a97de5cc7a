#include "sieve/nn/precision.hpp"

#include "sieve/error.hpp"

#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace sieve::nn {

std::string to_string(Precision p) { return p == Precision::BFloat16 ? "bf16" : "float32"; }

Precision parse_precision(const std::string& name) {
  if (name == "float32" || name == "fp32") return Precision::Float32;
  if (name == "bf16") return Precision::BFloat16;
  throw ConfigError("unknown precision '" + name + "' (known: float32, bf16)");
}

namespace {
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
// The CPU has AMX-BF16 and AMX-TILE (CPUID leaf 7, EDX bits 22 and 24), and Linux lets
// this process use the tile data (arch_prctl ARCH_REQ_XCOMP_PERM for XTILEDATA, asked
// once; the permission is the process's).
bool amx_usable() {
  static const bool usable = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
    if ((d & (1u << 22)) == 0 || (d & (1u << 24)) == 0) return false;
    constexpr long kReqXcompPerm = 0x1023, kXtileData = 18;
    return syscall(SYS_arch_prctl, kReqXcompPerm, kXtileData) == 0;
  }();
  return usable;
}
#endif
} // namespace

bool precision_supported(Precision p) {
  if (p == Precision::Float32) return true;
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
  return amx_usable();
#else
  return false;
#endif
}

void require_precision(Precision p) {
  if (precision_supported(p)) return;
#if defined(__AMX_BF16__) && defined(__AMX_TILE__)
  throw ConfigError("precision bf16 needs a CPU with AMX-BF16 (the amx_bf16 and amx_tile flags of /proc/cpuinfo) and "
                    "a kernel that grants this process its tiles (Linux 5.16 or later); here it has not: score in "
                    "float32");
#else
  throw ConfigError("precision bf16 needs a build for a CPU with AMX-BF16 (SIEVE_ARCH=native on such a CPU); this build "
                    "has no bf16 kernels: score in float32");
#endif
}

} // namespace sieve::nn
