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
  features::EventMatrix events;
  features::FeaturePipeline pipeline;
  std::vector<float> targets;          // 1 signal, 0 background, per event
  std::vector<double> raw_weights;     // the file's analysis weight, per event
  std::vector<float> weights;          // training part: each class sums to 1; else 0
  std::vector<std::int8_t> labels;
  Split split;                         // 80/20
  std::vector<std::vector<std::uint32_t>> folds;  // of split.train
};

// Prepares the shared data from a labelled table: split, pipeline fit on the training
// part only, class-normalised training weights, stratified folds. The split and folds are
// stratified by (label, PRI_jet_num).
TrainingData prepare_training_data(const data::Table& table, const RecipeConfig& config);

} // namespace sieve::train
