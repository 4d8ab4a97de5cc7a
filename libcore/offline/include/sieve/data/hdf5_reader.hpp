#pragma once
// Reading event tables from HDF5 files (Debian's libhdf5, the C library), in either of the
// two layouts ntuples come in:
//   a compound dataset: one 1-D dataset whose fields are the columns (the layout of the
//     ATLAS training-dataset-dumper and of numpy structured arrays written by h5py);
//   a group of columns: one 1-D dataset per column in a group, all of the same length.
// A path names the table as FILE or FILE:OBJECT, e.g. "jets.h5:/jets" (a compound
// dataset) or "events.h5:/nominal" (a group). Without an object: the compound dataset at
// the root when the root holds exactly one (several: an error that lists them), else the
// root group as a group of columns.
//
// Columns resolve by name exactly as a CSV header's do (sieve/data/table_reader.hpp): the
// schema's columns against the compound's field names or the group's dataset names,
// extra fields or datasets are skipped. Types: the feature and weight columns may be
// float, double or integers of any width and sign, converted to float (features) or double
// (weights) as the CSV reader parses text: one rounding, sentinels then compared as floats
// and read as missing, NaN and inf rejected unless the schema reads them as missing, a
// finite value beyond a float's range rejected. The id column is an integer; the label
// and set columns are strings (compared with the schema's values) or numbers (compared
// numerically when the schema's values are numbers). Without a schema or columns, a table
// with the HiggsML preset's id and input columns (in any order) is read with the preset.
//
// Reading streams hyperslabs of at most a few thousand rows (buffer_bytes() is bounded,
// whatever the file's size). Every problem is a ConfigError naming the file and the
// dataset: not HDF5, a missing object, field or dataset, a type that is not a number, a
// rank other than 1, columns of different lengths, a truncated or damaged file, a value the
// schema does not allow (with the row and the field). HDF5's own error printing is off.
#include "sieve/data/table_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sieve::data {

// FILE and OBJECT of "FILE:OBJECT" (OBJECT empty: the default table). A path that names
// an existing file is a FILE whole, colons and all; otherwise the last colon after which
// the prefix is an existing file splits it. OBJECT gets a leading '/' when it has none.
struct Hdf5Location {
  std::string file;
  std::string object;
};
Hdf5Location parse_hdf5_location(const std::string& path);

// True when `path` is an HDF5 table: its file carries the HDF5 signature, or the path
// names an object of an existing file ("FILE:/jets").
bool is_hdf5_table(const std::string& path);

// True when a file name ends in .h5, .hdf5, .he5 or .hdf (any case): how a writer chooses
// HDF5 output.
bool has_hdf5_suffix(const std::string& path);

class Hdf5Reader final : public TableReader {
public:
  // Opens the file, finds the table and plans its columns. Throws ConfigError.
  explicit Hdf5Reader(const std::string& path, ReadOptions options = {});
  ~Hdf5Reader() override;
  Hdf5Reader(Hdf5Reader&&) noexcept;
  Hdf5Reader& operator=(Hdf5Reader&&) noexcept;
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  const std::string& path() const override;
  // The compound's field names, or the names of the group's datasets (creation order when
  // the group tracks it, else name order).
  const std::vector<std::string>& header() const override;
  const std::vector<std::string>& feature_names() const override;
  bool next_chunk(Table& out, std::size_t max_rows) override;
  std::size_t rows_read() const override;
  std::size_t rows_skipped() const override;
  std::string where(std::int64_t line) const override;
  bool counts_rows() const override { return true; }

  // The file, and the object read ("/jets", or "/" for the root group).
  const std::string& file() const;
  const std::string& object() const;
  // True for a compound dataset, false for a group of columns.
  bool compound() const;
  // Rows of the table.
  std::uint64_t rows() const;
  // Bytes of the reader's row buffer so far: at most one hyperslab, whatever the file's
  // size and the chunk size asked for.
  std::size_t buffer_bytes() const;

private:
  struct Impl;
  friend std::vector<std::string> read_hdf5_column_names(const std::string& path);
  std::unique_ptr<Impl> impl_;
};

// The column names of an HDF5 table (Hdf5Reader::header). Throws ConfigError.
std::vector<std::string> read_hdf5_column_names(const std::string& path);

} // namespace sieve::data
