#pragma once
// Internal: one dense layer's forward pass, H = act(X W^T + b), for column-major
// activations whose columns are 64-byte aligned and `ld` floats apart (workspace.hpp).
//
// With AVX-512 it is a register-tiled kernel: 32 rows x 11 outputs of accumulators (22
// zmm registers), one aligned load of each input column and a broadcast FMA per weight,
// summing over k in ascending order; the bias and the activation (and its derivative,
// for training) are applied in registers before the one store. The last rows of a batch,
// when at most 8, are vectorised over outputs instead (a single event's 8 TTA copies
// would fill half a row vector). Every row is computed by the same sequence of
// operations whatever its batch and path, so an event scores identically alone or in any
// batch. Elsewhere it falls back to Eigen.
#include "sieve/nn/network_config.hpp"

namespace sieve::nn::detail {

// x: n x k (column j at x + j * ld), w: width x k column-major, b: width,
// h: n x width (column j at h + j * ld); deriv (null: not wanted) receives act'(z) in
// the same layout. Rows n..padded(n) are scratch: computed by the tiles, left as they
// were when the last rows of a batch are few (at most 8, computed across outputs).
void dense_forward(const float* x, int ld, int n, int k, const float* w, const float* b, int width,
                   Activation act, float* h, float* deriv);

// h = act(h + x W^T) with W the first k columns of a width x ? column-major matrix
// (columns `width` apart): the layer's input contribution when h already holds the rest.
void dense_accumulate_activate(const float* x, int ld, int n, int k, const float* w, int width, Activation act,
                               float* h);

// z = x W^T + b, no activation (same layout as dense_forward).
void dense_linear(const float* x, int ld, int n, int k, const float* w, int width, const float* b, float* z);

// grad[:, 0:k] += dz w: dz is n x width (ld), w the first k columns of a width x ? weight
// matrix (column-major, columns `width` apart), grad n x k (ld). Rows up to padded(n).
void dense_backward_input(const float* dz, int ld, int n, int width, const float* w, int k, float* grad);

// dw = dz^T x (width x k, column-major) and db = column sums of dz, summed over the n
// events in ascending order. dzt is scratch of n x padded(width) floats, 64-byte aligned.
void dense_backward_weights(const float* dz, int ld, int n, int width, const float* x, int k, float* dzt,
                            float* dw, float* db);

} // namespace sieve::nn::detail
