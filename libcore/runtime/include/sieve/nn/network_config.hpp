#pragma once
// The shape of one network (LUMIN's head -> body -> tail): an embedding of the
// categorical input concatenated with the continuous inputs, a body of `depth` Linear ->
// activation layers of `width` (densely connected: each layer sees the inputs and every
// earlier layer's output), and a Linear(width, 1) -> sigmoid tail.
#include <cstddef>
#include <cstdint>
#include <string>

namespace sieve::nn {

enum class Activation : std::uint8_t { ReLU = 0, Swish = 1, SELU = 2 };
std::string to_string(Activation a);
Activation parse_activation(const std::string& name);  // "relu", "swish", "selu"

struct NetworkConfig {
  int n_continuous = 30;
  int n_categories = 4;  // 0: no embedding (the categorical is a continuous input instead)
  int embedding_dim = 3;
  int width = 33;
  int depth = 6;
  bool dense = true;
  Activation activation = Activation::Swish;

  bool embedding() const { return n_categories > 0; }
  // Width of the head's output: continuous inputs and the embedding, side by side.
  int input_width() const { return n_continuous + (embedding() ? embedding_dim : 0); }
  int fan_in(int layer) const {
    return dense ? input_width() + layer * width : (layer == 0 ? input_width() : width);
  }
  std::size_t parameter_count() const;
  // Multiply-adds x 2 of one event's forward pass (the GEMMs; activations not counted).
  double forward_flops() const;
  // Throws ConfigError naming the offending field.
  void validate() const;
  bool operator==(const NetworkConfig&) const = default;
};

// Offsets of each parameter block inside one flat float vector (so that Adam and the
// checkpoint copies are single loops). Hidden weights are width x fan_in, column-major.
struct ParameterLayout {
  explicit ParameterLayout(const NetworkConfig& config);
  std::size_t embedding = 0;       // n_categories x embedding_dim, row c = code c
  std::size_t weight[16] = {};     // per body layer
  std::size_t bias[16] = {};
  std::size_t tail_weight = 0, tail_bias = 0;
  std::size_t total = 0;
};

inline constexpr int kMaxDepth = 16;

} // namespace sieve::nn
