#pragma once
// Per-class sums of event weights, and rescaling a subset's weights so that each class
// sums to a given total: the AMS of a subset then estimates the AMS of the full sample
// it was drawn from (HiggsML weights are normalised to the expected yields of the whole set).
#include <cstdint>
#include <span>
#include <vector>

namespace sieve::metrics {

struct ClassTotals {
  double signal = 0.0;
  double background = 0.0;
  bool operator==(const ClassTotals&) const = default;
};

// The published totals of the 250,000 Kaggle training events (KaggleSet t).
inline constexpr ClassTotals kKaggleTrainingTotals{691.988608, 410999.847322};

// Sums of the weights by label (1 = signal, 0 = background). Throws InputError when the
// sizes differ or a label is neither 0 nor 1.
ClassTotals class_totals(std::span<const double> weights, std::span<const std::int8_t> labels);

// The weights multiplied per class so that signal sums to target.signal and background to
// target.background. Throws InputError when a class the target asks weight for has no
// positive weight to scale, or a target total is negative or not finite.
std::vector<double> rescale_to_totals(std::span<const double> weights, std::span<const std::int8_t> labels,
                                      const ClassTotals& target);

} // namespace sieve::metrics
