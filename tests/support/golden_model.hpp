#pragma once
// Test helpers: the shipped golden model (a format-1 HiggsML model, tests/data) loaded
// once, and the first real events as rows in the file's column order.
#include "small_recipe.hpp"
#include "sieve/ensemble/model.hpp"
#include "sieve/io/model_file.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sieve::test {

inline std::shared_ptr<const ensemble::Model> golden() {
  static const auto model = io::load_model(std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model");
  return model;
}

// The first n real events: their column names, values row by row and EventIds.
struct Rows {
  std::vector<std::string> columns;
  std::vector<float> values;
  std::vector<std::int64_t> ids;
};

inline Rows first_events(std::size_t n) {
  const auto& t = real_events();
  Rows r;
  r.columns = t.feature_names;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& col : t.features) r.values.push_back(col[i]);
    r.ids.push_back(t.event_id[i]);
  }
  return r;
}

} // namespace sieve::test
