#pragma once
// k-fold cross-validation of the whole recipe on a labelled sample: the measurement of how
// well a recipe configuration separates signal from background, with its spread over
// seeds. For each seed the events are dealt into k outer folds stratified by (label,
// category code); for each outer fold the recipe (train_recipe, with the seed as recipe seed)
// is trained on the other folds and the held-out fold is scored with TTA (as the recipe
// says). Per fold: the weighted ROC AUC, and the AMS at the trained model's cut with the
// held-out weights rescaled per class to given totals (by default the schema's [dataset]
// totals, the Kaggle training set's for HiggsML, else the file's own), so that a fold
// estimates the AMS of the whole sample.
// The rows of the schema's training set are used (all rows when the file has no set column).
#include "sieve/data/table.hpp"
#include "sieve/metrics/class_totals.hpp"
#include "sieve/train/recipe_config.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sieve::train {

struct CrossValidationOptions {
  int folds = 5;
  std::vector<std::uint64_t> seeds = {1337, 2222, 3333};
  std::optional<metrics::ClassTotals> totals;  // none: cross_validation_totals()
  int threads = 0;  // 0: every core; the numbers do not depend on it
};

struct CrossValidationFold {
  std::uint64_t seed = 0;
  int fold = 0;
  std::size_t train_events = 0, test_events = 0;
  double auc = 0.0;
  double ams = 0.0;            // at the model's cut, held-out weights rescaled to the totals
  double cut = 0.0;
  double train_seconds = 0.0;  // member training (train_recipe's clock)
  double score_seconds = 0.0;  // scoring the held-out events (TTA as the recipe says), every thread
  double seconds = 0.0;        // the whole fold: preparation, training, cut, scoring
};

struct CrossValidationSeed {
  std::uint64_t seed = 0;
  std::vector<CrossValidationFold> folds;
  double mean_auc = 0.0, mean_ams = 0.0;  // over folds
  double train_seconds = 0.0, seconds = 0.0;
  std::vector<float> scores;      // out-of-fold score of every event (of the used rows)
  std::vector<int> fold_of_event; // the outer fold each event was held out in
};

struct MeanAndSpread {
  double mean = 0.0;
  double std = 0.0;  // sample standard deviation (n - 1); NaN for a single value
};

struct CrossValidationResult {
  std::string source;
  std::size_t events = 0;  // rows used
  int folds = 0;
  std::string recipe;      // RecipeConfig::describe() of the base configuration
  metrics::ClassTotals totals;  // the held-out weights were rescaled to these
  std::vector<CrossValidationSeed> seeds;
  MeanAndSpread auc, ams;  // of the per-seed means
  double train_seconds = 0.0, seconds = 0.0;
};

// The outer folds of `rows` for one seed: each (label, jet code) stratum shuffled with the
// seed and dealt round-robin; every row in exactly one fold, folds ascending. `strata`
// holds one entry per table row.
std::vector<std::vector<std::uint32_t>> outer_folds(std::span<const std::uint32_t> strata, int folds,
                                                    std::uint64_t seed);

MeanAndSpread mean_and_spread(std::span<const double> values);

// The totals held-out weights are rescaled to: `given` when set, else the table's schema's
// [dataset] totals when it declares them, else the per-class weight sums of `rows` (the
// rows the recipe trains on, recipe_rows).
metrics::ClassTotals cross_validation_totals(const data::Table& rows, const std::optional<metrics::ClassTotals>& given);

// Called after every fold (from the calling thread).
using CrossValidationProgress = std::function<void(const CrossValidationFold&)>;

// Throws ConfigError for an unlabelled table, fewer than 2 folds, no seeds, or a training
// part too small for the recipe.
CrossValidationResult cross_validate(const data::Table& table, const RecipeConfig& config,
                                     const CrossValidationOptions& options,
                                     const CrossValidationProgress& progress = {});

// One JSON object: source, events, folds, totals, per seed its folds and means, the
// summary over seeds and the times.
std::string to_json(const CrossValidationResult& result);

} // namespace sieve::train
