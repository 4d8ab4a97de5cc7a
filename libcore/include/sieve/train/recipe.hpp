#pragma once
// The whole recipe: prepare the data, train the members concurrently on TBB tasks,
// weight the ensemble by 1 / best validation loss, choose the cut on the held-out
// validation part with TTA, and assemble a self-contained model.
#include "sieve/data/table.hpp"
#include "sieve/ensemble/model.hpp"
#include "sieve/metrics/cut.hpp"
#include "sieve/train/member_trainer.hpp"
#include "sieve/train/recipe_config.hpp"

#include <vector>

namespace sieve::train {

struct RecipeResult {
  ensemble::Model model;
  std::vector<MemberResult> members;
  std::vector<float> validation_scores;  // per event of the validation part, with TTA
  metrics::CutChoice cut;
  double seconds = 0.0;                  // wall time of member training
  // Arithmetic of member training: the GEMMs of every step (forward + backward, about
  // three forward passes) and of the validation pass after every sub-epoch.
  double flops = 0.0;
  std::size_t training_events = 0;       // KaggleSet t rows used
};

// Trains on the table's KaggleSet t rows (all rows when it has no KaggleSet column).
// `threads` = 0 uses every core. The model does not depend on `threads`.
RecipeResult train_recipe(const data::Table& table, const RecipeConfig& config, int threads,
                          const ProgressFn& progress = {});

// CRC-32 of the events' raw feature values, labels and weights (the data checksum of the
// provenance).
std::uint32_t data_checksum(const data::Table& table);

} // namespace sieve::train
