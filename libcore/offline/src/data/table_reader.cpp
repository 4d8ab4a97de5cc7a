#include "sieve/data/table_reader.hpp"

#include "sieve/data/csv_reader.hpp"
#include "sieve/data/hdf5_reader.hpp"

#include <limits>

namespace sieve::data {

std::unique_ptr<TableReader> open_table_reader(const std::string& path, ReadOptions options) {
  // A file named .h5 that is not HDF5 goes to the HDF5 reader too, which says so.
  if (is_hdf5_table(path) || has_hdf5_suffix(path)) return std::make_unique<Hdf5Reader>(path, std::move(options));
  return std::make_unique<CsvReader>(path, std::move(options));
}

Table read_table(const std::string& path, const ReadOptions& options) {
  const std::unique_ptr<TableReader> reader = open_table_reader(path, options);
  Table table;
  reader->next_chunk(table, std::numeric_limits<std::size_t>::max());
  return table;
}

std::vector<std::string> read_column_names(const std::string& path) {
  if (is_hdf5_table(path) || has_hdf5_suffix(path)) return read_hdf5_column_names(path);
  return read_csv_header(path);
}

} // namespace sieve::data
