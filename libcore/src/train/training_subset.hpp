#pragma once
// Internal: the rows the recipe trains on, as train_recipe takes them: the KaggleSet t
// rows of a release-layout file, or the whole table when it has no other set.
#include "sieve/data/table.hpp"
#include "sieve/error.hpp"

#include <algorithm>

namespace sieve::train::detail {

// Returns `all` itself when every row trains, else the t rows copied into `storage`.
inline const data::Table& training_subset(const data::Table& all, data::Table& storage) {
  const bool every_row_trains = all.kaggle_set.empty() ||
      std::all_of(all.kaggle_set.begin(), all.kaggle_set.end(), [](char s) { return s == 't'; });
  if (every_row_trains) return all;
  storage = data::select_rows(all, data::rows_of_set(all, 't'));
  if (storage.rows() == 0) throw ConfigError(all.source + " has no training events (KaggleSet t)");
  return storage;
}

} // namespace sieve::train::detail
