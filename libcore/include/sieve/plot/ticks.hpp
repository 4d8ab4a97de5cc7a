#pragma once
// Axis tick positions with "nice" values and their labels.
#include <string>
#include <vector>

#include "sieve/plot/scale.hpp"

namespace sieve::plot {

struct Tick {
  double value = 0.0;
  std::string label; // empty for minor ticks
  bool major = true; // major ticks are labelled and get a grid line
};

// Ticks inside [lo, hi] (lo < hi; both > 0 for Log10), at most `max_labels` labelled.
// Linear: multiples of 1, 2 or 5 x 10^k, labelled with just enough decimals
// ("0", "0.2", ...; scientific "2e-5" style for very small or very large values).
// Log10: decades ("0.001", "0.01", ... or "1e-7", "1e-6", ... when any decade needs it),
// thinned when there are too many, with unlabelled minor ticks at 2..9 x 10^k; a range
// shorter than two decades gets 1, 2, 5 x 10^k labels, or linear ticks when even
// those are too few.
std::vector<Tick> axis_ticks(double lo, double hi, Scale scale, int max_labels);

} // namespace sieve::plot
