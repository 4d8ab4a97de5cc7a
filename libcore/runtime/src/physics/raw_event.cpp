#include "sieve/physics/raw_event.hpp"

namespace sieve::physics {

TableColumns::TableColumns(const data::Table& table) {
  for (std::size_t c = 0; c < kRawEventSize; ++c)
    index_[c] = table.column_index(data::kHiggsColumnNames[c]);
}

RawEvent TableColumns::read(const data::Table& table, std::size_t row) const {
  RawEvent event;
  for (std::size_t c = 0; c < kRawEventSize; ++c) event[c] = table.features[index_[c]][row];
  return event;
}

void TableColumns::write(data::Table& table, std::size_t row, ConstEventSpan event) const {
  for (std::size_t c = 0; c < kRawEventSize; ++c) table.features[index_[c]][row] = event[c];
}

} // namespace sieve::physics
