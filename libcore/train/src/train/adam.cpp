#include "sieve/train/adam.hpp"

#include <gsl/assert>

#include <cmath>

namespace sieve::train {

Adam::Adam(std::size_t n_params, double beta2, double eps)
    : m_(n_params, 0.0f), v_(n_params, 0.0f), beta2_(beta2), eps_(eps) {}

void Adam::step(std::span<float> params, std::span<const float> grads, double lr, double beta1) {
  Expects(params.size() == m_.size() && grads.size() == m_.size());
  ++t_;
  // PyTorch corrects the first moment with the current beta1 raised to the step count.
  beta1_power_ = std::pow(beta1, static_cast<double>(t_));
  beta2_power_ *= beta2_;
  const float b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2_);
  const float step_size = static_cast<float>(lr / (1.0 - beta1_power_));
  const float root_correction = static_cast<float>(std::sqrt(1.0 - beta2_power_));
  const float eps = static_cast<float>(eps_);
  float* p = params.data();
  const float* g = grads.data();
  float* m = m_.data();
  float* v = v_.data();
  const std::size_t n = m_.size();
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0f - b1) * g[i];
    v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
    p[i] -= step_size * m[i] / (std::sqrt(v[i]) / root_correction + eps);
  }
}

void Adam::restore(std::span<const float> m, std::span<const float> v, std::int64_t t) {
  Expects(m.size() == m_.size() && v.size() == v_.size());
  m_.assign(m.begin(), m.end());
  v_.assign(v.begin(), v.end());
  t_ = t;
  beta2_power_ = std::pow(beta2_, static_cast<double>(t));
}

void Adam::restore(std::span<const float> m, std::span<const float> v, std::int64_t t, double beta2_power) {
  restore(m, v, t);
  beta2_power_ = beta2_power;
}

} // namespace sieve::train
