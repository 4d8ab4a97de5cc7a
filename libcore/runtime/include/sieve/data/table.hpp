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

enum class Layout {
  OpenData,       // EventId, 30 features, Weight, Label, KaggleSet, KaggleWeight
  KaggleTraining, // EventId, 30 features, Weight, Label
  KaggleTest,     // EventId, 30 features
  Generic         // any CSV whose header names the requested columns
};

struct Table {
  Layout layout = Layout::Generic;
  std::string source;                     // file the rows came from (for messages)
  std::shared_ptr<const Schema> schema;   // what it was read with (null: a HiggsML layout)
  std::vector<std::string> feature_names; // names of `features`' columns, in order
  // One vector per feature column, each of size rows(). Missing values (-999.0 in the
  // HiggsML files, or NaN/inf when the caller opted in) are stored as quiet NaN.
  std::vector<std::vector<float>> features;
  std::vector<std::int64_t> event_id;  // empty when the file has no EventId
  std::vector<double> weight;          // the file's Weight column; empty when absent
  std::vector<double> kaggle_weight;   // KaggleWeight (open data only); empty when absent
  std::vector<std::int8_t> label;      // 1 = s, 0 = b; empty when the file has no Label
  std::vector<char> kaggle_set;        // 't', 'b', 'v' or 'u'; empty when absent
  // The number of each row for messages: its 1-based line in a text (CSV) file, or, when
  // counts_rows (a binary table such as HDF5), its 0-based row r stored as r + 2, so that
  // data row r has the number r + 2 in either kind of file.
  std::vector<std::int64_t> line;
  bool counts_rows = false;

  // "<source> line 17" or, counting rows, "<source> row 15": where row i came from.
  std::string where(std::size_t i) const;

  std::size_t rows() const { return line.size(); }
  // Index of a feature column; throws ConfigError naming the column and the file.
  std::size_t column_index(std::string_view name) const;
  std::span<const float> column(std::string_view name) const;
  // The weight the recipe uses: KaggleWeight for the open-data layout (normalised per
  // KaggleSet), Weight for Kaggle training.csv (identical values). Throws when neither.
  const std::vector<double>& analysis_weight() const;
};

// The schema a table was read with: its own, or the HiggsML preset for a table read in one
// of the HiggsML layouts. Throws ConfigError for a generic table read without a schema.
const Schema& schema_of(const Table& table);

// A table of the given rows of `table` (in the given order), every column kept.
Table select_rows(const Table& table, std::span<const std::uint32_t> rows);

// The rows of KaggleSet `set` ('t' training, 'b' public, 'v' private, 'u' unused); every
// row when the table has no KaggleSet column.
std::vector<std::uint32_t> rows_of_set(const Table& table, char set);

} // namespace sieve::data
