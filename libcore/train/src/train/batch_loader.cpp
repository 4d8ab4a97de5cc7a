#include "sieve/train/batch_loader.hpp"

#include "sieve/features/symmetry.hpp"
#include "sieve/random.hpp"

#include <algorithm>
#include <array>
#include <gsl/assert>

namespace sieve::train {

void load_batch(nn::Workspace& ws, const TrainingData& data, std::span<const std::uint32_t> rows,
                std::optional<std::uint64_t> augment_key) {
  const auto& p = data.pipeline;
  const int n = static_cast<int>(rows.size());
  const int m = p.n_inputs();
  Expects(m == ws.config().n_continuous && m <= 64);
  ws.begin(n);
  // The batch's events are scattered over the training set (tens of MB): ask for all their
  // cache lines first, so that the misses overlap instead of stalling one event at a time
  // (they were most of this function's time).
  for (const std::uint32_t r : rows) {
    const auto row = data.events.row(r);
    const auto* bytes = reinterpret_cast<const char*>(row.data());
    for (std::size_t at = 0; at < row.size_bytes(); at += 64) __builtin_prefetch(bytes + at);
    __builtin_prefetch(bytes + row.size_bytes() - 1);
  }
  // The network reads a code per embedding table: every categorical column's, or none.
  const auto tables = static_cast<std::size_t>(ws.config().n_embeddings());
  Expects(tables == 0 || tables == data.events.n_codes);
  std::array<float, 64> standardised;
  for (int i = 0; i < n; ++i) {
    const std::uint32_t r = rows[static_cast<std::size_t>(i)];
    const auto codes = data.events.codes_of(r);
    if (augment_key) {
      const features::Symmetry s = features::random_symmetry(key(*augment_key, r));
      p.network_inputs(data.events.row(r), codes, &s, standardised);
    } else {
      p.network_inputs(data.events.row(r), codes, nullptr, standardised);
    }
    for (int j = 0; j < m; ++j) ws.input_column(j)[i] = standardised[static_cast<std::size_t>(j)];
    std::copy_n(codes.begin(), tables, ws.codes() + static_cast<std::size_t>(i) * tables);
  }
}

} // namespace sieve::train
