#pragma once
// Internal: one dense layer's forward pass, H = act(X W^T + b), for column-major
// activations whose columns are 64-byte aligned and `ld` floats apart (workspace.hpp).
//
// With AVX-512 it is a register-tiled kernel: 32 rows x 11 outputs of accumulators (22
// zmm registers), one aligned load of each input column and a broadcast FMA per weight,
// summing over k in ascending order; the bias and the activation (and its derivative,
// for training) are applied in registers before the one store. Every row is computed by
// the same sequence of operations whatever its batch, so an event scores identically
// alone or in any batch. Elsewhere it falls back to Eigen.
#include "sieve/nn/network_config.hpp"

namespace sieve::nn::detail {

// x: n x k (column j at x + j * ld), w: width x k column-major, b: width,
// h: n x width (column j at h + j * ld); deriv (null: not wanted) receives act'(z) in
// the same layout. Rows n..padded(n) are computed too (scratch).
void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv);

} // namespace sieve::nn::detail
