#pragma once
// The whole recipe: prepare the data, train the members concurrently on TBB tasks,
// weight the ensemble by 1 / best validation loss, choose the cut on the held-out
// validation part with TTA, and assemble a self-contained model.
//
// The steps are also public one by one, so that the members can be trained apart (some
// members per process or per cluster task, sieve/train/partial_training.hpp) and the
// ensemble finished later from their results by the very code train_recipe runs.
#include "sieve/data/table.hpp"
#include "sieve/ensemble/model.hpp"
#include "sieve/metrics/cut.hpp"
#include "sieve/train/checkpoint.hpp"
#include "sieve/train/member_trainer.hpp"
#include "sieve/train/recipe_config.hpp"

#include <span>
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
  std::size_t training_events = 0;       // training-set rows used
  // Resuming from checkpoints: per member, the sub-epochs restored (0: started afresh).
  // Empty when not resuming.
  std::vector<int> resumed_sub_epochs;
};

// Trains on the table's rows of the schema's training set (all rows when it has no set column).
// `threads` = 0 uses every core. The model does not depend on `threads`. With a
// checkpoint directory, every member checkpoints there after every sub-epoch, and with
// `resume` the members go on from the checkpoints found (checkpoint.hpp): the model is
// then the one an uninterrupted run gives. The checkpoints stay: remove them
// (remove_checkpoints) once the model is safely written.
RecipeResult train_recipe(const data::Table& table, const RecipeConfig& config, int threads,
                          const ProgressFn& progress = {}, const CheckpointOptions& checkpoints = {});

// The rows the recipe trains on: `all` itself when every row is of the training set (or it
// has no set column), else its training-set rows copied into `storage`. Throws ConfigError
// when there are none.
const data::Table& recipe_rows(const data::Table& all, data::Table& storage);

// Trains the recipe's members `members` (each in [0, config.members)) concurrently on
// TBB tasks, `threads` = 0 using every core; results in the order of `members`. A
// member's result depends only on the data, the recipe and its index.
std::vector<MemberResult> train_members(const TrainingData& data, const RecipeConfig& config,
                                        std::span<const int> members, int threads,
                                        const ProgressFn& progress = {},
                                        const CheckpointStore* checkpoints = nullptr);

// The arithmetic of training member `member` (see RecipeResult::flops).
double member_flops(const TrainingData& data, const RecipeConfig& config, int member);

// What needs the whole ensemble, from every member's result (members[m] is member m):
// the model (pipeline, network, members), the ensemble weights 1 / loss, the cut on the
// validation part with TTA, the provenance and the self-test rows. `table` is the rows
// trained on (recipe_rows) and `data` prepared from it with `config`. Sets the result's
// model, members, validation_scores and cut; the timing fields are left to the caller.
RecipeResult finish_ensemble(const data::Table& table, const TrainingData& data, const RecipeConfig& config,
                             std::vector<MemberResult> members);

// CRC-32 of the events' raw feature values, labels and weights (the data checksum of the
// provenance).
std::uint32_t data_checksum(const data::Table& table);

} // namespace sieve::train
