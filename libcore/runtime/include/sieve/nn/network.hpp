#pragma once
// Forward and backward passes of one network on the batch held by a workspace. The
// parameters are one flat vector laid out by ParameterLayout. Neither call allocates.
#include "sieve/nn/network_config.hpp"
#include "sieve/nn/workspace.hpp"

#include <cstdint>
#include <span>

namespace sieve::nn {

// Evaluates the batch; with `for_training` it also keeps the activation derivatives
// that backward() needs.
void forward(std::span<const float> params, Workspace& ws, bool for_training = false);

// Weighted binary cross-entropy of the current batch (after forward): the sum over events
// of w_i * BCE(p_i, y_i), in double. Computed from the logits, so it is finite even when
// a probability rounds to 0 or 1.
double weighted_bce_sum(const Workspace& ws, std::span<const float> targets,
                        std::span<const float> weights);

// Gradient of  sum_i w_i * BCE(p_i, y_i) / divisor  with respect to every parameter,
// written to `grads` (same layout as params). Needs forward(..., true) first.
void backward(std::span<const float> params, Workspace& ws, std::span<const float> targets,
              std::span<const float> weights, double divisor, std::span<float> grads);

// Initial parameters (method spec section 2): embedding N(0, 1); hidden weights
// Kaiming-normal with the ReLU gain (std sqrt(2 / fan_in); SELU uses sqrt(1 / fan_in));
// zero biases; Xavier-normal tail weight. A pure function of `key`.
void initialise(const NetworkConfig& config, std::uint64_t key, std::span<float> params);

} // namespace sieve::nn
