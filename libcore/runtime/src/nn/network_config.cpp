#include "sieve/nn/network_config.hpp"

#include "sieve/error.hpp"

namespace sieve::nn {

std::string to_string(Activation a) {
  switch (a) {
  case Activation::ReLU: return "relu";
  case Activation::Swish: return "swish";
  case Activation::SELU: return "selu";
  }
  return "unknown";
}

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::ReLU;
  if (name == "swish") return Activation::Swish;
  if (name == "selu") return Activation::SELU;
  throw ConfigError("unknown activation '" + name + "' (known: relu, swish, selu)");
}

int NetworkConfig::embedding_width() const {
  int w = 0;
  for (int t = 0; t < n_embeddings(); ++t) w += embedding_table(t).dim;
  return w;
}

std::size_t NetworkConfig::parameter_count() const { return ParameterLayout(*this).total; }

double NetworkConfig::forward_flops() const {
  double f = 2.0 * width;  // tail
  for (int d = 0; d < depth; ++d) f += 2.0 * width * fan_in(d);
  return f;
}

void NetworkConfig::validate() const {
  auto bad = [](const std::string& what) { throw ConfigError("network configuration: " + what); };
  // The upper bounds keep every size and offset (ParameterLayout, fan_in) far from int
  // overflow whatever a model file says.
  if (n_continuous < 1 || n_continuous > 4096)
    bad("n_continuous must be in 1..4096, got " + std::to_string(n_continuous));
  if (n_categories < 0 || n_categories > 256)
    bad("n_categories must be in 0..256, got " + std::to_string(n_categories));
  if (embedding() && (embedding_dim < 1 || embedding_dim > 4096))
    bad("embedding_dim must be in 1..4096, got " + std::to_string(embedding_dim));
  if (!extra_embeddings.empty() && !embedding()) bad("further embedding tables without a first one");
  if (n_embeddings() > kMaxEmbeddings)
    bad("at most " + std::to_string(kMaxEmbeddings) + " embedding tables, got " + std::to_string(n_embeddings()));
  // (Checked without building a message first: scoring builds ParameterLayouts.)
  for (std::size_t t = 0; t < extra_embeddings.size(); ++t) {
    const EmbeddingTable& e = extra_embeddings[t];
    if (e.n_categories < 1 || e.n_categories > 256)
      bad("embedding table " + std::to_string(t + 1) + ": n_categories must be in 1..256, got " +
          std::to_string(e.n_categories));
    if (e.dim < 1 || e.dim > 4096)
      bad("embedding table " + std::to_string(t + 1) + ": its size must be in 1..4096, got " + std::to_string(e.dim));
  }
  if (width < 1 || width > 4096) bad("width must be in 1..4096, got " + std::to_string(width));
  if (depth < 1 || depth > kMaxDepth)
    bad("depth must be in 1.." + std::to_string(kMaxDepth) + ", got " + std::to_string(depth));
}

ParameterLayout::ParameterLayout(const NetworkConfig& c) {
  c.validate();
  std::size_t at = 0;
  for (int t = 0; t < c.n_embeddings(); ++t) {
    embedding[t] = at;
    const EmbeddingTable e = c.embedding_table(t);
    at += static_cast<std::size_t>(e.n_categories) * static_cast<std::size_t>(e.dim);
  }
  for (int d = 0; d < c.depth; ++d) {
    weight[d] = at;
    at += static_cast<std::size_t>(c.width) * static_cast<std::size_t>(c.fan_in(d));
    bias[d] = at;
    at += static_cast<std::size_t>(c.width);
  }
  tail_weight = at;
  at += static_cast<std::size_t>(c.width);
  tail_bias = at;
  at += 1;
  total = at;
}

} // namespace sieve::nn
