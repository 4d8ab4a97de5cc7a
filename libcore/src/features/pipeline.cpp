#include "sieve/features/pipeline.hpp"

#include "sieve/data/higgs_columns.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sieve::features {

void FeaturePipeline::standardise(std::span<const float, kContinuous> physical, int code,
                                  std::span<float> out) const {
  for (int j = 0; j < kContinuous; ++j) {
    const float x = physical[j];
    out[j] = std::isnan(x) ? 0.0f : (x - mean[j]) * inv_std[j];
  }
  if (!embed_categorical)
    out[kContinuous] = (category_values[code] - mean[kContinuous]) * inv_std[kContinuous];
}

void FeaturePipeline::network_inputs(std::span<const float, kContinuous> physical, int code, const Symmetry* symmetry,
                             std::span<float> out) const {
  if (!symmetry) {
    standardise(physical, code, out);
  } else if (augment_space == AugmentSpace::Raw) {
    std::array<float, kContinuous> moved;
    std::copy(physical.begin(), physical.end(), moved.begin());
    apply(*symmetry, moved);
    standardise(moved, code, out);
  } else {
    standardise(physical, code, out);
    apply(*symmetry, out.first<kContinuous>());
  }
}

FeaturePipeline fit_pipeline(const EventMatrix& events, std::span<const std::uint32_t> rows,
                             bool embed_categorical, AugmentSpace augment_space) {
  FeaturePipeline p;
  for (auto name : data::kHiggsColumnNames) p.raw_columns.emplace_back(name);
  for (auto name : kContinuousNames) p.inputs.emplace_back(name);
  p.embed_categorical = embed_categorical;
  if (!embed_categorical) p.inputs.emplace_back(kCategoricalName);
  p.category_values = {0.0f, 1.0f, 2.0f, 3.0f};
  p.augment_space = augment_space;

  const int n = p.n_inputs();
  std::vector<double> sum(n, 0.0), sum2(n, 0.0), count(n, 0.0);
  // Two passes for a stable variance: the means first.
  for (std::uint32_t r : rows) {
    auto row = events.row(r);
    for (int j = 0; j < kContinuous; ++j)
      if (!std::isnan(row[j])) { sum[j] += row[j]; count[j] += 1.0; }
    if (!embed_categorical) { sum[kContinuous] += events.codes[r]; count[kContinuous] += 1.0; }
  }
  std::vector<double> mean(n);
  for (int j = 0; j < n; ++j) mean[j] = count[j] > 0 ? sum[j] / count[j] : 0.0;
  for (std::uint32_t r : rows) {
    auto row = events.row(r);
    for (int j = 0; j < kContinuous; ++j)
      if (!std::isnan(row[j])) sum2[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
    if (!embed_categorical)
      sum2[kContinuous] += (events.codes[r] - mean[kContinuous]) * (events.codes[r] - mean[kContinuous]);
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
