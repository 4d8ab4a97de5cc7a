#include "sieve/score/row_check.hpp"

#include "sieve/error.hpp"

#include <cmath>

namespace sieve::score {

std::string row_problem(const ensemble::Model& model, const InputBinding& binding, std::span<const float> row) {
  if (row.size() != binding.width())
    throw InputError("expected a row of " + std::to_string(binding.width()) + " values, got " +
                     std::to_string(row.size()));
  const auto source = binding.source();
  for (std::size_t c = 0; c < source.size(); ++c)
    if (std::isinf(row[source[c]]))
      return "column " + binding.model_columns()[c] + ": cannot score an infinite value";
  const features::FeatureLayout& layout = model.pipeline.layout;
  for (int k = 0; k < layout.n_categorical(); ++k) {
    const auto c = static_cast<std::size_t>(layout.categorical_column(k));
    const float value = binding.value(c, row[source[c]]);
    if (layout.code_of(k, value) < 0) return layout.code_problem(k, value);
  }
  return {};
}

} // namespace sieve::score
