#pragma once
// One raw HiggsML event: the 30 features of the published files in their published order
// (sieve::data::HiggsColumn indexes it). Undefined values (-999 in the files) are quiet NaN,
// as sieve::data::Table stores them; PRI_jet_num is a float 0..3.
//
// Plain fixed-size arrays only: the physics layer runs per event, millions of times per
// second, and never allocates.
#include "sieve/data/higgs_columns.hpp"
#include "sieve/data/table.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <span>

namespace sieve::physics {

inline constexpr std::size_t kRawEventSize = data::kHiggsColumnCount;
// The 13 DER_ columns come first in the published order.
inline constexpr std::size_t kDerivedCount = data::PRI_tau_pt;

using RawEvent = std::array<float, kRawEventSize>;
using EventSpan = std::span<float, kRawEventSize>;
using ConstEventSpan = std::span<const float, kRawEventSize>;

// PRI_jet_num as an integer: 0..3 for the published values, 0 when it is undefined.
inline int jet_count(ConstEventSpan event) {
  const float n = event[data::PRI_jet_num];
  if (!(n >= 1.0f)) return 0;  // also NaN
  return n >= 3.0f ? 3 : static_cast<int>(n);
}

// Reads and writes the 30 HiggsML columns of a Table, whatever order the table holds
// them in (bound once by name, then indexed).
class TableColumns {
public:
  // Throws ConfigError naming the first HiggsML column the table lacks.
  explicit TableColumns(const data::Table& table);
  RawEvent read(const data::Table& table, std::size_t row) const;
  void write(data::Table& table, std::size_t row, ConstEventSpan event) const;

private:
  std::array<std::size_t, kRawEventSize> index_{};
};

} // namespace sieve::physics
