#include "sieve/features/pipeline.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sieve::features {

void FeaturePipeline::bind(const data::Schema& schema) {
  layout = FeatureLayout(schema, raw_columns, category_values);
  std::vector<std::string> expected = layout.names();
  if (!embed_categorical)
    for (int k = 0; k < layout.n_categorical(); ++k) expected.push_back(layout.categorical_name(k));
  if (expected != inputs)
    throw ConfigError("the model's inputs are not those its schema (" + schema.name + ") defines");
  if (n_inputs() > kMaxInputs)
    throw ConfigError("the schema " + schema.name + " gives " + std::to_string(n_inputs()) + " inputs; at most " +
                      std::to_string(kMaxInputs) + " are supported");
}

void FeaturePipeline::standardise(std::span<const float> physical, std::span<const std::uint8_t> codes,
                                   std::span<float> out) const {
  const int n = n_physical();
  for (int j = 0; j < n; ++j) {
    const float x = physical[static_cast<std::size_t>(j)];
    out[static_cast<std::size_t>(j)] = std::isnan(x) ? 0.0f : (x - mean[static_cast<std::size_t>(j)]) * inv_std[static_cast<std::size_t>(j)];
  }
  // Categorical values as inputs (not embedded): after the physical features.
  for (int j = n; j < n_inputs(); ++j) {
    const auto u = static_cast<std::size_t>(j), k = static_cast<std::size_t>(j - n);
    out[u] = (category_values[k][codes[k]] - mean[u]) * inv_std[u];
  }
}

void FeaturePipeline::network_inputs(std::span<const float> physical, std::span<const std::uint8_t> codes,
                                     const Symmetry* symmetry, std::span<float> out) const {
  if (!symmetry) {
    standardise(physical, codes, out);
  } else if (augment_space == AugmentSpace::Raw) {
    std::array<float, kMaxInputs> moved;
    const std::span<float> m = std::span(moved).first(physical.size());
    std::copy(physical.begin(), physical.end(), m.begin());
    apply(*symmetry, layout.momenta(), m);
    standardise(m, codes, out);
  } else {
    standardise(physical, codes, out);
    apply(*symmetry, layout.momenta(), out.first(physical.size()));
  }
}

EventMatrix to_event_matrix(const data::Table& table, const FeaturePipeline& pipeline) {
  return to_event_matrix(table, pipeline.layout, pipeline.raw_columns);
}

std::vector<std::vector<float>> category_values(const data::Schema& schema, const data::Table& table,
                                                std::span<const std::uint32_t> rows) {
  std::vector<std::vector<float>> all;
  for (const data::CategoricalSpec& c : schema.categoricals) {
    if (!c.learn) {
      all.push_back(c.values);
      continue;
    }
    const std::span<const float> values = table.column(c.column);
    std::vector<float> seen;
    for (std::uint32_t r : rows)
      if (!std::isnan(values[r])) seen.push_back(values[r] == 0.0f ? 0.0f : values[r]);  // -0 is 0
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    if (seen.empty())
      throw ConfigError("schema " + schema.name + ": the categorical column " + c.column +
                        " has no value in the training rows to learn its codes from");
    if (seen.size() > 255)
      throw ConfigError("schema " + schema.name + ": the categorical column " + c.column + " has " +
                        std::to_string(seen.size()) + " distinct values in the training rows (at most 255 codes)");
    all.push_back(std::move(seen));
  }
  return all;
}

FeaturePipeline fit_pipeline(const data::Schema& schema, const FeatureLayout& layout, const EventMatrix& events,
                             std::span<const std::uint32_t> rows, bool embed_categorical, AugmentSpace augment_space) {
  FeaturePipeline p;
  p.raw_columns = schema.columns;
  p.inputs = layout.names();
  p.layout = layout;
  const int n_cat = layout.n_categorical();
  p.embed_categorical = embed_categorical && n_cat > 0;
  // Without embeddings, each categorical value is a standardised input after the others.
  const int code_inputs = p.embed_categorical ? 0 : n_cat;
  for (int k = 0; k < code_inputs; ++k) p.inputs.push_back(layout.categorical_name(k));
  for (int k = 0; k < n_cat; ++k) p.category_values.push_back(layout.category_values(k));
  p.augment_space = augment_space;

  const int width = layout.width();
  const int n = p.n_inputs();
  std::vector<double> sum(n, 0.0), sum2(n, 0.0), count(n, 0.0);
  auto code_value = [&](std::uint32_t r, int k) {
    const auto u = static_cast<std::size_t>(k);
    return p.category_values[u][events.codes_of(r)[u]];
  };
  // Two passes for a stable variance: the means first.
  for (std::uint32_t r : rows) {
    auto row = events.row(r);
    for (int j = 0; j < width; ++j)
      if (!std::isnan(row[j])) { sum[j] += row[j]; count[j] += 1.0; }
    for (int k = 0; k < code_inputs; ++k) { sum[width + k] += code_value(r, k); count[width + k] += 1.0; }
  }
  std::vector<double> mean(n);
  for (int j = 0; j < n; ++j) mean[j] = count[j] > 0 ? sum[j] / count[j] : 0.0;
  for (std::uint32_t r : rows) {
    auto row = events.row(r);
    for (int j = 0; j < width; ++j)
      if (!std::isnan(row[j])) sum2[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
    for (int k = 0; k < code_inputs; ++k) {
      const double d = code_value(r, k) - mean[width + k];
      sum2[width + k] += d * d;
    }
  }
  p.mean.resize(n);
  p.inv_std.resize(n);
  for (int j = 0; j < n; ++j) {
    const double sd = count[j] > 0 ? std::sqrt(sum2[j] / count[j]) : 0.0;
    p.mean[j] = static_cast<float>(mean[j]);
    // A constant column carries no information: scale 1 keeps it finite (at 0).
    p.inv_std[j] = static_cast<float>(sd > 0 ? 1.0 / sd : 1.0);
  }
  return p;
}

} // namespace sieve::features
