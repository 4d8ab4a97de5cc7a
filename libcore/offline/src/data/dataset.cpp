#include "sieve/data/dataset.hpp"

#include "read_roles.hpp"
#include "sieve/data/hdf5_reader.hpp"
#include "sieve/data/table_reader.hpp"
#include "sieve/error.hpp"

#include <algorithm>

namespace sieve::data {

std::shared_ptr<const Schema> schema_for(const std::string& data_path, const std::string& schema_path) {
  if (!schema_path.empty()) return std::make_shared<const Schema>(load_schema(schema_path));
  const std::vector<std::string> names = read_column_names(data_path);
  // In an HDF5 table the preset's columns may come in any order (detail::has_higgsml_columns).
  if (is_higgsml_header(names) || (is_hdf5_table(data_path) && detail::has_higgsml_columns(names)))
    return std::make_shared<const Schema>(higgsml_schema());
  throw ConfigError(data_path + " is not in a HiggsML 2014 layout: give the dataset schema that describes its "
                                "columns (--schema FILE; see schemas/README.md)");
}

Table read_dataset(const std::string& data_path, std::shared_ptr<const Schema> schema) {
  ReadOptions options;
  options.schema = schema;
  Table table = read_table(data_path, options);
  // A label value that never occurs is a schema that does not describe this file.
  if (!table.label.empty())
    for (const std::int8_t value : {std::int8_t{1}, std::int8_t{0}})
      if (std::find(table.label.begin(), table.label.end(), value) == table.label.end())
        throw ConfigError(schema->source + " (dataset." + (value ? "signal" : "background") + "): the " +
                          (value ? "signal" : "background") + " value '" +
                          (value ? schema->signal_value : schema->background_value) + "' never occurs in column " +
                          schema->label_column + " of " + data_path);
  return table;
}

} // namespace sieve::data
