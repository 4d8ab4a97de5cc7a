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
#include "sieve/data/table.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sieve::data {

struct ReadOptions {
  // A dataset schema (data/schema.hpp): the file is read as the schema says, whatever its
  // column order. Its id, label, weight and set columns fill the Table members of that
  // meaning (each when the file has it; the label cell must be the schema's signal or
  // background value, the set cell one of its set values); its input columns (or
  // `columns`, when given) are the float feature columns, in the schema's order, their
  // sentinels read as missing (NaN); every other column is skipped. The table keeps the
  // schema (Table::schema).
  std::shared_ptr<const Schema> schema;
  // Empty (the default): the header must be one of the three HiggsML layouts, and every
  // column is read. Otherwise the file is read as a generic CSV: exactly these columns,
  // found by header name in any order. "EventId", "Weight", "KaggleWeight", "Label" and
  // "KaggleSet" fill the Table members of the same meaning; every other name is a float
  // feature column, in the order given here.
  std::vector<std::string> columns;
  // Generic CSV only: skip header columns that are not in `columns` instead of rejecting
  // the file.
  bool allow_extra_columns = false;
  // Read "nan" and "inf" feature cells as missing (NaN) instead of rejecting them.
  bool non_finite_as_missing = false;
  // Longest accepted line in bytes (without its line ending); longer lines are an error.
  std::size_t max_line_bytes = std::size_t{1} << 20;
  // Report-and-skip instead of throwing. Empty (the default): a row that cannot be read
  // throws ConfigError as described above. Set: such a row (a malformed or out-of-range
  // cell, too few or too many values, an empty line) is passed to this callback with its
  // 1-based file line and the very message the reader would have thrown, then skipped;
  // reading goes on with the next line. Skipped rows count toward next_chunk's max_rows
  // (see there). Header errors, over-long lines and I/O or gzip errors still throw. The
  // callback may throw to stop reading (e.g. after too many bad rows).
  std::function<void(std::int64_t line, const std::string& message)> on_bad_row;
};

// Streams a CSV file in chunks of rows with bounded memory. After a ConfigError the
// reader and the Table being filled are in an unspecified state.
class CsvReader {
public:
  // Opens the file and reads and checks its header.
  explicit CsvReader(const std::string& path, ReadOptions options = {});
  ~CsvReader();
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The detected HiggsML layout, or Layout::Generic when ReadOptions::columns was given.
  Layout layout() const;
  const std::string& path() const;
  // The header's column names in file order.
  const std::vector<std::string>& header() const;
  // Names of the feature columns that the Table receives, in order.
  const std::vector<std::string>& feature_names() const;

  // Replaces `out`'s rows by the next rows of the file, at most max_rows of them (> 0),
  // reusing its buffers; sets out.layout, out.source and out.feature_names. Columns the
  // file does not have are left empty. Returns false (with zero rows) at the end.
  // With ReadOptions::on_bad_row set, skipped rows count toward max_rows: a chunk spans
  // at most max_rows data lines, so chunk boundaries fall on the same lines whichever
  // rows are bad. Such a chunk may hold fewer rows than it spans, even none; the return
  // value is still false only at the end of the file.
  bool next_chunk(Table& out, std::size_t max_rows);
  // Rows returned so far.
  std::size_t rows_read() const;
  // Rows skipped so far (passed to ReadOptions::on_bad_row).
  std::size_t rows_skipped() const;

private:
  struct Impl;
  friend std::vector<std::string> read_csv_header(const std::string& path);
  std::unique_ptr<Impl> impl_;
};

// Reads a whole file. A file with a header and no rows gives an empty table.
Table read_table(const std::string& path, const ReadOptions& options = {});

// The column names of a CSV file's header line (plain or gzip), checked for duplicates
// but not against any layout: to choose ReadOptions::columns for a file of unknown
// layout. Throws ConfigError as CsvReader does.
std::vector<std::string> read_csv_header(const std::string& path);

} // namespace sieve::data
