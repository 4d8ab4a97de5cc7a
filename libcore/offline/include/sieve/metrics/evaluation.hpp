#pragma once
// The figures of merit of a scored, labelled sample, per set of the schema's set column
// (Table::set): how many events, the AMS at a given cut, the best AMS over all cuts and the
// weighted ROC AUC. For the CERN Open Data release the analysis weight (KaggleWeight) is already
// normalised per subset, so set 'b' gives the challenge's public AMS and 'v' its
// private AMS exactly as the challenge computed them.
#include "sieve/metrics/ams.hpp"
#include "sieve/metrics/class_totals.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sieve::metrics {

// The subset code used when a sample has no set column: all events together.
inline constexpr char kWholeSample = '*';

struct EvaluationOptions {
  double cut = 0.5;                    // accept events with score >= cut
  std::optional<ClassTotals> rescale;  // scale each set's weights per class to these totals
  double br = 10.0;                    // AMS regularisation term
};

struct SetMetrics {
  char set = kWholeSample;   // 't', 'b', 'v', 'u' or kWholeSample
  std::size_t events = 0, signal_events = 0, background_events = 0;
  ClassTotals weights;       // per-class weight totals used (after any rescaling)
  SelectedSums selected;     // weight accepted by the cut
  double ams_at_cut = -1.0;
  double max_ams = -1.0;     // best AMS over cuts at every distinct score
  double max_ams_cut = 0.0;
  double auc = 0.0;          // weighted ROC AUC; NaN when a class has no positive weight
};

// One entry per subset present, in the order t, b, v, u (or one kWholeSample entry when
// `sets` is empty). `weights` are the analysis weights. With `rescale`, a class that has
// no events in a set keeps a total of 0 there. Throws InputError when the sizes
// differ, a label is neither 0 nor 1, a score is NaN, a set code is unknown, or a
// rescaling has no weight to scale.
std::vector<SetMetrics> evaluate_by_set(std::span<const float> scores, std::span<const double> weights,
                                        std::span<const std::int8_t> labels, std::span<const char> sets,
                                        const EvaluationOptions& options);

// "training (t)", "public test (b)", "private test (v)", "unused (u)", "all events".
std::string set_description(char set);
// "public AMS" for 'b', "private AMS" for 'v', "AMS" otherwise.
std::string ams_label(char set);

} // namespace sieve::metrics
