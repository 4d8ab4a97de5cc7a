#pragma once
// Reading a user's data file with its dataset schema: what `sieve train`, `cross-validate`
// and `lr-find` do with --data FILE [--schema FILE].
#include "sieve/data/schema.hpp"
#include "sieve/data/table.hpp"

#include <memory>
#include <string>

namespace sieve::data {

// `data_path` is a CSV file or an HDF5 table (sieve/data/table_reader.hpp: "file.h5" or
// "file.h5:/jets").
//
// The schema of `schema_path`, or, when it is empty, the HiggsML 2014 preset for a file
// whose columns are a HiggsML layout. Throws ConfigError for another file without a schema.
std::shared_ptr<const Schema> schema_for(const std::string& data_path, const std::string& schema_path);

// The whole file read with `schema` (ReadOptions::schema). A labelled file must hold
// both the signal and the background value.
Table read_dataset(const std::string& data_path, std::shared_ptr<const Schema> schema);

} // namespace sieve::data
