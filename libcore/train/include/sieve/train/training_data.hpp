#pragma once
// Everything the members of one recipe share, prepared once: events in physical feature
// space, the fitted pipeline, targets, class-normalised weights and the folds.
#include "sieve/features/event_matrix.hpp"
#include "sieve/features/pipeline.hpp"
#include "sieve/train/recipe_config.hpp"
#include "sieve/train/split.hpp"

#include <cstdint>
#include <vector>

namespace sieve::train {

struct TrainingData {
  data::Schema schema;
  features::EventMatrix events;
  features::FeaturePipeline pipeline;
  std::vector<float> targets;          // 1 signal, 0 background, per event
  std::vector<double> raw_weights;     // the file's analysis weight, per event
  std::vector<float> weights;          // training part: each class sums to 1; else 0
  std::vector<std::int8_t> labels;
  Split split;                         // 80/20
  std::vector<std::vector<std::uint32_t>> folds;  // of split.train
};

// Prepares the shared data from a labelled table (read with its schema, data/table.hpp): split, categorical
// codes (learned ones from the training part) and pipeline fitted on the training part
// only, class-normalised training weights, stratified folds. The split and folds are
// stratified by (label, the first categorical column's code).
TrainingData prepare_training_data(const data::Table& table, const RecipeConfig& config);

// Strata of a labelled table's events: label x (number of codes) + code of the first
// categorical column, the codes of the schema's values over the whole table (learned
// ones included).
std::vector<std::uint32_t> label_category_strata(const data::Table& table);

// The recipe with the network's input counts of the data: continuous inputs and one
// embedding table per categorical column (when the recipe embeds them).
RecipeConfig fitted_config(const RecipeConfig& config, const TrainingData& data);

} // namespace sieve::train
