#include "recipe_flags.hpp"

#include "sieve/train/recipe_options.hpp"

#include <algorithm>

namespace sieve::cli {

namespace {
std::string flag_for(const std::string& key, const FlagRenames& renames) {
  if (auto it = renames.find(key); it != renames.end()) return it->second;
  std::string flag = key;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}
} // namespace

void add_recipe_flags(Options& options, const FlagRenames& renames) {
  options.add("config", "recipe config file (key = value lines); flags win")
      .flag("baseline", "start from the paper's ReLU 4x100 baseline instead of the final recipe");
  for (const auto& opt : train::recipe_options())
    if (const std::string flag = flag_for(opt.key, renames); !flag.empty()) options.add(flag, "recipe: " + opt.help);
}

train::RecipeConfig recipe_from_flags(const Options& options, const FlagRenames& renames) {
  train::RecipeConfig config = options.on("baseline") ? train::RecipeConfig::relu_baseline() : train::RecipeConfig{};
  if (options.given("config")) train::load_recipe_file(config, options.str("config"));
  for (const auto& opt : train::recipe_options()) {
    const std::string flag = flag_for(opt.key, renames);
    if (!flag.empty() && options.given(flag)) train::set_recipe_option(config, opt.key, options.str(flag));
  }
  config.validate();
  return config;
}

} // namespace sieve::cli
