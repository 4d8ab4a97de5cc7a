#pragma once
// Adam (PyTorch's formulation, with bias correction) over one flat parameter vector. The
// learning rate and beta1 are passed at every step, as a schedule sets them.
#include <cstdint>
#include <span>
#include <vector>

namespace sieve::train {

class Adam {
public:
  explicit Adam(std::size_t n_params, double beta2 = 0.999, double eps = 1e-8);
  void step(std::span<float> params, std::span<const float> grads, double lr, double beta1);
  std::int64_t steps() const { return t_; }
  // For checkpoints: the moments, the step count and beta2^t, the running product that
  // corrects the second moment (kept as multiplied, so that a restored optimiser goes on
  // bit for bit; std::pow(beta2, t) can differ from it in the last bits).
  std::span<const float> first_moment() const { return m_; }
  std::span<const float> second_moment() const { return v_; }
  double beta2_power() const { return beta2_power_; }
  void restore(std::span<const float> m, std::span<const float> v, std::int64_t t);
  void restore(std::span<const float> m, std::span<const float> v, std::int64_t t, double beta2_power);

private:
  std::vector<float> m_, v_;
  double beta2_, eps_;
  double beta1_power_ = 1.0, beta2_power_ = 1.0;
  std::int64_t t_ = 0;
};

} // namespace sieve::train
