#pragma once
// Writing event tables as CSV, with the column names and values of their dataset schema;
// gzip when the path ends in .gz. The file is written under a temporary name in the same
// directory and renamed at commit, so a crash never leaves half a file. Missing values
// (NaN) are written as the column's first sentinel (the HiggsML files' -999.0); numbers in
// the shortest form that reads back to the same float or double (std::to_chars), with
// ".0" after integral values (as Python writes floats) and the categorical column's codes
// as integers. So read_table(write_table(t)) == t, and a table read from a HiggsML file
// is written back byte for byte (with LF line endings).
#include "sieve/data/table_writer.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::data {

// The TableWriter for CSV (CsvColumns and WriteOptions are in sieve/data/table_writer.hpp).
class CsvWriter final : public TableWriter {
public:
  // Creates the temporary file and writes the header. Throws ConfigError.
  CsvWriter(const std::string& path, CsvColumns columns, WriteOptions options = {});
  // Without commit(), removes the temporary file and leaves `path` as it was.
  ~CsvWriter() override;
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Appends the table's rows. The table must have the writer's feature names and every
  // column of the writer with rows() values; labels are 0/1, set codes the schema's sets,
  // weights and non-missing features finite. Throws ConfigError naming the row.
  void write(const Table& rows) override;
  // Appends one data line as it is (without its line ending), counted as a row: for
  // copying lines that a writer of the same columns wrote (e.g. merging score shards)
  // without formatting the numbers again. The output is byte-identical to writing the
  // rows the lines came from. The caller vouches for the line's content.
  void write_line(std::string_view line);
  // Finishes the file and renames it to `path`; nothing may be written afterwards.
  void commit() override;
  std::size_t rows_written() const override;
  const std::string& path() const override;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes a whole table with the columns CsvColumns::of_table(table).
void write_table(const std::string& path, const Table& table, const WriteOptions& options = {});

} // namespace sieve::data
