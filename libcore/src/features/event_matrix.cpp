#include "sieve/features/event_matrix.hpp"

#include "sieve/error.hpp"

#include <array>

namespace sieve::features {

EventMatrix to_event_matrix(const data::Table& table) {
  std::array<std::span<const float>, data::kHiggsColumnCount> columns;
  for (int c = 0; c < data::kHiggsColumnCount; ++c)
    columns[c] = table.column(data::kHiggsColumnNames[c]);
  EventMatrix out;
  const std::size_t n = table.rows();
  out.values.resize(n * kContinuous);
  out.codes.resize(n);
  std::array<float, data::kHiggsColumnCount> raw;
  for (std::size_t i = 0; i < n; ++i) {
    for (int c = 0; c < data::kHiggsColumnCount; ++c) raw[c] = columns[c][i];
    try {
      out.codes[i] = static_cast<std::uint8_t>(to_model_features(
          raw, std::span<float, kContinuous>(out.values.data() + i * kContinuous, kContinuous)));
    } catch (const InputError& e) {
      throw InputError(table.source + " line " + std::to_string(table.line[i]) + ": " + e.what());
    }
  }
  return out;
}

} // namespace sieve::features
