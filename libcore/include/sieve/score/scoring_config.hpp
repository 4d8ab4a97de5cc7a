#pragma once
// What a framework module is configured with, in the framework-neutral form that every
// adapter fills from its own configuration language (CMSSW ParameterSet, Gaudi
// properties, command-line options), and its translation into ScorerOptions. Adapters
// share this so that the same settings mean the same thing everywhere.
#include "sieve/physics/variation.hpp"
#include "sieve/score/scorer.hpp"

#include <string>
#include <vector>

namespace sieve::score {

struct ScoringConfig {
  std::string model_path;                       // a model file (io/model_file.hpp)
  std::vector<std::string> input_columns;       // the caller's row layout, by name
  std::vector<std::string> variations{"nominal"};  // preset names, in output order
  physics::VariationSizes sizes;                // sizes of the tes/jes/soft_met presets
  bool tta = true;                              // average the symmetry copies
  bool skip_bad_rows = false;                   // score NaN and count, instead of throwing
};

// The 30 HiggsML column names in the order of the published files: the default row layout.
std::vector<std::string> higgs_column_names();

// The ScorerOptions of a configuration. Throws ConfigError for an empty variation list,
// an unknown, empty or repeated name, a name containing a comma, or a size that would
// make a scale factor non-positive or a sigma negative.
ScorerOptions scorer_options(const ScoringConfig& config);

} // namespace sieve::score
