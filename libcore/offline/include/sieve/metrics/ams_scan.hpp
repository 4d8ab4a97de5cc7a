#pragma once
// The best AMS over every possible cut on a classifier output: the cut placed at each
// distinct prediction in turn (accepting the events with prediction >= it). Unlike the
// published cut choice (cut.hpp) it considers every prediction, not only those >= 0.9:
// it answers "how well could one cut have done on this sample?", an optimistic figure.
#include "sieve/metrics/ams.hpp"

#include <cstdint>
#include <span>

namespace sieve::metrics {

struct AmsScan {
  double max_ams = -1.0;  // -1 when no cut has a positive AMS (e.g. no signal)
  double cut = 0.0;       // the prediction where max_ams is reached (the highest such, on ties)
  SelectedSums selected;  // the weighted sums accepted by that cut (times weight_factor)
};

// O(n log n). Throws InputError when sizes differ, a label is neither 0 nor 1, or a
// prediction is NaN.
AmsScan max_ams(std::span<const float> predictions, std::span<const double> weights,
                std::span<const std::int8_t> labels, double weight_factor = 1.0, double br = 10.0);

} // namespace sieve::metrics
