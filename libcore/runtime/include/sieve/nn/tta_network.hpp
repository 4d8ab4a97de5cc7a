#pragma once
// Inference of the symmetry copies of an event with their shared structure exploited.
//
// The test-time copies of an event differ only by sign flips of some head outputs (the
// momentum components: x -> -x + offset, the offset being what standardisation adds to
// a negated value). Every layer that reads the head is linear in it, so per event ("group")
// and layer the head's contribution is computed once per column group, as
//   Q_inv + b  (columns no copy flips)  and  Q_a, T_a  (columns flipped by axis a and
//   their offsets),
// and each copy's pre-activation starts from Q_inv + b + sum_a (flipped_a ? T_a - Q_a : Q_a).
// Only the hidden layers' inputs are multiplied per copy. For the recipe's network this
// removes about a fifth of the arithmetic of 8-copy scoring, and the first layer entirely.
// With AVX-512 the events go one at a time, their 8 copies as the rows of the kernels
// (src/nn/copy_kernel.hpp; bf16: two at a time, src/nn/amx_kernel.hpp); elsewhere the
// groups of a block are tiled together (partial_, hidden_).
#include "sieve/aligned.hpp"
#include "sieve/nn/network_config.hpp"
#include "sieve/nn/precision.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace sieve::nn {

inline constexpr int kFlipAxes = 3;

// Which continuous inputs change sign under each of three flips, and the copies to
// evaluate as combinations of them.
struct FlipStructure {
  std::array<std::vector<int>, kFlipAxes> columns;
  std::vector<std::array<bool, kFlipAxes>> copies;
};

// One member's weights, rearranged once for grouped inference. Immutable.
class TtaNetwork {
public:
  // With Precision::BFloat16 the hidden layers multiply in bf16 (nn/precision.hpp;
  // throws ConfigError where the CPU or the build cannot).
  TtaNetwork(const NetworkConfig& config, std::span<const float> params, const FlipStructure& flips,
             Precision precision = Precision::Float32);
  const NetworkConfig& config() const { return config_; }
  Precision precision() const { return precision_; }
  int copies() const { return static_cast<int>(flips_.copies.size()); }
  std::size_t bytes() const;  // its parameter and weight arrays

private:
  friend struct TtaKernels;
  friend class TtaWorkspace;
  void arrange_copy_weights();  // the float32 copy kernels' arrays from params_ and head_weights_
  NetworkConfig config_;
  FlipStructure flips_;
  std::vector<int> invariant_;           // continuous inputs no copy flips, in order
  int head_columns_ = 0;                 // invariant + embedding + flipped columns
  std::vector<float> params_;            // the member's flat parameters
  ParameterLayout layout_;               // where each of them is in params_
  std::vector<float> head_weights_;      // per layer reading the head: width x head_columns_,
                                         // columns [invariant, embedding, axis 0, 1, 2]
  std::vector<float> zeros_;             // a zero bias of `width`
  // The same weights for scoring one event's copies (nn/copy_kernel.hpp; float32 only):
  int wp_ = 0;                              // the width padded to whole vectors
  int head_span_ = 0;                       // every head layer's outputs side by side, padded
  AlignedVector<float> copy_head_weights_;  // head_columns_ x head_span_
  AlignedVector<float> copy_head_bias_;     // head_span_
  AlignedVector<float> copy_weights_;       // per layer: its hidden inputs x (width - width % 16)
  std::vector<float> copy_tails_;           // per layer: its hidden inputs x (width % 16)
  std::vector<std::pair<std::size_t, std::size_t>> copy_offsets_;  // per layer: where its blocks start
  // bf16 (nn/amx_kernel.hpp): per layer, per step of 32 hidden inputs (each layer's
  // outputs padded to an even count), wp_ / 16 weight tiles.
  Precision precision_ = Precision::Float32;
  AlignedVector<std::uint16_t> bf16_weights_;
  std::vector<std::uint16_t> bf16_head_flips_;  // per copy, per 16 head values: the ones it flips
  std::vector<std::size_t> bf16_offsets_;
};

// Caller-owned scratch for up to max_groups events (each evaluated in every copy). Its
// buffers and the object itself take whole cache lines: workspaces of concurrent streams
// never share one (false sharing cost per-event scoring on 2 threads about 8%).
class alignas(kAlignment) TtaWorkspace {
public:
  TtaWorkspace(const TtaNetwork& network, int max_groups);
  // Starts a block of `groups` events; then set each group, then forward_tta().
  void begin(int groups);
  // The standardised continuous inputs of group g (no symmetry applied), for each input
  // the offset a flipped value takes (flipped = -x + offset), and its codes (one per
  // embedding table).
  void set_group(int g, std::span<const float> inputs, std::span<const float> offsets,
                 std::span<const std::uint8_t> codes);
  int groups() const { return groups_; }
  // After forward_tta(): sigmoid outputs, copy-major: row c * groups() + g.
  std::span<const float> probabilities() const {
    return {prob_.data(), static_cast<std::size_t>(groups_ * copies_)};
  }
  std::size_t bytes() const;

private:
  friend struct TtaKernels;
  int max_groups_, groups_ = 0, copies_;
  int ldg_ = 0, ldr_ = 0;
  int n_inputs_, n_tables_;
  AlignedVector<float> inputs_, offsets_;  // row-major staging: groups x n_continuous
  AlignedVector<std::uint8_t> codes_;     // groups x n_tables_, row-major
  AlignedVector<float> head_;            // groups x (head columns + flipped offsets), column-major
  AlignedVector<float> partial_;         // groups x (1 + 2 * axes) * width, column-major
  AlignedVector<float> hidden_;          // rows x depth * width: [h_{depth-1} .. h_0]
  AlignedVector<float> logit_, prob_;
  // One event's 8 copies at a time (nn/copy_kernel.hpp; bf16: two events), the head's
  // partial sums (float32) of up to copy_batch_ events at a time.
  int copy_batch_ = 1;
  AlignedVector<float> copy_head_;       // per event: its head values, then the offsets
  AlignedVector<float> copy_partial_;    // float32: per event (1 + 2 * axes) x head span
  AlignedVector<float> copy_hidden_;     // depth * width columns of 8 rows: [h_{depth-1} .. h_0]
  // bf16: per copy a bf16 row of the hidden layers' outputs and the head's values
  // ([h_{depth-1} .. h_0], each padded to an even width, the head values' two parts, zeros), one
  // layer's float32 rows, and an event's head values unflipped and flipped.
  AlignedVector<std::uint16_t> bf16_rows_;
  AlignedVector<float> bf16_head_;
  AlignedVector<float> bf16_out_;
};

// Forward pass of every copy of every group set in `ws`. Allocates nothing.
void forward_tta(const TtaNetwork& network, TtaWorkspace& ws);

} // namespace sieve::nn
