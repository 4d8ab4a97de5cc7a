#pragma once
// Internal (AMX-BF16 only): the bf16 path of the copy kernels (copy_kernel.hpp, precision
// bf16 of nn/precision.hpp). One event's 8 copies are the 8 rows of AMX tiles: a
// layer's hidden inputs as bf16 rows (A, 32 inputs per tile step), its weights as bf16
// tiles of 16 input pairs x 16 outputs (B), summed with tdpbf16ps into float32 tiles. A
// layer's inputs are its hidden inputs and, when it reads them, the head's values (each
// copy's, its flipped ones -x + offset; each as two bf16 parts, see amx_head_rows). The bias and the activation run on the
// float32 rows, which are then rounded to bf16 for the layers that read them. A tile has
// 16 rows: the copies of two events.
#include "sieve/nn/network_config.hpp"

#include <cstdint>

namespace sieve::nn::detail {

inline constexpr int kAmxRows = 16;      // two events' 8 copies
inline constexpr int kAmxInputs = 32;    // bf16 inputs per tile step
inline constexpr int kAmxOutputs = 16;   // float32 outputs per tile

#if defined(__AMX_BF16__) && defined(__AMX_TILE__)

// Loads the tile configuration on this thread / releases the tiles (around a pass).
void amx_begin();
void amx_end();

// One layer for the 16 rows: h = act(a W^T + bias) for the layer's `width` outputs (the
// padding up to wp holds the sums, not activated). a: 16 rows of bf16 inputs (row r at
// a + r * a_stride elements), read in `steps` steps of 32 (what lies past the layer's
// inputs is finite, and weighted zero); b: per step, wp / 16 tiles of 16 x 32 bf16
// (row p: input pairs 2p, 2p + 1 of 16 outputs, interleaved); bias: `width` floats; h:
// 16 rows of wp float32 (row-major, 64-byte aligned).
void amx_layer(const std::uint16_t* a, int a_stride, int steps, const std::uint16_t* b, int width, int wp,
               const float* bias, Activation act, float* h);
// One event's head values into its 8 copies' bf16 rows (copy k's at rows + k * stride):
// hx holds n values, the first n_base of which no copy flips, then the offsets of the
// other n - n_base in the same order; copy k takes -x + offset for value q when bit q % 16
// of flips[k * chunks + q / 16] is set (chunks = n / 16 rounded up), else x, and writes
// it as two bf16 parts: its rounding v at q, and the rounding of what v left out at n + q.
// scratch: 2 x n rounded up to 16 floats, 64-byte aligned.
void amx_head_rows(const float* hx, int n_base, int n, const std::uint16_t* flips, float* scratch, std::uint16_t* rows,
                   int stride);

// The first `width` outputs of h's 16 rows rounded to bf16, at a (row r at a + r * a_stride).
void amx_rows_to_bf16(const float* h, int wp, int width, std::uint16_t* a, int a_stride);

#endif

// x rounded to the nearest bf16 (ties to even; NaN stays NaN).
std::uint16_t to_bf16(float x);

} // namespace sieve::nn::detail
