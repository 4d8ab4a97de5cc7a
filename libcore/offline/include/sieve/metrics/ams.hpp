#pragma once
// Approximate Median Significance, the HiggsML 2014 figure of merit, and the AMS of a
// single cut on a classifier prediction.
#include <cstdint>
#include <span>

namespace sieve::metrics {

// AMS = sqrt(2 ((s + b + br) ln(1 + s / (b + br)) - s)), with the regularisation term
// br = 10 of the challenge. Follows LUMIN's calc_ams: returns -1 when b == 0 (even though
// br > 0 would keep the formula finite) and when the radicand is <= 0 or NaN (e.g. s == 0).
double ams(double s, double b, double br = 10.0);

// Weighted signal and background sums of a selection (already multiplied by any factor).
struct SelectedSums {
  double s = 0.0;
  double b = 0.0;
};

// Sums of weight_factor * weight over the events with prediction >= cut, split by label
// (1 = signal, 0 = background). Events with a NaN prediction are never selected. Throws
// InputError when the spans differ in size or a label is neither 0 nor 1.
SelectedSums selected_sums(std::span<const float> predictions, std::span<const double> weights,
                           std::span<const std::int8_t> labels, double cut,
                           double weight_factor = 1.0);

// ams(selected_sums(...).s, .b, br): the AMS of accepting every event with prediction >= cut.
// weight_factor rescales a subset's weights to the full sample (e.g. 250000 / 50000 = 5
// for the recipe's validation set; 1 for the Kaggle test weights).
double ams_at_cut(std::span<const float> predictions, std::span<const double> weights,
                  std::span<const std::int8_t> labels, double cut, double weight_factor = 1.0,
                  double br = 10.0);

} // namespace sieve::metrics
