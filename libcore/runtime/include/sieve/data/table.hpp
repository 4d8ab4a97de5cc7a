#pragma once
// Columnar event storage: what the readers produce and everything downstream consumes.
#include "sieve/data/schema.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::data {

// The event roles (id, weights, label, set) are the columns the schema names; a table
// read without a schema holds feature columns only.
struct Table {
  std::string source;                     // file the rows came from (for messages)
  std::shared_ptr<const Schema> schema;   // what it was read with (null: no schema, no roles)
  std::vector<std::string> feature_names; // names of `features`' columns, in order
  // One vector per feature column, each of size rows(). Missing values (the schema's
  // sentinels, or NaN/inf when the caller opted in) are stored as quiet NaN.
  std::vector<std::vector<float>> features;
  std::vector<std::int64_t> event_id;  // the schema's id column; empty when the file has none
  // The analysis weight: the first of the schema's weight columns that the file has.
  std::vector<double> weight;
  // The schema's other weight columns that the file has, in the schema's order (kept so
  // that a file written back has them; nothing is computed from them).
  std::vector<std::vector<double>> other_weights;
  std::vector<std::int8_t> label;  // 1 = the schema's signal value, 0 = its background value
  // The schema's set column as codes: 't' its training set, 'b' its public test set, 'v'
  // its private test set, 'u' its unused events; empty when the file has none.
  std::vector<char> set;
  // The number of each row for messages: its 1-based line in a text (CSV) file, or, when
  // counts_rows (a binary table such as HDF5), its 0-based row r stored as r + 2, so that
  // data row r has the number r + 2 in either kind of file.
  std::vector<std::int64_t> line;
  bool counts_rows = false;
  // The file's columns that the schema gives a role (id, weights, label, set), in file
  // order: what a writer writes back (CsvColumns::of_table). Empty for a table built in
  // code.
  std::vector<std::string> role_columns;

  // "<source> line 17" or, counting rows, "<source> row 15": where row i came from.
  std::string where(std::size_t i) const;

  std::size_t rows() const { return line.size(); }
  // Index of a feature column; throws ConfigError naming the column and the file.
  std::size_t column_index(std::string_view name) const;
  std::span<const float> column(std::string_view name) const;
  // `weight`; throws ConfigError naming the schema's weight columns when it is empty.
  const std::vector<double>& analysis_weight() const;
};

// The schema a table was read with. Throws ConfigError for a table read without one.
const Schema& schema_of(const Table& table);

// A table of the given rows of `table` (in the given order), every column kept.
Table select_rows(const Table& table, std::span<const std::uint32_t> rows);

// The rows of set code `set` ('t' training, 'b' public, 'v' private, 'u' unused); every
// row when the table has no set column.
std::vector<std::uint32_t> rows_of_set(const Table& table, char set);

} // namespace sieve::data
