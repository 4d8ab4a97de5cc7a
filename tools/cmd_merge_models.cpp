// sieve merge-models: partial model files (sieve train --only-members) into the model a
// single `sieve train` writes with the same seed (sieve/train/partial_training.hpp).
#include "cli.hpp"
#include "cut_report.hpp"

#include "sieve/data/dataset.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/partial_model_file.hpp"
#include "sieve/train/partial_training.hpp"

#include <cstdio>

namespace {

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("merge-models",
                 "Merges partial model files (sieve train --only-members) into one model: checks that they\n"
                 "come from the same data, pipeline, recipe options and seed and hold every member exactly\n"
                 "once, then finishes the ensemble as sieve train does (weights 1/loss, the cut on the\n"
                 "validation part with TTA, self-test rows). The model is byte-identical to the one a\n"
                 "single sieve train writes with the same seed.");
  o.operands("PART", "partial model files, in any order")
      .add("data", "the labelled CSV or HDF5 table the parts were trained on (its checksum must match theirs)", "", true)
      .add("schema", "the dataset schema the parts were trained with (default: the HiggsML 2014 preset)")
      .add("out", "model file to write", "", true);
  if (!o.parse(args)) return 0;

  std::vector<train::NamedPart> parts;
  for (const auto& path : o.operands()) parts.push_back({path, io::load_partial_model(path)});
  train::check_parts(parts);  // before reading the data: a mismatch is reported at once
  const data::Table table = data::read_dataset(o.str("data"), data::schema_for(o.str("data"), o.str("schema")));
  const auto result = train::merge_parts(table, parts);
  io::save_model(result.model, o.str("out"));

  std::printf("model written to %s from %zu parts (%zu members)\n", o.str("out").c_str(), parts.size(),
              result.model.members.size());
  for (std::size_t m = 0; m < result.model.members.size(); ++m)
    std::printf("  member %zu: best validation loss %.6g at sub-epoch %d, weight %.4f\n", m,
                result.model.members[m].best_loss, result.model.members[m].best_sub_epoch + 1,
                result.model.members[m].weight);
  cli::print_cut(result.cut, result.validation_scores.size());
  return 0;
}

const sieve::cli::Registration registration("merge-models",
                                            "merge partial model files (train --only-members) into one model", run);

} // namespace
