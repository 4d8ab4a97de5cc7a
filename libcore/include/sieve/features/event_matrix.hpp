#pragma once
// Events in the model's physical feature space, row-major (one event = 30 contiguous
// floats, so augmenting an event touches one cache line pair), plus the jet-count codes.
#include "sieve/data/table.hpp"
#include "sieve/features/feature_set.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sieve::features {

struct EventMatrix {
  std::vector<float> values;          // rows() x kContinuous, row-major, NaN = missing
  std::vector<std::uint8_t> codes;    // PRI_jet_num code per event

  std::size_t rows() const { return codes.size(); }
  std::span<const float, kContinuous> row(std::size_t i) const {
    return std::span<const float, kContinuous>(values.data() + i * kContinuous, kContinuous);
  }
};

// Converts a table holding the 30 HiggsML columns (looked up by name) to model features.
// A bad PRI_jet_num is reported with the table's file and line.
EventMatrix to_event_matrix(const data::Table& table);

} // namespace sieve::features
