#include "recipe_flags.hpp"

#include "sieve/error.hpp"
#include "sieve/train/recipe_options.hpp"

#include <algorithm>
#include <charconv>

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

std::vector<std::uint64_t> parse_seeds(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    std::uint64_t seed = 0;
    const char* first = text.data() + pos;
    const char* last = text.data() + comma;
    auto [end, ec] = std::from_chars(first, last, seed);
    if (first == last || ec != std::errc() || end != last)
      throw ConfigError("--seeds expects comma-separated non-negative integers, got '" + text + "'");
    seeds.push_back(seed);
    pos = comma + 1;
  }
  return seeds;
}

} // namespace sieve::cli
