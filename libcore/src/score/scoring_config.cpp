#include "sieve/score/scoring_config.hpp"

#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"

namespace sieve::score {

std::vector<std::string> higgs_column_names() {
  return {data::kHiggsColumnNames.begin(), data::kHiggsColumnNames.end()};
}

ScorerOptions scorer_options(const ScoringConfig& config) {
  if (config.variations.empty()) throw ConfigError("no variation to score: give at least \"nominal\"");
  std::string names;
  for (const std::string& name : config.variations) {
    if (name.find(',') != std::string::npos)
      throw ConfigError("variation name '" + name + "' contains a comma: give one name per entry");
    if (!names.empty()) names += ',';
    names += name;
  }
  ScorerOptions options;
  options.variations = physics::parse_variations(names, config.sizes);
  options.tta = config.tta;
  return options;
}

} // namespace sieve::score
