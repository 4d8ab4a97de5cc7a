#pragma once
// Weighted receiver operating characteristic: the exact area under the curve and the
// curve's points (for plots). Signal (label 1) is the positive class.
#include <cstdint>
#include <span>
#include <vector>

namespace sieve::metrics {

// One point per distinct prediction value, from the strictest threshold to the loosest.
// Point k accepts the events with prediction >= threshold[k]; the first point is
// (0, 0) with threshold +inf and the last is (1, 1) at the smallest prediction.
struct RocCurve {
  std::vector<double> false_positive_rate; // accepted background weight / total background
  std::vector<double> true_positive_rate;  // accepted signal weight / total signal
  std::vector<double> threshold;
};

// Weighted AUC = P(pred_s > pred_b) + P(pred_s == pred_b) / 2 over weighted pairs, i.e. the
// trapezoidal area with each group of equal predictions taken as one step. O(n log n).
// `weights` may be empty (every event weight 1). Throws InputError when sizes differ, a
// label is neither 0 nor 1, a prediction is NaN, or a class has no positive total weight.
double roc_auc(std::span<const float> predictions, std::span<const double> weights,
               std::span<const std::int8_t> labels);

// The points of the same curve; same inputs and errors as roc_auc.
RocCurve roc_curve(std::span<const float> predictions, std::span<const double> weights,
                   std::span<const std::int8_t> labels);

} // namespace sieve::metrics
