#include "sieve/metrics/evaluation.hpp"

#include "sieve/error.hpp"
#include "sieve/metrics/ams_scan.hpp"
#include "sieve/metrics/roc.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace sieve::metrics {

namespace {

SetMetrics evaluate_subset(char set, std::span<const float> scores, std::span<const double> raw_weights,
                           std::span<const std::int8_t> labels, const EvaluationOptions& options) {
  SetMetrics m;
  m.set = set;
  m.events = scores.size();
  for (std::int8_t l : labels) (l == 1 ? m.signal_events : m.background_events) += 1;
  std::vector<double> weights(raw_weights.begin(), raw_weights.end());
  if (options.rescale) {
    // A class with no events in this set has nothing to scale: its total stays 0.
    ClassTotals target = *options.rescale;
    if (m.signal_events == 0) target.signal = 0.0;
    if (m.background_events == 0) target.background = 0.0;
    weights = rescale_to_totals(raw_weights, labels, target);
  }
  m.weights = class_totals(weights, labels);
  m.selected = selected_sums(scores, weights, labels, options.cut);
  m.ams_at_cut = ams(m.selected.s, m.selected.b, options.br);
  const AmsScan scan = max_ams(scores, weights, labels, 1.0, options.br);
  m.max_ams = scan.max_ams;
  m.max_ams_cut = scan.cut;
  m.auc = m.weights.signal > 0.0 && m.weights.background > 0.0 ? roc_auc(scores, weights, labels)
                                                                 : std::numeric_limits<double>::quiet_NaN();
  return m;
}

} // namespace

std::vector<SetMetrics> evaluate_by_set(std::span<const float> scores, std::span<const double> weights,
                                        std::span<const std::int8_t> labels, std::span<const char> sets,
                                        const EvaluationOptions& options) {
  if (weights.size() != scores.size() || labels.size() != scores.size() ||
      (!sets.empty() && sets.size() != scores.size()))
    throw InputError("evaluation: " + std::to_string(scores.size()) + " scores, " + std::to_string(weights.size()) +
                     " weights, " + std::to_string(labels.size()) + " labels and " + std::to_string(sets.size()) +
                     " set codes; expected equal sizes (no set codes allowed)");
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (std::isnan(scores[i])) throw InputError("evaluation: score of event " + std::to_string(i) + " is NaN");
  if (sets.empty()) return {evaluate_subset(kWholeSample, scores, weights, labels, options)};

  constexpr std::array<char, 4> kOrder = {'t', 'b', 'v', 'u'};
  for (std::size_t i = 0; i < sets.size(); ++i)
    if (std::find(kOrder.begin(), kOrder.end(), sets[i]) == kOrder.end())
      throw InputError("evaluation: set code of event " + std::to_string(i) + " is '" + std::string(1, sets[i]) +
                       "'; expected t, b, v or u");
  std::vector<SetMetrics> out;
  for (char set : kOrder) {
    std::vector<float> s;
    std::vector<double> w;
    std::vector<std::int8_t> l;
    for (std::size_t i = 0; i < sets.size(); ++i) {
      if (sets[i] != set) continue;
      s.push_back(scores[i]);
      w.push_back(weights[i]);
      l.push_back(labels[i]);
    }
    if (!s.empty()) out.push_back(evaluate_subset(set, s, w, l, options));
  }
  return out;
}

std::string set_description(char set) {
  switch (set) {
  case 't': return "training (t)";
  case 'b': return "public test (b)";
  case 'v': return "private test (v)";
  case 'u': return "unused (u)";
  default: return "all events";
  }
}

std::string ams_label(char set) {
  if (set == 'b') return "public AMS";
  if (set == 'v') return "private AMS";
  return "AMS";
}

} // namespace sieve::metrics
