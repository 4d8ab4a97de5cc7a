// sieve lr-find: the LR range test of the recipe (method spec 3.3) and a suggested range.
#include "cli.hpp"
#include "dataset_flags.hpp"
#include "recipe_flags.hpp"

#include "sieve/error.hpp"
#include "sieve/plot/training_plots.hpp"
#include "sieve/train/lr_finder.hpp"

#include <cstdio>

namespace {

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("lr-find",
                 "The LR range test: for each training fold of the recipe a fresh network makes one pass\n"
                 "over the fold with the LR growing exponentially from --lr-min to --lr-max (stopping at a\n"
                 "NaN loss or 100x the best loss); the curves are averaged over folds. Writes\n"
                 "DIR/lr_find.csv and DIR/lr_find.png and prints a suggested 1cycle range with its rule.");
  cli::add_dataset_flags(o);
  o.add("out", "directory for lr_find.csv and lr_find.png (created)", "", true)
      .add("lr-min", "first LR of each pass", "1e-5")
      .add("lr-max", "LR the pass would reach after its last step", "10")
      .add("smoothing", "points of the moving average used for the suggestion", "5")
      .add("threads", "worker threads (0: all cores); the curves do not depend on it", "0");
  cli::add_recipe_flags(o);
  if (!o.parse(args)) return 0;
  const train::RecipeConfig config = cli::recipe_from_flags(o);
  train::LrFinderOptions options;
  options.lr_min = o.real("lr-min");
  options.lr_max = o.real("lr-max");
  options.smoothing_window = static_cast<int>(o.integer("smoothing"));
  options.threads = static_cast<int>(o.integer("threads"));
  if (!(options.lr_min > 0.0 && options.lr_max > options.lr_min))
    throw ConfigError("need 0 < --lr-min < --lr-max, got " + o.str("lr-min") + " and " + o.str("lr-max"));
  if (options.smoothing_window < 1) throw ConfigError("--smoothing must be at least 1, got " + o.str("smoothing"));
  if (options.threads < 0) throw ConfigError("--threads must be >= 0, got " + o.str("threads"));

  const data::Table table = cli::read_labelled_data(o);
  const train::LrFinderResult r = train::find_lr(table, config, options);
  train::write_lr_finder(o.str("out"), r);
  plot::plot_lr_finder(o.str("out"), r, config.batch_size);

  std::size_t stopped = 0;
  for (const auto& curve : r.folds) stopped += curve.size() < r.steps_per_fold;
  std::printf("LR range test on %s: %zu folds, batch %d, %zu steps per fold from %g to %g, in %.2f s\n",
              o.str("data").c_str(), r.folds.size(), config.batch_size, r.steps_per_fold, options.lr_min,
              options.lr_max, r.seconds);
  if (r.steps_per_fold < 30)
    std::printf("warning: only %zu steps per fold; use fewer --folds or a smaller --batch-size for a finer curve\n",
                r.steps_per_fold);
  std::printf("%zu of %zu folds stopped early (NaN or loss > 100x their best)\n", stopped, r.folds.size());
  std::printf("wrote %s/lr_find.csv and %s/lr_find.png\n", o.str("out").c_str(), o.str("out").c_str());
  std::printf("\nrule: %s\n", train::lr_rule_description(options.smoothing_window).c_str());
  std::printf("smoothed mean loss is lowest at LR %.3g (loss %.6g)%s\n", r.suggestion.lr_at_minimum,
              r.suggestion.smoothed_minimum,
              r.suggestion.minimum_at_end ? " -- at the end of the searched range: raise --lr-max" : "");
  std::printf("suggested LR range: [%.3g, %.3g]\n", r.suggestion.lr_min, r.suggestion.lr_max);
  std::printf("recipe's range:     [%.3g, %.3g] (published 1cycle range [1e-4, 1e-2], chosen by eye)\n",
              config.schedule.lr_low, config.schedule.lr_high);
  return 0;
}

const sieve::cli::Registration registration("lr-find", "LR range test: loss against LR, and a suggested LR range",
                                            run);

} // namespace
