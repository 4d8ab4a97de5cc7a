#pragma once
// Writing event tables to files, whatever their format: CSV (sieve/data/csv_writer.hpp)
// or HDF5 (sieve/data/hdf5_writer.hpp). A writer writes under a temporary name in the
// target's directory and renames at commit(), so that a crash never leaves half a file;
// open_table_writer() picks the format from the file name.
#include "sieve/data/table.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sieve::data {

// The columns of a written file, in this order: the identifier (when there is one), the
// features, then the other columns with a role.
struct CsvColumns {
  std::string event_id;               // the identifier column's name (Table::event_id); empty: none
  std::vector<std::string> features;
  // The schema's label, set and weight columns (Table::label, set, weight and
  // other_weights: the first of the schema's weight columns here is Table::weight), in the
  // order written.
  std::vector<std::string> roles;
  // What the roles are, what the label's and the set's cells are written as (the schema's
  // values), which column is categorical (written as integers) and what a missing value is
  // written as (the column's first sentinel; "nan" when it has none). Null: no roles,
  // missing values written as "nan".
  std::shared_ptr<const Schema> schema;

  // The columns of `table` under its schema's names: its features and its role columns
  // in the order of the file it was read from (Table::role_columns); for a table built in
  // code, its identifier, label, set and weight when it has them. A table without a
  // schema has feature columns only.
  static CsvColumns of_table(const Table& table);
  std::vector<std::string> header() const;
};

struct WriteOptions {
  // zlib level for .gz output and for the deflate filter of HDF5 output: 1 (fastest) to
  // 9 (smallest).
  int gzip_level = 6;
  // HDF5 output: rows per chunk of every dataset.
  std::size_t hdf5_chunk_rows = 16384;
};

class TableWriter {
public:
  virtual ~TableWriter() = default;
  // Appends the table's rows. The table must have the writer's feature names and every
  // column of the writer with rows() values. Throws ConfigError naming the row.
  virtual void write(const Table& rows) = 0;
  // Finishes the file and renames it to path(); nothing may be written afterwards.
  // Without commit(), the destructor removes the temporary file and leaves path() as it was.
  virtual void commit() = 0;
  virtual std::size_t rows_written() const = 0;
  virtual const std::string& path() const = 0;
};

// An HDF5 writer when `path` ends in .h5, .hdf5, .he5 or .hdf, else a CSV writer (gzip
// when it ends in .gz). Throws ConfigError.
std::unique_ptr<TableWriter> open_table_writer(const std::string& path, CsvColumns columns,
                                               const WriteOptions& options = {});

} // namespace sieve::data
