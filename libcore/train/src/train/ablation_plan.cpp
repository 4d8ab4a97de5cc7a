#include "sieve/train/ablation_plan.hpp"

#include "sieve/error.hpp"

#include <sstream>
#include <utility>

namespace sieve::train {

namespace {

std::vector<std::pair<std::string, std::string>> options_of(const RecipeConfig& c) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(c.describe());
  for (std::string line; std::getline(in, line);)
    if (const auto eq = line.find(" = "); eq != std::string::npos) out.emplace_back(line.substr(0, eq), line.substr(eq + 3));
  return out;
}

} // namespace

std::vector<std::string> changed_options(const RecipeConfig& a, const RecipeConfig& b) {
  const auto x = options_of(a), y = options_of(b);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (i >= y.size() || x[i] != y[i]) out.push_back(x[i].first);
  return out;
}

std::vector<AblationRow> ablation_plan(const RecipeConfig& final_recipe) {
  const RecipeConfig baseline = RecipeConfig::relu_baseline();
  // The kept rows, built back from the final recipe by taking one technique off at a time.
  RecipeConfig dense = final_recipe;
  RecipeConfig one_cycle = dense;  // without dense connections: the baseline's 4x100 body
  one_cycle.network.dense = false;
  one_cycle.network.depth = baseline.network.depth;
  one_cycle.network.width = baseline.network.width;
  RecipeConfig swish = one_cycle;  // cosine annealing with restarts instead of 1cycle
  swish.schedule.kind = ScheduleKind::CosineRestarts;
  RecipeConfig sgdr = swish;
  sgdr.network.activation = baseline.network.activation;
  RecipeConfig augmentation = sgdr;
  augmentation.schedule.kind = baseline.schedule.kind;
  augmentation.schedule.constant_lr = baseline.schedule.constant_lr;
  RecipeConfig embedding = augmentation;
  embedding.augment = baseline.augment;
  embedding.tta = baseline.tta;
  RecipeConfig ensemble = embedding;
  ensemble.network.n_categories = baseline.network.n_categories;
  ensemble.network.embedding_dim = baseline.network.embedding_dim;
  RecipeConfig single = ensemble;
  single.members = 1;

  std::vector<AblationRow> rows = {
      {"relu-single", "ReLU 4x100 baseline (one network)", -1, true, {}, single},
      {"ensemble", "+ ensemble of " + std::to_string(final_recipe.members), 0, true, {"members"}, ensemble},
      {"embedding", "+ entity embedding", 1, true, {"embedding", "embedding_dim"}, embedding},
      {"augmentation", "+ augmentation (train, and 8 TTA copies)", 2, true, {"augment", "tta"}, augmentation},
      {"sgdr", "+ cosine annealing with warm restarts", 3, true, {"schedule"}, sgdr},
      {"swish", "+ Swish", 4, true, {"activation"}, swish},
      {"onecycle", "1cycle instead of restarts", 5, true, {"schedule"}, one_cycle},
      {"dense", "+ dense connections = final", 6, true, {"width", "depth", "dense"}, dense},
  };
  const int final_row = 7;
  // The techniques tried and dropped, each against the final recipe (the snapshot ensemble
  // against its restarts schedule).
  RecipeConfig selu = dense;
  selu.network.activation = nn::Activation::SELU;
  RecipeConfig restarts = dense;
  restarts.schedule.kind = ScheduleKind::CosineRestarts;
  RecipeConfig swa = dense;
  swa.swa_start_sub_epoch = 2 * dense.sub_epochs() / 3;  // the last third of the run
  RecipeConfig snapshot = restarts;
  snapshot.snapshots = 3;
  RecipeConfig fge = dense;
  fge.schedule.kind = ScheduleKind::FgeCycles;
  fge.snapshots = 3;
  rows.push_back({"selu", "SELU instead of Swish", final_row, false, {"activation"}, selu});
  rows.push_back({"restarts", "restarts instead of 1cycle", final_row, false, {"schedule"}, restarts});
  rows.push_back({"swa", "+ SWA over the last third", final_row, false, {"swa_start_sub_epoch"}, swa});
  rows.push_back({"snapshot", "+ snapshot ensemble (3 per member)", final_row + 2, false, {"snapshots"}, snapshot});
  rows.push_back({"fge", "+ fast geometric ensemble (3 per member)", final_row, false, {"schedule", "snapshots"}, fge});

  for (const AblationRow& row : rows) {
    try {
      row.config.validate();
    } catch (const ConfigError& e) {
      throw ConfigError("ablation row '" + row.name + "' (" + row.label + "): " + e.what());
    }
  }
  return rows;
}

} // namespace sieve::train
