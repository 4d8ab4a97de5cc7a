#include "sieve/metrics/ams_scan.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "metric_inputs.hpp"

namespace sieve::metrics {

AmsScan max_ams(std::span<const float> predictions, std::span<const double> weights,
                std::span<const std::int8_t> labels, double weight_factor, double br) {
  constexpr std::string_view what = "max_ams";
  detail::check_sizes(what, predictions, weights, labels);
  const std::size_t n = predictions.size();
  for (std::size_t i = 0; i < n; ++i) {
    detail::check_label(what, i, labels[i]);
    detail::check_prediction(what, i, predictions[i]);
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return predictions[a] != predictions[b] ? predictions[a] > predictions[b] : a < b;
  });
  // Walk down the predictions; a cut accepts its whole group of equal predictions.
  AmsScan best;
  double s = 0.0;
  double b = 0.0;
  for (std::size_t k = 0; k < n;) {
    const float p = predictions[order[k]];
    for (; k < n && predictions[order[k]] == p; ++k) (labels[order[k]] == 1 ? s : b) += weights[order[k]];
    const double value = ams(weight_factor * s, weight_factor * b, br);
    if (value > best.max_ams) {
      best.max_ams = value;
      best.cut = static_cast<double>(p);
      best.selected = {weight_factor * s, weight_factor * b};
    }
  }
  return best;
}

} // namespace sieve::metrics
