#pragma once
// Internal (AVX-512 only): the 8 symmetry copies of one event through one member, how
// the scorer evaluates its events, one at a time whatever the block.
//
// The block kernels (dense_kernel.hpp) put 16 or 32 rows in a register tile; one event
// has 8 rows, which they can only treat as a remainder (gathers and scatters of its
// columns), and their head products run on a single row. Here the head's contribution
// to every layer is one matrix-vector product with the outputs of all layers in the
// vector lanes, and each layer multiplies its 8 rows with the outputs in the lanes, its
// last `width % 16` outputs with the rows in the lanes, transposing its results in
// registers into 8-row columns (`kCopyRows` floats apart) that the next layer reads. In
// blocks this is also faster than the 32-row tiles (measured: about 8%).
//
// Every value takes the operations the block kernels give it, in the same order (the
// bias, the head's sums over columns ascending, the copy sums ((P + X) + Y) + Z, the
// hidden inputs' FMAs ascending, the same activation code), so scores keep their bits
// whichever path computes them (the block kernels remain the portable path).
#include "sieve/nn/network_config.hpp"

#include <array>
#include <cstdint>

namespace sieve::nn::detail {

inline constexpr int kCopyRows = 8;
inline constexpr int kCopyAxes = 3;

// Events whose head partial sums one pass computes: the head's weights are read once for
// them. For one event the pass loads a weight vector per FMA or two; a second pass over
// the weights just read (27 KB a member, within the 48 KB L1d) cost as much as the first
// (2.4 us per event of 10 members), so its limit is the loop's loads and stores, not the
// L2 cache (no counter confirms it: the VM exposes none).
inline constexpr int kCopyHeadBatch = 4;

// The head's partial sums of 1 to kCopyHeadBatch events, for `span` outputs (the outputs
// of every layer that reads the head side by side, layer l's from l * width, padded so
// that the last layer's wp = padded(width) outputs fit):
//   partial[0]            = bias + sum over the first n_base head values of x w
//   partial[1 + a]        = sum over axis a's values x of x w            (Q_a)
//   partial[1 + 3 + a]    = sum over axis a's offsets of o w  - Q_a       (T_a - Q_a)
// hx: per event (hstride floats apart) the head values (base, then axis 0, 1, 2), then the
// axes' offsets in the same order; hw: row q (span floats, 64-byte aligned) holds head
// value q's weights; hb the bias (span floats). partial: per event (1 + 2 * 3) blocks of
// span floats, 64-byte aligned. An event's sums have the same bits whatever the batch.
void copy_head_partials(const float* hx, int hstride, int events, int n_base, const std::array<int, kCopyAxes>& axis_columns,
                        const float* hw, const float* hb, int span, float* partial);

// Which of the head's partial blocks each copy adds, worked out once per scoring call
// (run_copies) rather than in every layer of every event: copy r's S_a is `offset[r][a]` floats past the base block (Q_a's
// block at plain[a], T_a - Q_a's at flipped[a]; blocks `span` floats apart), and bit r of
// mask[a] is set when copy r flips axis a.
struct CopyFlips {
  std::array<std::array<int, kCopyAxes>, kCopyRows> offset{};
  std::array<int, kCopyAxes> plain{}, flipped{};
  std::array<std::uint16_t, kCopyAxes> mask{};
};
CopyFlips copy_flips(const std::array<std::array<bool, kCopyAxes>, kCopyRows>& flips, int span);

// Where a layer's pre-activations start: from the head's partial sums (copy c's is
// ((P + S_0) + S_1) + S_2 with S_a = T_a - Q_a when copy c flips axis a, else Q_a, taken at
// `at` in each partial block, as `flips` places them), or, when partial is null, from its bias.
struct CopyStart {
  const float* partial = nullptr;
  int at = 0;
  const CopyFlips* flips = nullptr;
  const float* bias = nullptr;
};

// One layer for the 8 rows: out = act(start + x W^T), x being k input columns of 8 rows
// (column j at x + 8 j), out `width` columns of 8 rows. Input kk's weights: of the first
// vw = width - width % 16 outputs at w + kk * vw (64-byte aligned), of the last width % 16
// at wt + kk * (width % 16).
void copy_layer(const float* x, int k, const float* w, const float* wt, int width, const CopyStart& start,
                Activation act, float* out);

} // namespace sieve::nn::detail
