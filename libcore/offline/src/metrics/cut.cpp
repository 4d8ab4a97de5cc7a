#include "sieve/metrics/cut.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "metric_inputs.hpp"
#include "sieve/metrics/ams.hpp"

namespace sieve::metrics {

CutChoice choose_cut(std::span<const float> predictions, std::span<const double> weights,
                     std::span<const std::int8_t> labels, const CutOptions& options) {
  constexpr std::string_view what = "choose_cut";
  detail::check_sizes(what, predictions, weights, labels);
  const std::size_t n = predictions.size();
  for (std::size_t i = 0; i < n; ++i) {
    detail::check_label(what, i, labels[i]);
    detail::check_prediction(what, i, predictions[i]);
  }
  if (!(options.top_perc > 0.0 && options.top_perc <= 100.0)) {
    throw InputError(std::string(what) + ": top_perc is " + std::to_string(options.top_perc) +
                     "; expected a percentage in (0, 100]");
  }
  // Python's int(top_perc * n / 100), in the same order of operations.
  const auto n_top =
      static_cast<std::size_t>(std::floor(options.top_perc * static_cast<double>(n) / 100.0));
  if (n_top == 0) {
    throw InputError(std::string(what) + ": " + std::to_string(options.top_perc) + "% of " +
                     std::to_string(n) + " events is less than one event");
  }

  // Highest prediction first; the index breaks ties so that the order is a total one.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return predictions[a] != predictions[b] ? predictions[a] > predictions[b] : a < b;
  });

  // Cumulative weighted sums down the sorted predictions: the cut at a prediction accepts
  // its whole group of equal predictions, so every member of a group shares one AMS.
  std::vector<double> event_ams(n);
  const auto scan = [&](double min_pred) {
    std::fill(event_ams.begin(), event_ams.end(), -1.0);
    bool any = false;
    double s = 0.0;
    double b = 0.0;
    for (std::size_t k = 0; k < n;) {
      const float p = predictions[order[k]];
      if (!(static_cast<double>(p) >= min_pred)) break; // the rest stay at -1
      std::size_t end = k;
      for (; end < n && predictions[order[end]] == p; ++end) {
        const std::size_t i = order[end];
        (labels[i] == 1 ? s : b) += weights[i];
      }
      const double value = ams(options.weight_factor * s, options.weight_factor * b, options.br);
      any = any || value != -1.0;
      for (; k < end; ++k)
        event_ams[order[k]] = value;
    }
    return any;
  };
  // No cut at or above min_pred has an AMS (a small or hard sample: no prediction gets
  // there, or no background does): the cut would be a mean of arbitrary predictions, so
  // every event's cut is scanned instead.
  const bool fallback = !scan(options.min_pred) && scan(-std::numeric_limits<double>::infinity());

  // Rank by AMS, descending; `order` already lists equal AMS values by prediction, so a
  // stable sort keeps the documented tie order. Only the first n_top are needed.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t c) { return event_ams[a] > event_ams[c]; });

  CutChoice choice;
  choice.n_top = n_top;
  choice.min_pred_fallback = fallback;
  choice.max_ams = event_ams[order.front()];
  choice.max_ams_cut = static_cast<double>(predictions[order.front()]);
  double sum = 0.0;
  for (std::size_t k = 0; k < n_top; ++k)
    sum += static_cast<double>(predictions[order[k]]);
  choice.cut = sum / static_cast<double>(n_top);
  choice.ams =
      ams_at_cut(predictions, weights, labels, choice.cut, options.weight_factor, options.br);
  return choice;
}

} // namespace sieve::metrics
