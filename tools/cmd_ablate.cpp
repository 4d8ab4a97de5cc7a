// sieve ablate: the paper's technique table on the caller's data (sieve/train/ablation.hpp).
#include "cli.hpp"
#include "dataset_flags.hpp"
#include "recipe_flags.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/plot/ablation_plot.hpp"
#include "sieve/train/ablation.hpp"

#include <cstdio>

namespace {

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("ablate",
                 "The technique table of Strong (2020) on your data: from the ReLU 4x100 baseline as one\n"
                 "network, each row adds one technique to the row above (ensemble, entity embedding,\n"
                 "augmentation with TTA, cosine annealing with restarts, Swish, 1cycle instead of restarts,\n"
                 "dense connections = the final recipe), then the techniques the paper tried and dropped,\n"
                 "each against the final recipe (SELU, restarts, SWA, snapshot ensemble, fast geometric\n"
                 "ensemble). Every row is cross-validated with the same --folds outer folds and --seeds\n"
                 "(as sieve cross-validate does); the recipe flags set the final recipe the rows are built\n"
                 "back from (e.g. --epochs, --batch-size, --members), so the defaults are the published\n"
                 "recipe. Writes OUT/ablation.md, OUT/ablation.csv and OUT/ablation.png. Each (row, seed)\n"
                 "cell is saved in OUT/cells/ when done: run the command again to go on after a stop\n"
                 "(cells computed from the same recipe, data and options are not recomputed), or compute\n"
                 "cells apart with --cell (sieve slurm ablate runs one array task per cell).\n"
                 "The defaults (3 folds x 3 seeds) take a few minutes on the 18,000 shipped events on 2 cores.");
  cli::add_dataset_flags(o, false);  // --list needs no data
  o.add("out", "directory for the tables, the plot and the cells (required but with --list)")
      .add("folds", "outer folds of the cross-validation", "3")
      .add("seeds", "comma-separated seeds (outer folds and recipe)", "1337,2222,3333")
      .add("threads", "worker threads (0: all cores); the numbers do not depend on it", "0")
      .add("cell", "compute only this cell (row x seeds + seed index) and write no table")
      .flag("list", "print the rows and what each changes, and run nothing")
      .flag("quiet", "no progress on stderr");
  const cli::FlagRenames renames = {{"folds", "recipe-folds"}, {"seed", ""}};
  cli::add_recipe_flags(o, renames);
  if (!o.parse(args)) return 0;
  const train::RecipeConfig final_recipe = cli::recipe_from_flags(o, renames);
  const std::vector<train::AblationRow> plan = train::ablation_plan(final_recipe);
  if (o.on("list")) {
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto& row = plan[i];
      std::string changes;
      for (const auto& key : row.technique) changes += (changes.empty() ? "" : ", ") + key;
      std::printf("%2zu %-14s %-44s vs %2d  %s\n", i, row.name.c_str(), row.label.c_str(), row.reference,
                  changes.empty() ? "(baseline)" : changes.c_str());
    }
    return 0;
  }
  for (const char* required : {"data", "out"})
    if (!o.given(required)) throw ConfigError(std::string("missing required option --") + required);
  train::AblationOptions options;
  options.dir = o.str("out");
  options.folds = static_cast<int>(o.integer("folds"));
  options.seeds = cli::parse_seeds(o.str("seeds"));
  options.threads = static_cast<int>(o.integer("threads"));
  if (options.folds < 2) throw ConfigError("--folds must be at least 2, got " + o.str("folds"));
  if (options.threads < 0) throw ConfigError("--threads must be >= 0, got " + o.str("threads"));
  if (o.given("cell")) options.only_cell = static_cast<int>(o.integer("cell"));

  const data::Table table = cli::read_labelled_data(o);
  const bool quiet = o.on("quiet");
  const auto result = train::run_ablation(
      table, plan, options, [&](const train::AblationRow& row, std::uint64_t seed, int cell, int cells, bool reused) {
        if (!quiet)
          std::fprintf(stderr, "cell %d/%d: %s, seed %llu%s\n", cell + 1, cells, row.label.c_str(),
                       static_cast<unsigned long long>(seed), reused ? ": done before, reused" : "");
      });
  if (options.only_cell) {
    std::printf("cell %d: %s\n", *options.only_cell,
                train::ablation_cell_path(plan, options, *options.only_cell).c_str());
    return 0;
  }
  const std::string markdown = train::ablation_markdown(result);
  io::write_file_atomically(options.dir + "/ablation.md", markdown);
  io::write_file_atomically(options.dir + "/ablation.csv", train::ablation_csv(result));
  plot::write_ablation_png(result, options.dir + "/ablation.png");
  std::printf("%s\n%d cells computed, %d reused; wrote %s/ablation.md, ablation.csv and ablation.png\n",
              markdown.c_str(), result.computed, result.reused, options.dir.c_str());
  return 0;
}

const sieve::cli::Registration registration(
    "ablate", "the technique table: each technique's AUC, AMS and cost by cross-validation, resumable", run);

} // namespace
