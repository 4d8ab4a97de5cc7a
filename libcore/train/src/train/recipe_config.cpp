#include "sieve/train/recipe_config.hpp"

#include "sieve/error.hpp"

#include <cmath>
#include <sstream>
#include <utility>

namespace sieve::train {

void RecipeConfig::validate() const {
  auto bad = [](const std::string& what) { throw ConfigError("recipe: " + what); };
  if (members < 1) bad("members must be at least 1, got " + std::to_string(members));
  if (folds < 2) bad("folds must be at least 2, got " + std::to_string(folds));
  if (epochs < 1) bad("epochs must be at least 1, got " + std::to_string(epochs));
  if (batch_size < 1) bad("batch size must be at least 1, got " + std::to_string(batch_size));
  if (!(validation_fraction > 0 && validation_fraction < 1))
    bad("validation fraction must be in (0, 1), got " + std::to_string(validation_fraction));
  if (schedule.kind == ScheduleKind::OneCycle &&
      !(schedule.warmup_fraction >= 0 && schedule.warmup_fraction < 1))
    bad("1cycle warm-up fraction must be in [0, 1), got " + std::to_string(schedule.warmup_fraction));
  if (schedule.kind == ScheduleKind::CosineRestarts && schedule.restart_sub_epochs < 1)
    bad("cosine restarts need a first cycle of at least 1 sub-epoch");
  if (!(cut_top_percent > 0 && cut_top_percent <= 100))
    bad("cut top percent must be in (0, 100], got " + std::to_string(cut_top_percent));
  if (!(cut_min_prediction >= 0 && cut_min_prediction <= 1))
    bad("cut minimum prediction must be in [0, 1], got " + std::to_string(cut_min_prediction));
  // Learning rates: a NaN or infinite rate would only show as a diverged member after a
  // whole sub-epoch (found by fuzzing: fuzz/fuzz_recipe_config.cpp).
  for (const auto& [name, lr] : {std::pair{"lr_low", schedule.lr_low}, std::pair{"lr_high", schedule.lr_high},
                                 std::pair{"constant_lr", schedule.constant_lr}})
    if (!(std::isfinite(lr) && lr > 0)) bad(std::string(name) + " must be a positive number, got " + std::to_string(lr));
  // In 64 bits: epochs x (folds - 1) must not overflow sub_epochs().
  const long long subs = static_cast<long long>(epochs) * (folds - 1);
  if (subs > 1000000) bad("epochs x (folds - 1) must be at most 1000000 sub-epochs, got " + std::to_string(subs));
  // SWA must start within the run, or the members would end without weights.
  if (swa_start_sub_epoch < -1 || swa_start_sub_epoch >= subs)
    bad("swa_start_sub_epoch must be -1 (off) or a sub-epoch from 0 to " + std::to_string(subs - 1) + ", got " +
        std::to_string(swa_start_sub_epoch));
  if (schedule.kind == ScheduleKind::FgeCycles && (schedule.fge_cycle_sub_epochs < 2 || schedule.fge_cycle_sub_epochs % 2))
    bad("fge cycles must be an even number of sub-epochs (at least 2), got " +
        std::to_string(schedule.fge_cycle_sub_epochs));
  if (snapshots < 0) bad("snapshots must be 0 (off) or more, got " + std::to_string(snapshots));
  if (snapshots > 0) {
    if (schedule.kind != ScheduleKind::CosineRestarts && schedule.kind != ScheduleKind::FgeCycles)
      bad("snapshots need a cyclical schedule: cosine-restarts (snapshot ensemble) or fge (fast geometric "
          "ensemble), not " + to_string(schedule.kind));
    if (swa_start_sub_epoch >= 0) bad("snapshots and swa_start_sub_epoch exclude each other: a member is either a set of states or their average");
    const auto minima = cycle_minima(schedule, static_cast<int>(subs));
    if (static_cast<std::size_t>(snapshots) > minima.size())
      bad(std::to_string(snapshots) + " snapshots asked, but the " + to_string(schedule.kind) + " schedule has " +
          std::to_string(minima.size()) + " cycle minima in " + std::to_string(subs) +
          " sub-epochs (more epochs, or shorter cycles: restart_sub_epochs, fge_cycle_sub_epochs)");
  }
  network.validate();
}

std::string RecipeConfig::describe() const {
  std::ostringstream o;
  o.precision(17);
  o << "seed = " << seed << "\nmembers = " << members << "\nfolds = " << folds
    << "\nepochs = " << epochs << "\nbatch_size = " << batch_size
    << "\nvalidation_fraction = " << validation_fraction << "\nwidth = " << network.width
    << "\ndepth = " << network.depth << "\ndense = " << network.dense
    << "\nactivation = " << nn::to_string(network.activation)
    << "\nembedding = " << network.embedding() << "\nembedding_dim = " << network.embedding_dim
    << "\nschedule = " << to_string(schedule.kind) << "\nlr_low = " << schedule.lr_low
    << "\nlr_high = " << schedule.lr_high << "\nwarmup_fraction = " << schedule.warmup_fraction
    << "\ncycle_beta1 = " << schedule.cycle_beta1 << "\nconstant_lr = " << schedule.constant_lr
    << "\nrestart_sub_epochs = " << schedule.restart_sub_epochs
    << "\nfge_cycle_sub_epochs = " << schedule.fge_cycle_sub_epochs << "\naugment = " << augment
    << "\naugment_space = " << (augment_space == features::AugmentSpace::Raw ? "raw" : "standardised")
    << "\ntta = " << tta << "\nswa_start_sub_epoch = " << swa_start_sub_epoch
    << "\nsnapshots = " << snapshots
    << "\ncut_top_percent = " << cut_top_percent << "\ncut_min_prediction = " << cut_min_prediction
    << '\n';
  return o.str();
}

RecipeConfig RecipeConfig::relu_baseline() {
  RecipeConfig c;
  c.network = nn::NetworkConfig{31, 0, 0, 100, 4, false, nn::Activation::ReLU};
  c.schedule.kind = ScheduleKind::Constant;
  c.augment = false;
  c.tta = false;
  return c;
}

} // namespace sieve::train
