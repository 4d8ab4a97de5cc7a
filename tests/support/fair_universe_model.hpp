#pragma once
// A small model of a dataset other than HiggsML 2014: the FAIR-Universe sample shipped in
// data/fair-universe/ (its own column names, -25 for undefined values, no id column), for
// tests that check that consumers take their names from the model.
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/train/recipe.hpp"

#include <memory>
#include <string>

namespace sieve::test {

inline const std::string kFairUniverseEvents =
    std::string(SIEVE_SOURCE_DIR) + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz";

// Trains one member for one sub-epoch on the sample's 1,000 events (well under a second)
// and writes the model to `path`.
inline void write_fair_universe_model(const std::string& path) {
  data::ReadOptions options;
  options.schema = std::make_shared<const data::Schema>(
      data::load_schema(std::string(SIEVE_SOURCE_DIR) + "/schemas/fair-universe-2024.toml"));
  const data::Table table = data::read_table(kFairUniverseEvents, options);
  train::RecipeConfig recipe;
  recipe.members = 1;
  recipe.folds = 2;
  recipe.epochs = 1;
  recipe.network.width = 8;
  recipe.network.depth = 2;
  io::save_model(train::train_recipe(table, recipe, 1).model, path);
}

} // namespace sieve::test
