#include "sieve/nn/workspace.hpp"

#include "sieve/error.hpp"

#include <string>

namespace sieve::nn {

Workspace::Workspace(const NetworkConfig& config, int max_batch, Purpose purpose)
    : config_(config), layout_(config), max_batch_(max_batch) {
  if (max_batch < 1) throw ConfigError("workspace batch size must be at least 1, got " +
                                       std::to_string(max_batch));
  columns_ = config.depth * config.width + config.input_width();
  x0_ = config.depth * config.width;
  const auto rows = static_cast<std::size_t>(padded(max_batch));
  activations_.assign(rows * static_cast<std::size_t>(columns_), 0.0f);
  if (purpose == Purpose::Training) {
    gradients_.assign(rows * static_cast<std::size_t>(columns_), 0.0f);
    derivative_.assign(rows * static_cast<std::size_t>(config.depth * config.width), 0.0f);
    transposed_.assign(rows * static_cast<std::size_t>(padded(config.width)), 0.0f);
  }
  scratch_.assign(rows * static_cast<std::size_t>(config.width), 0.0f);
  logit_.assign(rows, 0.0f);
  prob_.assign(rows, 0.0f);
  if (purpose == Purpose::Training) dlogit_.assign(rows, 0.0f);
  codes_.assign(rows * static_cast<std::size_t>(config.n_embeddings()), 0);
}

void Workspace::begin(int n) {
  if (n < 1 || n > max_batch_)
    throw InputError("batch of " + std::to_string(n) + " events does not fit a workspace sized for " +
                     std::to_string(max_batch_));
  n_ = n;
  ld_ = padded(n);
}

std::size_t Workspace::bytes() const {
  return sizeof(float) * (activations_.size() + gradients_.size() + derivative_.size() +
                          scratch_.size() + transposed_.size() + logit_.size() + prob_.size() + dlogit_.size()) +
         codes_.size();
}

} // namespace sieve::nn
