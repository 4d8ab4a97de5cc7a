#pragma once
// Reading event tables from CSV: the three published HiggsML layouts (CERN Open Data
// release, Kaggle training.csv, Kaggle test.csv), detected from the header, and any CSV
// whose header names the columns a caller needs. Plain or gzip, LF or CRLF line endings.
//
// Reading is strict: every malformed header or cell throws sieve::ConfigError naming the
// file, line, column (1-based number and name) and the offending text, e.g.
//   data.csv.gz line 17, column 5 (DER_pt_h): expected a number, found 'abc'
// The published "undefined" value -999.0 becomes quiet NaN in the feature columns;
// PRI_jet_num, when read, must be an integer from 0 to 3; Label is s or b, KaggleSet t,
// b, v or u; weights are finite. Cells are parsed with std::from_chars: no spaces, quotes
// or leading '+'. A header-only file gives zero rows; a file without a header is an error.
#include "sieve/data/table_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sieve::data {

// Streams a CSV file in chunks of rows with bounded memory (the TableReader interface:
// ReadOptions and next_chunk are documented there). After a ConfigError the reader and
// the Table being filled are in an unspecified state.
class CsvReader final : public TableReader {
public:
  // Opens the file and reads and checks its header.
  explicit CsvReader(const std::string& path, ReadOptions options = {});
  ~CsvReader() override;
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The detected HiggsML layout, or Layout::Generic when ReadOptions::columns was given.
  Layout layout() const override;
  const std::string& path() const override;
  // The header's column names in file order.
  const std::vector<std::string>& header() const override;
  const std::vector<std::string>& feature_names() const override;
  bool next_chunk(Table& out, std::size_t max_rows) override;
  std::size_t rows_read() const override;
  std::size_t rows_skipped() const override;
  std::string where(std::int64_t line) const override;
  bool counts_rows() const override { return false; }

private:
  struct Impl;
  friend std::vector<std::string> read_csv_header(const std::string& path);
  std::unique_ptr<Impl> impl_;
};

// The column names of a CSV file's header line (plain or gzip), checked for duplicates
// but not against any layout: to choose ReadOptions::columns for a file of unknown
// layout. Throws ConfigError as CsvReader does.
std::vector<std::string> read_csv_header(const std::string& path);

} // namespace sieve::data
