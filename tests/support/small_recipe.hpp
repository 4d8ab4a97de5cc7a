#pragma once
// A small, fast recipe on the real events shipped in data/, for tests that train.
#include "sieve/data/csv_reader.hpp"
#include "sieve/train/recipe_config.hpp"

#include <string>

namespace sieve::test {

inline const std::string kRealEvents =
    std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

inline const data::Table& real_events() {
  static const data::Table table = data::read_table(kRealEvents);
  return table;
}

// 3 members of the recipe's network on 3 folds, 2 epochs: seconds, not minutes.
inline train::RecipeConfig small_recipe() {
  train::RecipeConfig c;
  c.members = 3;
  c.folds = 3;
  c.epochs = 2;
  return c;
}

} // namespace sieve::test
