#pragma once
// Writing a table of numbers as HDF5 (the C library): one 1-D dataset per column in the
// root group, in column order (the root group tracks the creation order, so readers list
// them in that order): the identifier as 64-bit signed integers, each feature column as
// 32-bit floats (NaN kept as NaN), the weights as 64-bit floats. Every
// dataset is chunked (WriteOptions::hdf5_chunk_rows rows) and compressed (shuffle, then
// deflate at WriteOptions::gzip_level), and grows as rows are written, so memory does not
// grow with the file. No time stamps are stored: the same rows give the same file.
//
// This is what `sieve score --out scores.h5` writes: the event ids (or row numbers) and
// one float dataset per score column. Sieve's HDF5 reader reads it back as a group of
// columns (sieve/data/hdf5_reader.hpp). The file is written under a temporary name in its
// directory (removed on an exception or a termination signal, io/signal_cleanup.hpp) and
// renamed at commit(). Label and set columns are refused (ConfigError).
#include "sieve/data/table_writer.hpp"

#include <memory>
#include <string>

namespace sieve::data {

class Hdf5Writer final : public TableWriter {
public:
  // Creates the temporary file and its empty datasets. Throws ConfigError.
  Hdf5Writer(const std::string& path, CsvColumns columns, WriteOptions options = {});
  ~Hdf5Writer() override;
  Hdf5Writer(Hdf5Writer&&) noexcept;
  Hdf5Writer& operator=(Hdf5Writer&&) noexcept;
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  void write(const Table& rows) override;
  void commit() override;
  std::size_t rows_written() const override;
  const std::string& path() const override;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sieve::data
