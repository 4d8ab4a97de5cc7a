#pragma once
// Every option of the training recipe, with the published final model's values as
// defaults (method spec sections 1-5).
#include "sieve/features/pipeline.hpp"
#include "sieve/nn/network_config.hpp"
#include "sieve/train/schedule.hpp"

#include <cstdint>
#include <string>

namespace sieve::train {

struct RecipeConfig {
  std::uint64_t seed = 1337;
  int members = 10;
  int folds = 10;  // member m validates on fold m % folds and trains on the others
  int epochs = 15; // passes over the training folds: epochs x (folds - 1) sub-epochs
  int batch_size = 256;
  double validation_fraction = 0.2;  // held out for the cut choice only
  nn::NetworkConfig network;
  ScheduleConfig schedule;
  bool augment = true;  // train-time phi rotation and y/z reflections, every sub-epoch
  features::AugmentSpace augment_space = features::AugmentSpace::Raw;
  bool tta = true;      // 8 test-time copies
  // Stochastic weight averaging from this sub-epoch on (-1: off). With SWA the member is
  // the running average of the weights at the end of each sub-epoch, not the best state.
  int swa_start_sub_epoch = -1;
  // Snapshot ensembles (Huang et al. 2017, with the cosine-restarts schedule) and fast
  // geometric ensembles (Garipov et al. 2018, with the fge schedule), as LUMIN builds them:
  // each member's run keeps its states at the last `snapshots` cycle minima of the schedule
  // (schedule.hpp, cycle_minima), and every state is a member of the ensemble, weighted by
  // 1 / its validation loss. 0: off (a member is its best state).
  int snapshots = 0;
  double cut_top_percent = 10.0, cut_min_prediction = 0.9;

  int sub_epochs() const { return epochs * (folds - 1); }
  // Throws ConfigError naming the offending option.
  void validate() const;
  // "key = value" lines: recorded in the model's provenance.
  std::string describe() const;
  bool operator==(const RecipeConfig&) const = default;

  // The paper's ReLU 4x100 baseline (experiment 0 as an ensemble): no embedding, not
  // dense, constant LR 2e-3, no augmentation.
  static RecipeConfig relu_baseline();
};

} // namespace sieve::train
