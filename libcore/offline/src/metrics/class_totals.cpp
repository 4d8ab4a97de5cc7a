#include "sieve/metrics/class_totals.hpp"

#include <cmath>
#include <string>

#include "metric_inputs.hpp"

namespace sieve::metrics {

namespace {
void check(std::span<const double> weights, std::span<const std::int8_t> labels) {
  if (weights.size() != labels.size())
    throw InputError("class totals: " + std::to_string(weights.size()) + " weights and " +
                     std::to_string(labels.size()) + " labels; expected equal sizes");
  for (std::size_t i = 0; i < labels.size(); ++i) detail::check_label("class totals", i, labels[i]);
}
} // namespace

ClassTotals class_totals(std::span<const double> weights, std::span<const std::int8_t> labels) {
  check(weights, labels);
  ClassTotals t;
  for (std::size_t i = 0; i < weights.size(); ++i) (labels[i] == 1 ? t.signal : t.background) += weights[i];
  return t;
}

std::vector<double> rescale_to_totals(std::span<const double> weights, std::span<const std::int8_t> labels,
                                      const ClassTotals& target) {
  if (!(std::isfinite(target.signal) && target.signal >= 0.0 && std::isfinite(target.background) &&
        target.background >= 0.0))
    throw InputError("rescaling weights: the target totals must be finite and >= 0, got signal " +
                     std::to_string(target.signal) + " and background " + std::to_string(target.background));
  const ClassTotals now = class_totals(weights, labels);
  auto factor = [](double have, double want, const char* cls) {
    if (want == 0.0) return 0.0;
    if (!(have > 0.0))
      throw InputError(std::string("rescaling weights: the ") + cls + " events weigh " + std::to_string(have) +
                       " in total, so they cannot be scaled to " + std::to_string(want));
    return want / have;
  };
  const double fs = factor(now.signal, target.signal, "signal");
  const double fb = factor(now.background, target.background, "background");
  std::vector<double> out(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) out[i] = weights[i] * (labels[i] == 1 ? fs : fb);
  return out;
}

} // namespace sieve::metrics
