#include "sieve/train/training_data.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/recomputation.hpp"
#include "sieve/random.hpp"

#include <algorithm>
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
  const features::FeatureLayout layout(schema, schema.columns, features::category_values(schema, table, d.split.train));
  d.events = features::to_event_matrix(table, layout, schema.columns);
  // The recipe's embedding switch and the schema's embed keys: the network embeds every
  // categorical column or none.
  const auto embedded = [](const data::CategoricalSpec& spec) { return spec.embed; };
  const bool embed_all = std::all_of(schema.categoricals.begin(), schema.categoricals.end(), embedded);
  if (!embed_all && std::any_of(schema.categoricals.begin(), schema.categoricals.end(), embedded))
    throw ConfigError(schema.source + " (categorical): embed = false for some categorical columns and not for others; "
                      "the network embeds all of them or none");
  d.pipeline = features::fit_pipeline(schema, layout, d.events, d.split.train, c.network.embedding() && embed_all,
                                      c.augment_space);
  double sum[2] = {0.0, 0.0};
  for (std::uint32_t r : d.split.train) sum[d.labels[r] ? 1 : 0] += d.raw_weights[r];
  if (sum[0] <= 0.0 || sum[1] <= 0.0)
    throw ConfigError(table.source + ": the training part needs signal and background events with positive weight");
  d.weights.assign(n, 0.0f);
  for (std::uint32_t r : d.split.train)
    d.weights[r] = static_cast<float>(d.raw_weights[r] / sum[d.labels[r] ? 1 : 0]);
  // Folds are stratified by the label and the first categorical column's code.
  std::vector<std::uint32_t> strata(n);
  const bool categorical = layout.n_categorical() > 0;
  for (std::size_t i = 0; i < n; ++i)
    strata[i] = categorical ? static_cast<std::uint32_t>(d.labels[i] * layout.n_categories(0) + d.events.codes_of(i)[0])
                            : static_cast<std::uint32_t>(d.labels[i]);
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
  if (schema.categoricals.empty()) {
    for (std::size_t i = 0; i < n; ++i) strata[i] = static_cast<std::uint32_t>(table.label[i]);
    return strata;
  }
  // The first categorical column's codes (stratifying by every combination of several
  // columns' codes would leave strata of a few events).
  const auto values = table.column(schema.categoricals.front().column);
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  const features::FeatureLayout layout(schema, schema.columns, features::category_values(schema, table, all));
  for (std::size_t i = 0; i < n; ++i)
    strata[i] = static_cast<std::uint32_t>(table.label[i] * layout.n_categories(0) +
                                           std::max(layout.code_of(0, values[i]), 0));
  return strata;
}

RecipeConfig fitted_config(const RecipeConfig& config, const TrainingData& data) {
  RecipeConfig c = config;
  c.network.n_continuous = data.pipeline.n_inputs();
  // One embedding table per categorical column. The schema's embedding size, when it
  // gives one, is the dataset's choice over the recipe's.
  const features::FeatureLayout& layout = data.pipeline.layout;
  const int tables = data.pipeline.embed_categorical ? layout.n_categorical() : 0;
  auto dim = [&](int k) {
    const int schema_dim = data.schema.categoricals[static_cast<std::size_t>(k)].embedding_dim;
    return schema_dim > 0 ? schema_dim : config.network.embedding_dim;
  };
  c.network.n_categories = tables > 0 ? layout.n_categories(0) : 0;
  if (!data.schema.categoricals.empty()) c.network.embedding_dim = dim(0);
  c.network.extra_embeddings.clear();
  for (int k = 1; k < tables; ++k) c.network.extra_embeddings.push_back({layout.n_categories(k), dim(k)});
  // Without objects there is nothing for the symmetries to move.
  if (data.pipeline.layout.momenta().empty()) c.augment = c.tta = false;
  return c;
}

} // namespace sieve::train
