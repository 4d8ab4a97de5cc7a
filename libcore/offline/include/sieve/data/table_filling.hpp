#pragma once
// What the chunked readers (CSV, HDF5) share in filling a Table chunk by chunk: which of
// its optional columns a file has, emptying the rows for the next chunk, and taking back
// the cells of a row that failed half-way.
#include "sieve/data/table.hpp"

#include <cstddef>

namespace sieve::data {

struct OptionalColumns {
  bool event_id = false, weight = false, label = false, set = false;
  std::size_t other_weights = 0;
};

// Empties every column and the row numbers of `t` (names and schema stay), and
// reserves `reserve` rows for the features, the row numbers and the columns in `has`.
void clear_rows(Table& t, const OptionalColumns& has, std::size_t reserve);

// Removes the cells appended after the last complete row: a reader appends a row's number
// (Table::line) last, so t.line holds the complete rows.
void drop_partial_row(Table& t);

} // namespace sieve::data
