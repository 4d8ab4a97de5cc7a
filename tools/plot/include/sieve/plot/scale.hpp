#pragma once
// How an axis maps values to positions.

namespace sieve::plot {

enum class Scale {
  Linear,
  Log10 // positive values only; values <= 0 are skipped like NaN
};

} // namespace sieve::plot
