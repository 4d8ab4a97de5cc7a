#pragma once
// The LR range test (method spec section 3.3, LUMIN's fold_lr_find): for each training
// fold a fresh network makes one pass over that fold with the LR growing exponentially
// from lr_min to lr_max, stopping at a NaN loss or a loss above 100x the best so far; the
// curves are averaged over folds, and a range for the 1cycle schedule is suggested.
//
// The suggestion rule (the paper chose its range by eye; this makes the usual reading
// explicit): smooth the mean curve with a centred moving average of `window` points,
// search its minimum where every fold still contributes, and take
//   suggested maximum LR = (LR at the minimum of the smoothed loss) / 10
//   suggested minimum LR = suggested maximum / 100,
// i.e. one order of magnitude before the loss stops falling, and the recipe's 1cycle
// span of two decades (the published range is [1e-4, 1e-2]).
#include "sieve/data/table.hpp"
#include "sieve/train/recipe_config.hpp"
#include "sieve/train/training_data.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sieve::train {

// One fold's pass: (lr, loss) per optimiser step, in increasing LR.
using LrCurve = std::vector<std::pair<double, double>>;

struct LrFinderOptions {
  double lr_min = 1e-5;
  double lr_max = 10.0;
  int smoothing_window = 5;  // points of the centred moving average
  int threads = 0;           // 0: every core; the result does not depend on it
};

// The fold curves on one LR grid: lr[k] = lr_min (lr_max / lr_min)^(k / steps), k < steps,
// where `steps` is the planned number of steps of the shortest fold. Each fold is
// interpolated linearly in log(LR) onto the grid and contributes up to where it stopped.
struct MeanLrCurve {
  std::vector<double> lr;
  std::vector<double> mean_loss;              // over the folds that reach each point
  std::vector<int> folds;                     // how many folds reach each point
  std::vector<std::vector<double>> per_fold;  // [fold][point], NaN after the fold stopped
};

struct LrSuggestion {
  std::size_t index = 0;       // grid point of the smoothed minimum
  double lr_at_minimum = 0.0;
  double smoothed_minimum = 0.0;
  double lr_max = 0.0;         // lr_at_minimum / 10
  double lr_min = 0.0;         // lr_max / 100
  bool minimum_at_end = false; // the loss still fell at the end of the searched range
};

struct LrFinderResult {
  std::vector<LrCurve> folds;
  MeanLrCurve mean;
  std::vector<double> smoothed;  // moving average of mean.mean_loss
  LrSuggestion suggestion;
  std::size_t steps_per_fold = 0;  // planned steps of the shortest fold
  double seconds = 0.0;
};

// One sentence stating the rule above, for outputs.
std::string lr_rule_description(int window);

// The passes of every fold of `data` (config.folds of them), on TBB tasks.
std::vector<LrCurve> lr_range_test(const TrainingData& data, const RecipeConfig& config, double lr_min,
                                   double lr_max, int threads);

// Averages fold curves onto the grid of `steps` points from lr_min towards lr_max
// (see MeanLrCurve). The grid ends where no fold contributes any more.
MeanLrCurve average_lr_curves(const std::vector<LrCurve>& folds, double lr_min, double lr_max, std::size_t steps);

// Centred moving average of `window` points (odd windows are symmetric; near the ends
// the average is over the points that exist). NaN values are skipped.
std::vector<double> moving_average(std::span<const double> values, int window);

// The rule above on a (mean) curve. Only points with folds[k] == the largest count are
// searched (pass an empty `folds` to search every point). Throws InputError for an empty
// curve or mismatched sizes.
LrSuggestion suggest_lr_range(std::span<const double> lr, std::span<const double> loss, std::span<const int> folds,
                              int window);

// The whole test on a labelled table: the recipe's data preparation (on the rows of the
// schema's training set), the passes, the average and the suggestion.
LrFinderResult find_lr(const data::Table& table, const RecipeConfig& config, const LrFinderOptions& options);

// DIR/lr_find.csv (lr, mean_loss, smoothed_loss, folds, fold_0 ...). Creates DIR; the
// file is written atomically. (`sieve lr-find` also plots it: tools/plot/training_plots.hpp.)
void write_lr_finder(const std::string& dir, const LrFinderResult& result);

} // namespace sieve::train
