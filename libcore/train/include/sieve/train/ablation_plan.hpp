#pragma once
// The technique table of Strong (2020) as recipes (method spec 5.4): from the ReLU 4x100
// baseline, each row adds one technique to the row above, in the paper's order, ending at
// the final recipe; then the techniques the paper tried and dropped, each against the row
// it is compared with. A technique may set several options (dense connections: dense,
// depth and width), but a row differs from its reference by one technique only.
#include "sieve/train/recipe_config.hpp"

#include <string>
#include <vector>

namespace sieve::train {

struct AblationRow {
  std::string name;       // short and file-safe, e.g. "swish"
  std::string label;      // as the table prints it, e.g. "+ Swish"
  int reference = -1;     // the row it adds its technique to (-1: the first row)
  bool kept = true;       // on the way to the final recipe (false: tried and dropped)
  std::vector<std::string> technique;  // the options the technique sets (describe() keys)
  RecipeConfig config;
};

// The rows, built back from `final_recipe` (normally the published recipe, with the run's
// own seed, folds, epochs, batch size and the like): its last kept row is `final_recipe`
// itself and the first the ReLU baseline as one network. Every row's config is validated;
// a ConfigError names the row (e.g. snapshots that the run's sub-epochs cannot hold).
std::vector<AblationRow> ablation_plan(const RecipeConfig& final_recipe);

// The describe() keys whose values differ between two recipes, in describe() order.
std::vector<std::string> changed_options(const RecipeConfig& a, const RecipeConfig& b);

} // namespace sieve::train
