#include "sieve/data/table.hpp"

#include "sieve/error.hpp"

#include <algorithm>

namespace sieve::data {

std::size_t Table::column_index(std::string_view name) const {
  auto it = std::find(feature_names.begin(), feature_names.end(), name);
  if (it == feature_names.end())
    throw ConfigError("column '" + std::string(name) + "' is not among the columns read from " +
                      (source.empty() ? std::string("the input") : source));
  return static_cast<std::size_t>(it - feature_names.begin());
}

std::span<const float> Table::column(std::string_view name) const {
  return features[column_index(name)];
}

const std::vector<double>& Table::analysis_weight() const {
  if (!kaggle_weight.empty()) return kaggle_weight;
  if (!weight.empty()) return weight;
  throw ConfigError((source.empty() ? std::string("the input") : source) +
                    " has no KaggleWeight or Weight column, so events cannot be weighted");
}

} // namespace sieve::data
