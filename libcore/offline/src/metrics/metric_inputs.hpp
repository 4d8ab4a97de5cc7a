#pragma once
// Input checks shared by the metrics (internal to libcore).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sieve/error.hpp"

namespace sieve::metrics::detail {

// Sizes must agree; weights may be empty only where `allow_no_weights`.
inline void check_sizes(std::string_view what, std::span<const float> predictions,
                        std::span<const double> weights, std::span<const std::int8_t> labels,
                        bool allow_no_weights = false) {
  const bool weights_ok =
      weights.size() == predictions.size() || (allow_no_weights && weights.empty());
  if (!weights_ok || labels.size() != predictions.size()) {
    throw InputError(std::string(what) + ": " + std::to_string(predictions.size()) +
                     " predictions, " + std::to_string(weights.size()) + " weights and " +
                     std::to_string(labels.size()) + " labels; expected equal sizes");
  }
}

inline void check_label(std::string_view what, std::size_t i, std::int8_t label) {
  if (label != 0 && label != 1) {
    throw InputError(std::string(what) + ": label of event " + std::to_string(i) + " is " +
                     std::to_string(label) + "; expected 0 (background) or 1 (signal)");
  }
}

inline void check_prediction(std::string_view what, std::size_t i, float prediction) {
  if (std::isnan(prediction)) {
    throw InputError(std::string(what) + ": prediction of event " + std::to_string(i) + " is NaN");
  }
}

} // namespace sieve::metrics::detail
