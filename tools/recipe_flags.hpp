#pragma once
// The recipe's options on a subcommand's command line, as `sieve train` takes them: every
// recipe key as --key-with-dashes, --config FILE (key = value lines) and --baseline.
#include "cli.hpp"
#include "sieve/train/recipe_config.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sieve::cli {

// Recipe keys whose flag is spelled differently on this command (to "" to leave it out),
// e.g. {"folds", "recipe-folds"} where --folds means something else.
using FlagRenames = std::map<std::string, std::string>;

void add_recipe_flags(Options& options, const FlagRenames& renames = {});

// Starts from the final recipe (or the ReLU baseline with --baseline), applies --config,
// then the flags given; validates.
train::RecipeConfig recipe_from_flags(const Options& options, const FlagRenames& renames = {});

// --seeds as cross-validate and ablate take it: comma-separated non-negative integers.
std::vector<std::uint64_t> parse_seeds(const std::string& text);

} // namespace sieve::cli
