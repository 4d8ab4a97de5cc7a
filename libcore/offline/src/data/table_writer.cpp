#include "sieve/data/table_writer.hpp"

#include "sieve/data/csv_writer.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/hdf5_writer.hpp"

namespace sieve::data {

std::unique_ptr<TableWriter> open_table_writer(const std::string& path, CsvColumns columns,
                                               const WriteOptions& options) {
  if (has_hdf5_suffix(path)) return std::make_unique<Hdf5Writer>(path, std::move(columns), options);
  return std::make_unique<CsvWriter>(path, std::move(columns), options);
}

} // namespace sieve::data
