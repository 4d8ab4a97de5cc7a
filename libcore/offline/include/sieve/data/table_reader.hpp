#pragma once
// Reading event tables from files, whatever their format: CSV (sieve/data/csv_reader.hpp)
// or HDF5 (sieve/data/hdf5_reader.hpp). Both readers take the same ReadOptions, resolve
// the same column names (a CSV header's, an HDF5 compound dataset's field names or a
// group's dataset names) and fill the same Table in chunks, so that every command reads
// either format through one code path: open_table_reader() picks the reader from the
// file's content.
//
// Table::line of a row is the number its messages give: the 1-based line of a CSV file,
// or, for an HDF5 table, the 0-based row r stored as r + 2. So data row r has the number
// r + 2 in either format (line 1 of a CSV is its header), which the file scorer's blocks
// and shards rely on; TableReader::where() and Table::where() name it as the format does
// ("events.csv line 17", "events.h5 dataset /jets row 15").
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
  // column order. Its id, label and set columns fill the Table members of that meaning,
  // the first of its weight columns that the file has fills Table::weight and the others
  // Table::other_weights (each when the file has it; the label cell must be the schema's
  // signal or background value, the set cell one of its set values, a categorical cell one
  // of the declared codes unless the schema names a fallback); Table::role_columns lists
  // them in file order. Its input columns (or `columns`, when given) are the float feature
  // columns, in the schema's order, their sentinels read as missing (NaN); every other
  // column is skipped. The table keeps the schema (Table::schema).
  //
  // Null (the default) with `columns` empty: the HiggsML preset (higgsml_schema()) when
  // the file's columns are a HiggsML layout, else a ConfigError asking for a schema.
  std::shared_ptr<const Schema> schema;
  // Without a schema: exactly these columns, found by name in any order, are read as
  // float feature columns in the order given here (no sentinels, no roles). With a schema:
  // the feature columns in place of the schema's inputs.
  std::vector<std::string> columns;
  // `columns` without a schema only: skip columns that are not in `columns` instead of
  // rejecting the file.
  bool allow_extra_columns = false;
  // Read "nan" and "inf" feature cells as missing (NaN) instead of rejecting them.
  bool non_finite_as_missing = false;
  // CSV only: longest accepted line in bytes (without its line ending); longer lines are
  // an error.
  std::size_t max_line_bytes = std::size_t{1} << 20;
  // Report-and-skip instead of throwing. Empty (the default): a row that cannot be read
  // throws ConfigError as described above. Set: such a row (a malformed or out-of-range
  // cell, too few or too many values, an empty line) is passed to this callback with its
  // Table::line number and the very message the reader would have thrown, then skipped;
  // reading goes on with the next row. Skipped rows count toward next_chunk's max_rows
  // (see there). Header errors, over-long lines and I/O, gzip or HDF5 errors still throw.
  // The callback may throw to stop reading (e.g. after too many bad rows).
  std::function<void(std::int64_t line, const std::string& message)> on_bad_row;
};

// A table file streamed in chunks of rows with bounded memory. After a ConfigError the
// reader and the Table being filled are in an unspecified state.
class TableReader {
public:
  virtual ~TableReader() = default;

  // The file as given (an HDF5 file with its dataset: "events.h5:/jets").
  virtual const std::string& path() const = 0;
  // The column names in file order.
  virtual const std::vector<std::string>& header() const = 0;
  // Names of the feature columns that the Table receives, in order.
  virtual const std::vector<std::string>& feature_names() const = 0;

  // Replaces `out`'s rows by the next rows of the file, at most max_rows of them (> 0),
  // reusing its buffers; sets out.source, out.schema and out.feature_names. Columns the
  // file does not have are left empty. Returns false (with zero rows) at the end.
  // With ReadOptions::on_bad_row set, skipped rows count toward max_rows: a chunk spans
  // at most max_rows data rows, so chunk boundaries fall on the same rows whichever
  // rows are bad. Such a chunk may hold fewer rows than it spans, even none; the return
  // value is still false only at the end of the file.
  virtual bool next_chunk(Table& out, std::size_t max_rows) = 0;
  // Rows returned so far.
  virtual std::size_t rows_read() const = 0;
  // Rows skipped so far (passed to ReadOptions::on_bad_row).
  virtual std::size_t rows_skipped() const = 0;
  // Where the row numbered `line` (Table::line) is, for messages: "<file> line 17" for
  // CSV, "<file> dataset /jets row 15" for HDF5.
  virtual std::string where(std::int64_t line) const = 0;
  // True when Table::line counts rows (HDF5), false when it counts text lines (CSV).
  virtual bool counts_rows() const = 0;
};

// The reader for `path`: HDF5 when the file carries the HDF5 signature or the path names
// a dataset ("file.h5:/jets", see sieve/data/hdf5_reader.hpp), else CSV. Throws
// ConfigError as the reader does.
std::unique_ptr<TableReader> open_table_reader(const std::string& path, ReadOptions options = {});

// Reads a whole file of either format. A file with a header and no rows gives an empty
// table.
Table read_table(const std::string& path, const ReadOptions& options = {});

// The column names of a file of either format, in file order (a CSV header line; an HDF5
// compound dataset's fields or a group's datasets), checked for duplicates but not against
// any layout: to choose ReadOptions::columns or a schema for a file of unknown layout.
std::vector<std::string> read_column_names(const std::string& path);

} // namespace sieve::data
