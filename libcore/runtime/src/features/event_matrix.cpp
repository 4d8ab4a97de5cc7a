#include "sieve/features/event_matrix.hpp"

#include "sieve/error.hpp"

namespace sieve::features {

EventMatrix to_event_matrix(const data::Table& table, const FeatureLayout& layout,
                            const std::vector<std::string>& raw_columns) {
  std::vector<std::span<const float>> columns;
  for (const std::string& name : raw_columns) columns.push_back(table.column(name));
  EventMatrix out;
  const std::size_t n = table.rows();
  out.width = static_cast<std::size_t>(layout.width());
  out.n_codes = static_cast<std::size_t>(layout.n_categorical());
  out.n_rows = n;
  out.values.resize(n * out.width);
  out.codes.resize(n * out.n_codes);
  std::vector<float> raw(columns.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t c = 0; c < columns.size(); ++c) raw[c] = columns[c][i];
    try {
      layout.to_physical(raw, std::span<float>(out.values.data() + i * out.width, out.width),
                         std::span<std::uint8_t>(out.codes.data() + i * out.n_codes, out.n_codes));
    } catch (const InputError& e) {
      throw InputError(table.where(i) + ": " + e.what());
    }
  }
  return out;
}

} // namespace sieve::features
