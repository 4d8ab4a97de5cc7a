#include "sieve/train/training_data.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/recomputation.hpp"
#include "sieve/random.hpp"

#include <numeric>

namespace sieve::train {

TrainingData prepare_training_data(const data::Table& table, const RecipeConfig& c) {
  c.validate();
  const data::Schema& schema = data::schema_of(table);
  if (table.label.empty())
    throw ConfigError(table.source + " has no label column" +
                      (schema.label_column.empty() ? std::string(" (the schema names none)")
                                                   : " '" + schema.label_column + "'") +
                      ": training needs labelled events");
  // A recomputation the library does not have, or one whose roles have no columns, is an
  // error now, not when a model trained with it first scores a variation.
  if (!schema.recomputation.empty()) physics::Recomputation(schema, schema.columns);
  TrainingData d;
  d.schema = schema;
  const auto& w = table.analysis_weight();
  const std::size_t n = table.rows();
  d.labels = table.label;
  d.raw_weights.assign(w.begin(), w.end());
  d.targets.resize(n);
  for (std::size_t i = 0; i < n; ++i) d.targets[i] = d.labels[i] ? 1.0f : 0.0f;
  // The split is stratified by the codes of the whole table; learned codes, and so the
  // pipeline, come from the training part only.
  d.split = stratified_split(label_category_strata(table), c.validation_fraction, key(c.seed, 0x5b117));
  std::vector<float> values;
  if (schema.categorical) {
    const auto column = table.column(schema.categorical->column);
    values.assign(column.begin(), column.end());
  }
  const features::FeatureLayout layout(schema, schema.columns, features::category_values(schema, values, d.split.train));
  d.events = features::to_event_matrix(table, layout, schema.columns);
  d.pipeline = features::fit_pipeline(schema, layout, d.events, d.split.train, c.network.embedding(), c.augment_space);
  double sum[2] = {0.0, 0.0};
  for (std::uint32_t r : d.split.train) sum[d.labels[r] ? 1 : 0] += d.raw_weights[r];
  if (sum[0] <= 0.0 || sum[1] <= 0.0)
    throw ConfigError(table.source + ": the training part needs signal and background events with positive weight");
  d.weights.assign(n, 0.0f);
  for (std::uint32_t r : d.split.train)
    d.weights[r] = static_cast<float>(d.raw_weights[r] / sum[d.labels[r] ? 1 : 0]);
  std::vector<std::uint32_t> strata(n);
  for (std::size_t i = 0; i < n; ++i)
    strata[i] = static_cast<std::uint32_t>(d.labels[i] * std::max(layout.n_categories(), 1) + d.events.codes[i]);
  d.folds = stratified_folds(d.split.train, strata, c.folds, key(c.seed, 0xf01d));
  if (d.folds.front().size() < static_cast<std::size_t>(c.batch_size))
    throw ConfigError("a fold of " + std::to_string(d.folds.front().size()) +
                      " events is smaller than one batch of " + std::to_string(c.batch_size) +
                      " (for a small file: fewer --folds or a smaller --batch-size)");
  return d;
}

std::vector<std::uint32_t> label_category_strata(const data::Table& table) {
  const data::Schema& schema = data::schema_of(table);
  const std::size_t n = table.rows();
  std::vector<std::uint32_t> strata(n);
  if (!schema.categorical) {
    for (std::size_t i = 0; i < n; ++i) strata[i] = static_cast<std::uint32_t>(table.label[i]);
    return strata;
  }
  const auto values = table.column(schema.categorical->column);
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  const features::FeatureLayout layout(schema, schema.columns, features::category_values(schema, values, all));
  for (std::size_t i = 0; i < n; ++i)
    strata[i] = static_cast<std::uint32_t>(table.label[i] * layout.n_categories() +
                                           std::max(layout.code_of(values[i]), 0));
  return strata;
}

RecipeConfig fitted_config(const RecipeConfig& config, const TrainingData& data) {
  RecipeConfig c = config;
  c.network.n_continuous = data.pipeline.n_inputs();
  c.network.n_categories = data.pipeline.embed_categorical ? data.pipeline.layout.n_categories() : 0;
  // The schema's embedding size, when it gives one, is the dataset's choice over the recipe's.
  if (data.schema.categorical && data.schema.categorical->embedding_dim > 0)
    c.network.embedding_dim = data.schema.categorical->embedding_dim;
  // Without objects there is nothing for the symmetries to move.
  if (data.pipeline.layout.momenta().empty()) c.augment = c.tta = false;
  return c;
}

} // namespace sieve::train
