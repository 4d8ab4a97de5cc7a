#pragma once
// Reading event tables from CSV, as a dataset schema describes them (or the HiggsML preset,
// for a file with a HiggsML header), or the columns a caller names. Plain or gzip, LF or
// CRLF line endings.
//
// Reading is strict: every malformed header or cell throws sieve::ConfigError naming the
// file, line, column (1-based number and name) and the offending text, e.g.
//   data.csv.gz line 17, column 5 (DER_pt_h): expected a number, found 'abc'
// The schema's sentinels become quiet NaN in the feature columns; a categorical column
// whose codes the schema declares (with no fallback) holds one of them; the label is the
// schema's signal or background value, the set one of its set values; weights are finite.
// Cells are parsed with std::from_chars: no spaces, quotes or leading '+'. A header-only
// file gives zero rows; a file without a header is an error.
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
