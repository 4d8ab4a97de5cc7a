#include "sieve/train/training_data.hpp"

#include "sieve/error.hpp"
#include "sieve/random.hpp"

namespace sieve::train {

TrainingData prepare_training_data(const data::Table& table, const RecipeConfig& c) {
  c.validate();
  if (table.label.empty())
    throw ConfigError(table.source + " has no Label column: training needs labelled events");
  TrainingData d;
  d.events = features::to_event_matrix(table);
  const auto& w = table.analysis_weight();
  const std::size_t n = d.events.rows();
  d.labels = table.label;
  d.raw_weights.assign(w.begin(), w.end());
  d.targets.resize(n);
  std::vector<std::uint32_t> strata(n);
  for (std::size_t i = 0; i < n; ++i) {
    d.targets[i] = d.labels[i] ? 1.0f : 0.0f;
    strata[i] = static_cast<std::uint32_t>(d.labels[i] * features::kCategories + d.events.codes[i]);
  }
  d.split = stratified_split(strata, c.validation_fraction, key(c.seed, 0x5b117));
  d.pipeline = features::fit_pipeline(d.events, d.split.train, c.network.embedding(), c.augment_space);
  double sum[2] = {0.0, 0.0};
  for (std::uint32_t r : d.split.train) sum[d.labels[r] ? 1 : 0] += d.raw_weights[r];
  if (sum[0] <= 0.0 || sum[1] <= 0.0)
    throw ConfigError(table.source + ": the training part needs signal and background events with positive weight");
  d.weights.assign(n, 0.0f);
  for (std::uint32_t r : d.split.train)
    d.weights[r] = static_cast<float>(d.raw_weights[r] / sum[d.labels[r] ? 1 : 0]);
  d.folds = stratified_folds(d.split.train, strata, c.folds, key(c.seed, 0xf01d));
  if (d.folds.front().size() < static_cast<std::size_t>(c.batch_size))
    throw ConfigError("a fold of " + std::to_string(d.folds.front().size()) +
                      " events is smaller than one batch of " + std::to_string(c.batch_size));
  return d;
}

} // namespace sieve::train
