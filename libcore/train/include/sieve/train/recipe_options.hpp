#pragma once
// Recipe options by name: the same keys serve the command line (--key value), the
// config file (key = value, a flat TOML subset) and the provenance (describe()).
#include "sieve/train/recipe_config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sieve::train {

struct RecipeOption {
  std::string key, help;
};
// Every settable key with a one-line description.
const std::vector<RecipeOption>& recipe_options();

// Sets one option; throws ConfigError for an unknown key (listing the known ones) or a
// value of the wrong type or range.
void set_recipe_option(RecipeConfig& config, std::string_view key, std::string_view value);

// Reads a config file of `key = value` lines (# comments, blank lines, optional quotes,
// an optional [recipe] table header). Errors name the file and line.
void load_recipe_file(RecipeConfig& config, const std::string& path);

} // namespace sieve::train
