#include "sieve/metrics/ams.hpp"

#include <cmath>

#include "metric_inputs.hpp"

namespace sieve::metrics {

double ams(double s, double b, double br) {
  if (b == 0.0) return -1.0;
  const double radicand = 2.0 * ((s + b + br) * std::log1p(s / (b + br)) - s);
  return radicand > 0.0 ? std::sqrt(radicand) : -1.0;
}

SelectedSums selected_sums(std::span<const float> predictions, std::span<const double> weights,
                           std::span<const std::int8_t> labels, double cut, double weight_factor) {
  detail::check_sizes("selected_sums", predictions, weights, labels);
  double s = 0.0;
  double b = 0.0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    detail::check_label("selected_sums", i, labels[i]);
    if (!(static_cast<double>(predictions[i]) >= cut)) continue;
    (labels[i] == 1 ? s : b) += weights[i];
  }
  return {weight_factor * s, weight_factor * b};
}

double ams_at_cut(std::span<const float> predictions, std::span<const double> weights,
                  std::span<const std::int8_t> labels, double cut, double weight_factor,
                  double br) {
  const SelectedSums sums = selected_sums(predictions, weights, labels, cut, weight_factor);
  return ams(sums.s, sums.b, br);
}

} // namespace sieve::metrics
