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
  if (width < 1 || width > 4096) bad("width must be in 1..4096, got " + std::to_string(width));
  if (depth < 1 || depth > kMaxDepth)
    bad("depth must be in 1.." + std::to_string(kMaxDepth) + ", got " + std::to_string(depth));
}

ParameterLayout::ParameterLayout(const NetworkConfig& c) {
  c.validate();
  std::size_t at = 0;
  embedding = at;
  if (c.embedding()) at += static_cast<std::size_t>(c.n_categories * c.embedding_dim);
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
