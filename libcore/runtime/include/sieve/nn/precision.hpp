#pragma once
// The arithmetic a scorer evaluates its networks in. float32 is the default and the
// reference: every score is reproducible to the bit. bf16 (opt-in) multiplies every
// layer's weights and hidden inputs as bfloat16 (8-bit mantissa), and the network's
// inputs (the head) as two bfloat16 parts each, with float32 sums (AMX-BF16 tiles); the
// biases, the activations and the tail stay float32.
#include <string>

namespace sieve::nn {

enum class Precision { Float32, BFloat16 };

std::string to_string(Precision p);                // "float32", "bf16"
Precision parse_precision(const std::string& name);  // "float32" (or "fp32"), "bf16"

// Whether this build and this CPU can evaluate in `p` (float32: always).
bool precision_supported(Precision p);
// Throws ConfigError saying what is missing when they cannot.
void require_precision(Precision p);

} // namespace sieve::nn
