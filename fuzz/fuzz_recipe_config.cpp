// libFuzzer target: the configuration parsers of training and scoring on any bytes:
//   - train::load_recipe_file (key = value lines, comments, quotes, [recipe]) on the
//     input as a file, then RecipeConfig::validate();
//   - train::set_recipe_option with the first line split at its first '=' (key, value);
//   - physics::parse_variations (a comma-separated list of variation presets) on the
//     first line.
// A configuration that validates must describe itself (the provenance text) as a file
// that loads back to the same configuration. Anything else than a result or a
// ConfigError is a finding.
#include "memory_file.hpp"

#include "sieve/error.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/train/recipe_config.hpp"
#include "sieve/train/recipe_options.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_recipe_config: invariant broken: %s\n", what);
  std::abort();
}
void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

void check_round_trip(const sieve::train::RecipeConfig& config) {
  static sieve::fuzz::MemoryFile described("described.toml");
  const std::string text = config.describe();
  const std::string& path = described.write(text.data(), text.size());
  sieve::train::RecipeConfig again;
  try {
    sieve::train::load_recipe_file(again, path);
    again.validate();
  } catch (const sieve::ConfigError& e) {
    std::fprintf(stderr, "%s\n--- described as ---\n%s", e.what(), text.c_str());
    fail("a valid configuration's description does not load");
  }
  if (!(again == config)) {
    std::fprintf(stderr, "--- described as ---\n%s--- loads as ---\n%s", text.c_str(), again.describe().c_str());
    fail("a valid configuration's description loads differently");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static sieve::fuzz::MemoryFile file("recipe.toml");
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  sieve::train::RecipeConfig config;
  try {
    sieve::train::load_recipe_file(config, file.write(data, size));
    config.validate();
    check_round_trip(config);
  } catch (const sieve::ConfigError& e) {
    require(std::string_view(e.what()).size() > 0, "an empty error message");
  }

  const std::string_view line = input.substr(0, input.find('\n'));
  if (const auto eq = line.find('='); eq != std::string_view::npos) {
    sieve::train::RecipeConfig one;
    try {
      sieve::train::set_recipe_option(one, line.substr(0, eq), line.substr(eq + 1));
      one.validate();
      check_round_trip(one);
    } catch (const sieve::ConfigError&) {
    }
  }

  try {
    const auto variations = sieve::physics::parse_variations(line);
    std::set<std::string> names;
    for (const auto& v : variations) {
      require(v.tes > 0.0 && v.jes > 0.0 && v.soft_met >= 0.0, "a variation with a bad size");
      require(names.insert(v.name).second, "a variation listed twice");
    }
  } catch (const sieve::ConfigError&) {
  }
  return 0;
}
