#include "dataset_flags.hpp"

#include "sieve/data/dataset.hpp"

namespace sieve::cli {

void add_dataset_flags(Options& options, bool data_required) {
  options.add("data", "labelled CSV (plain or .gz) or HDF5 table (FILE.h5, FILE.h5:/DATASET or FILE.h5:/GROUP): a HiggsML 2014 "
              "layout, or any table that --schema describes", "",
              data_required)
      .add("schema", "dataset schema (TOML, see schemas/README.md; default: the HiggsML 2014 preset, for files in "
                     "its layouts)");
}

data::Table read_labelled_data(const Options& options) {
  const std::string path = options.str("data");
  return data::read_dataset(path, data::schema_for(path, options.str("schema")));
}

} // namespace sieve::cli
