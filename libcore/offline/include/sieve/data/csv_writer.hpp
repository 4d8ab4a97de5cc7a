#pragma once
// Writing event tables as CSV: the HiggsML layouts (CERN Open Data release, Kaggle
// training.csv and test.csv) and generic column sets; gzip when the path ends in .gz.
// The file is written under a temporary name in the same directory and renamed at
// commit, so a crash never leaves half a file. Missing values (NaN) are written as the
// published -999.0; numbers in the shortest form that reads back to the same float or
// double (std::to_chars), with ".0" after integral values and PRI_jet_num as an integer
// as in the published files. So read_table(write_table(t)) == t, and a table read from a
// published file is written back byte for byte (with LF line endings).
#include "sieve/data/table.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::data {

// The columns of a written file, always in this order: EventId (or the identifier named
// by event_id_name), the features, Weight, Label, KaggleSet, KaggleWeight (each of the
// five present or not).
struct CsvColumns {
  bool event_id = false;
  std::vector<std::string> features;
  bool weight = false, label = false, kaggle_set = false, kaggle_weight = false;
  // Header name of the identifier column (Table::event_id), e.g. "row" for row numbers.
  std::string event_id_name = "EventId";

  // A published layout with its 30 features; throws ConfigError for Layout::Generic.
  static CsvColumns of_layout(Layout layout);
  // The columns of a HiggsML layout for tables of that layout (feature names taken from
  // the table); for Layout::Generic, the table's feature columns and its non-empty members.
  static CsvColumns of_table(const Table& table);
  std::vector<std::string> header() const;
};

struct WriteOptions {
  // zlib level for .gz output: 1 (fastest) to 9 (smallest).
  int gzip_level = 6;
};

class CsvWriter {
public:
  // Creates the temporary file and writes the header. Throws ConfigError.
  CsvWriter(const std::string& path, CsvColumns columns, WriteOptions options = {});
  // Without commit(), removes the temporary file and leaves `path` as it was.
  ~CsvWriter();
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Appends the table's rows. The table must have the writer's feature names and every
  // column of the writer with rows() values; labels are 0/1, KaggleSet one of t/b/v/u,
  // weights and non-missing features finite. Throws ConfigError naming the row.
  void write(const Table& rows);
  // Appends one data line as it is (without its line ending), counted as a row: for
  // copying lines that a writer of the same columns wrote (e.g. merging score shards)
  // without formatting the numbers again. The output is byte-identical to writing the
  // rows the lines came from. The caller vouches for the line's content.
  void write_line(std::string_view line);
  // Finishes the file and renames it to `path`; nothing may be written afterwards.
  void commit();
  std::size_t rows_written() const;
  const std::string& path() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes a whole table with the columns CsvColumns::of_table(table).
void write_table(const std::string& path, const Table& table, const WriteOptions& options = {});

} // namespace sieve::data
