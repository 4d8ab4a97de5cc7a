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
