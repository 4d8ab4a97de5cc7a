#pragma once
// The shape of one network (LUMIN's head -> body -> tail): the continuous inputs
// concatenated with an embedding of each categorical input (in the schema's order), a body of `depth` Linear ->
// activation layers of `width` (densely connected: each layer sees the inputs and every
// earlier layer's output), and a Linear(width, 1) -> sigmoid tail.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::nn {

// The most embedding tables a network may have (one per categorical column).
inline constexpr int kMaxEmbeddings = 16;

// An embedding table after the first: its categories and its size.
struct EmbeddingTable {
  int n_categories = 0;
  int dim = 0;
  bool operator==(const EmbeddingTable&) const = default;
};

enum class Activation : std::uint8_t { ReLU = 0, Swish = 1, SELU = 2 };
std::string to_string(Activation a);
Activation parse_activation(const std::string& name);  // "relu", "swish", "selu"

struct NetworkConfig {
  int n_continuous = 30;
  // The first embedding table (the first categorical column); n_categories 0: no
  // embedding at all (categorical values are continuous inputs instead).
  int n_categories = 4;
  int embedding_dim = 3;
  int width = 33;
  int depth = 6;
  bool dense = true;
  Activation activation = Activation::Swish;
  // The tables of the further categorical columns, in order (empty with one or none).
  std::vector<EmbeddingTable> extra_embeddings = {};

  bool embedding() const { return n_categories > 0; }
  int n_embeddings() const { return embedding() ? 1 + static_cast<int>(extra_embeddings.size()) : 0; }
  // Table t (0 <= t < n_embeddings()).
  EmbeddingTable embedding_table(int t) const {
    return t == 0 ? EmbeddingTable{n_categories, embedding_dim} : extra_embeddings[static_cast<std::size_t>(t - 1)];
  }
  // The embeddings' outputs side by side.
  int embedding_width() const;
  // Width of the head's output: continuous inputs, then the embeddings, side by side.
  int input_width() const { return n_continuous + embedding_width(); }
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
  // Table t: n_categories x dim, row c = code c; the tables lie one after another.
  std::size_t embedding[kMaxEmbeddings] = {};
  std::size_t weight[16] = {};     // per body layer
  std::size_t bias[16] = {};
  std::size_t tail_weight = 0, tail_bias = 0;
  std::size_t total = 0;
};

inline constexpr int kMaxDepth = 16;

} // namespace sieve::nn
