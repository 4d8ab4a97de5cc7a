#include "sieve/score/row_check.hpp"

#include "sieve/data/higgs_columns.hpp"
#include "sieve/data/table.hpp"
#include "sieve/error.hpp"

#include <cmath>
#include <limits>

namespace sieve::score {

std::string row_problem(const InputBinding& binding, std::span<const float> row) {
  if (row.size() != binding.width())
    throw InputError("expected a row of " + std::to_string(binding.width()) + " values, got " +
                     std::to_string(row.size()));
  const auto source = binding.source();
  for (std::size_t c = 0; c < source.size(); ++c)
    if (std::isinf(row[source[c]]))
      return "column " + binding.model_columns()[c] + ": cannot score an infinite value";
  // As features::to_model_features sees it: the published -999 is undefined (NaN).
  float jets = row[source[data::PRI_jet_num]];
  if (jets == data::kUndefined) jets = std::numeric_limits<float>::quiet_NaN();
  if (!(jets >= 0.0f && jets <= 3.0f) || jets != std::floor(jets))
    return "PRI_jet_num must be an integer in 0..3, got " + std::to_string(jets);
  return {};
}

} // namespace sieve::score
