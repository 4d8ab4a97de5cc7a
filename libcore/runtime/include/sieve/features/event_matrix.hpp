#pragma once
// Events in the model's physical feature space, row-major (one event = width contiguous
// floats, so augmenting an event touches one or two cache lines), plus the categorical
// codes, row-major too (one code per categorical column).
#include "sieve/data/table.hpp"
#include "sieve/features/feature_layout.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sieve::features {

struct EventMatrix {
  std::size_t width = 0;              // physical features per event
  std::size_t n_codes = 0;            // categorical columns (codes per event)
  std::size_t n_rows = 0;
  std::vector<float> values;          // rows() x width, row-major, NaN = missing
  std::vector<std::uint8_t> codes;    // rows() x n_codes, row-major

  std::size_t rows() const { return n_rows; }
  std::span<const float> row(std::size_t i) const { return {values.data() + i * width, width}; }
  std::span<const std::uint8_t> codes_of(std::size_t i) const { return {codes.data() + i * n_codes, n_codes}; }
};

// Converts a table holding the model's raw columns (looked up by name) to physical
// features. A categorical value without a code is reported with the table's file and line.
EventMatrix to_event_matrix(const data::Table& table, const FeatureLayout& layout,
                            const std::vector<std::string>& raw_columns);

} // namespace sieve::features
