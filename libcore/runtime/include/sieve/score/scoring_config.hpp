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
  std::vector<std::string> input_columns;       // the caller's row layout, by name (empty:
                                                // the model's raw columns, in its order)
  std::vector<std::string> variations{"nominal"};  // names the model's schema knows, in output order
  physics::VariationSizes sizes;                // sizes of the recomputation's tes/jes/soft_met presets
  bool tta = true;                              // average the symmetry copies
  bool skip_bad_rows = false;                   // score NaN and count, instead of throwing
  nn::Precision precision = nn::Precision::Float32;  // bf16: opt-in, see ScorerOptions
  bool weights_per_workspace = true;            // each workspace (stream, thread) its own copy of
                                                // the arranged weights (ScorerWorkspace::Weights::Own)
};

// The ScorerOptions of a configuration for a model. Throws ConfigError for an empty
// variation list, a name the model's schema does not know, an empty or repeated name, a
// name containing a comma, or a size that would make a scale factor non-positive or a
// sigma negative.
ScorerOptions scorer_options(const ScoringConfig& config, const ensemble::Model& model);

// The row layout a configuration binds: its input columns, or the model's raw columns.
std::vector<std::string> input_columns(const ScoringConfig& config, const ensemble::Model& model);

} // namespace sieve::score
