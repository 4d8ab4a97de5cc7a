#pragma once
// Caller-owned scratch for one network evaluation at a time (one per thread, stream or
// event slot), sized once for a maximum batch. Every buffer a forward or backward pass
// touches lives here, so passes allocate nothing.
//
// Activations of all layers lie side by side in one column-major buffer of n rows (each
// column padded to a 64-byte boundary, see aligned.hpp):
//   [ h_{depth-1} | ... | h_1 | h_0 | x0 = continuous inputs, embedding ]
// Layer d reads the contiguous block that starts at its predecessor's output and runs to
// the end: with dense connections that is [h_{d-1} ... h_0, x0], in LUMIN's order (newest
// output first), so no layer copies its inputs.
#include "sieve/aligned.hpp"
#include "sieve/nn/network_config.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sieve::nn {

class alignas(kAlignment) Workspace {
public:
  enum class Purpose { Training, Inference };
  // An inference workspace has no gradient buffers (forward only, about half the memory).
  Workspace(const NetworkConfig& config, int max_batch, Purpose purpose = Purpose::Training);

  const NetworkConfig& config() const { return config_; }
  const ParameterLayout& layout() const { return layout_; }
  int max_batch() const { return max_batch_; }
  int size() const { return n_; }

  // Starts a batch of n events (1 <= n <= max_batch). Then write every continuous input
  // column and the category codes, and call forward().
  void begin(int n);
  float* input_column(int j) { return activations_.data() + column_offset(x0_ + j); }
  // The codes, row-major: event i's code for embedding table t at [i * n_embeddings() + t].
  std::uint8_t* codes() { return codes_.data(); }
  // After forward(): the sigmoid outputs and the logits of the current batch.
  std::span<const float> probabilities() const { return {prob_.data(), static_cast<std::size_t>(n_)}; }
  std::span<const float> logits() const { return {logit_.data(), static_cast<std::size_t>(n_)}; }
  std::size_t bytes() const;

private:
  friend struct NetworkKernels;
  std::size_t column_offset(int column) const {
    return static_cast<std::size_t>(column) * static_cast<std::size_t>(ld_);
  }
  NetworkConfig config_;
  ParameterLayout layout_;
  int max_batch_ = 0, n_ = 0;
  int ld_ = 0;       // leading dimension: n_ padded to the alignment
  int columns_ = 0;  // depth * width + input_width
  int x0_ = 0;       // first column of the head's output
  AlignedVector<float> activations_;  // max_batch x columns_
  AlignedVector<float> gradients_;    // same layout: d loss / d activation
  AlignedVector<float> derivative_;   // max_batch x depth*width: activation'(z) per layer
  AlignedVector<float> scratch_;      // max_batch x width
  AlignedVector<float> transposed_;   // max_batch x padded(width), row-major
  AlignedVector<float> logit_, prob_, dlogit_;
  std::vector<std::uint8_t> codes_;
};

} // namespace sieve::nn
