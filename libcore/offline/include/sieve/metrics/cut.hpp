#pragma once
// The published choice of the cut on the classifier output (LUMIN's
// binary_class_cut_by_ams, method spec section 5.2): rather than the single best cut,
// the mean prediction of the events whose own cut gives the highest AMS, which
// fluctuates less from sample to sample.
#include <cstddef>
#include <cstdint>
#include <span>

namespace sieve::metrics {

struct CutOptions {
  double top_perc = 10.0;     // percentage of all events whose predictions are averaged
  double min_pred = 0.9;      // events below get AMS -1 (their cut is never considered)
  double weight_factor = 1.0; // rescales weights to the full sample: 5 for the 50k validation set
  double br = 10.0;           // AMS regularisation term
};

struct CutChoice {
  double cut = 0.0;         // mean prediction of the top-AMS events
  double ams = -1.0;        // AMS of the cut `cut` ("val_ams_smooth")
  double max_ams = -1.0;    // best AMS of a cut at an event's prediction ("val_ams_max")
  double max_ams_cut = 0.0; // the prediction where max_ams is reached
  std::size_t n_top = 0;    // number of events averaged: int(top_perc * n / 100)
  bool min_pred_fallback = false; // no cut at or above min_pred had an AMS: every event was scanned
};

// Steps: every event with prediction >= min_pred gets the AMS of the cut at its own
// prediction (signal and background sums of weight_factor * weight over predictions >= it),
// every other event AMS -1; the events are ranked by that AMS, descending, and the first
// int(top_perc * n / 100) are averaged. Equal AMS values (chiefly the -1 ones) are ranked
// by prediction, descending, then by index, so the result is deterministic (pandas leaves
// that order unspecified). O(n log n). When no cut at or above min_pred has an AMS (no
// prediction reaches it, or no background event does: LUMIN would then average arbitrary
// predictions), every event's cut is scanned instead and min_pred_fallback says so.
// Throws InputError when sizes differ, a label is neither 0 nor 1, a prediction is NaN,
// top_perc is outside (0, 100], or fewer than one event would be averaged.
CutChoice choose_cut(std::span<const float> predictions, std::span<const double> weights,
                     std::span<const std::int8_t> labels, const CutOptions& options = {});

} // namespace sieve::metrics
