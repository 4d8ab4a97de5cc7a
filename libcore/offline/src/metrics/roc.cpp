#include "sieve/metrics/roc.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include "metric_inputs.hpp"

namespace sieve::metrics {
namespace {

// Weighted signal and background totals of one group of equal predictions.
struct Group {
  double threshold;
  double s;
  double b;
};

// The events grouped by prediction, from the highest prediction to the lowest, plus the
// class totals. Validates everything the ROC functions promise to validate.
std::vector<Group> groups_by_prediction(std::string_view what, std::span<const float> predictions,
                                        std::span<const double> weights,
                                        std::span<const std::int8_t> labels, double& total_s,
                                        double& total_b) {
  detail::check_sizes(what, predictions, weights, labels, /*allow_no_weights=*/true);
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    detail::check_label(what, i, labels[i]);
    detail::check_prediction(what, i, predictions[i]);
  }
  std::vector<std::size_t> order(predictions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return predictions[a] > predictions[b]; });

  std::vector<Group> groups;
  total_s = 0.0;
  total_b = 0.0;
  for (std::size_t k = 0; k < order.size();) {
    const float p = predictions[order[k]];
    Group g{static_cast<double>(p), 0.0, 0.0};
    for (; k < order.size() && predictions[order[k]] == p; ++k) {
      const std::size_t i = order[k];
      const double w = weights.empty() ? 1.0 : weights[i];
      (labels[i] == 1 ? g.s : g.b) += w;
    }
    total_s += g.s;
    total_b += g.b;
    groups.push_back(g);
  }
  if (!(total_s > 0.0) || !(total_b > 0.0)) {
    throw InputError(std::string(what) + ": total signal weight " + std::to_string(total_s) +
                     " and total background weight " + std::to_string(total_b) +
                     "; both classes need a positive total weight");
  }
  return groups;
}

} // namespace

double roc_auc(std::span<const float> predictions, std::span<const double> weights,
               std::span<const std::int8_t> labels) {
  double total_s = 0.0;
  double total_b = 0.0;
  const std::vector<Group> groups =
      groups_by_prediction("roc_auc", predictions, weights, labels, total_s, total_b);
  // Each background weight in a group pairs with all signal weight above the group (a win
  // for signal) and with half of the signal weight inside it (a tie).
  double area = 0.0;
  double s_above = 0.0;
  for (const Group& g : groups) {
    area += g.b * (s_above + 0.5 * g.s);
    s_above += g.s;
  }
  return area / (total_s * total_b);
}

RocCurve roc_curve(std::span<const float> predictions, std::span<const double> weights,
                   std::span<const std::int8_t> labels) {
  double total_s = 0.0;
  double total_b = 0.0;
  const std::vector<Group> groups =
      groups_by_prediction("roc_curve", predictions, weights, labels, total_s, total_b);
  RocCurve curve;
  curve.false_positive_rate.reserve(groups.size() + 1);
  curve.true_positive_rate.reserve(groups.size() + 1);
  curve.threshold.reserve(groups.size() + 1);
  curve.false_positive_rate.push_back(0.0);
  curve.true_positive_rate.push_back(0.0);
  curve.threshold.push_back(std::numeric_limits<double>::infinity());
  double s = 0.0;
  double b = 0.0;
  for (const Group& g : groups) {
    s += g.s;
    b += g.b;
    curve.false_positive_rate.push_back(b / total_b);
    curve.true_positive_rate.push_back(s / total_s);
    curve.threshold.push_back(g.threshold);
  }
  return curve;
}

} // namespace sieve::metrics
