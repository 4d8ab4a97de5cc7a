#include "sieve/score/scoring_config.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/schema_variations.hpp"

namespace sieve::score {

std::vector<std::string> input_columns(const ScoringConfig& config, const ensemble::Model& model) {
  return config.input_columns.empty() ? model.pipeline.raw_columns : config.input_columns;
}

ScorerOptions scorer_options(const ScoringConfig& config, const ensemble::Model& model) {
  if (config.variations.empty()) throw ConfigError("no variation to score: give at least \"nominal\"");
  std::string names;
  for (const std::string& name : config.variations) {
    if (name.find(',') != std::string::npos)
      throw ConfigError("variation name '" + name + "' contains a comma: give one name per entry");
    if (!names.empty()) names += ',';
    names += name;
  }
  ScorerOptions options;
  options.variations = physics::parse_variations(names, model.schema, config.sizes);
  options.tta = config.tta;
  options.precision = config.precision;
  return options;
}

} // namespace sieve::score
