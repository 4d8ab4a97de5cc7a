// sieve cross-validate: k-fold cross-validation of the recipe over several seeds.
#include "cli.hpp"
#include "dataset_flags.hpp"
#include "recipe_flags.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/train/cross_validation.hpp"

#include <cmath>
#include <cstdio>

namespace {

std::string spread(double v, int digits) {
  if (std::isnan(v)) return "n/a (one seed)";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("cross-validate",
                 "k-fold cross-validation of the recipe on the events of a labelled file (the rows of the\n"
                 "schema's training set, HiggsML: KaggleSet t, when it has a set column): per seed, the\n"
                 "events are dealt into --folds outer folds stratified by label and category (HiggsML: jet\n"
                 "count); each fold is held out once while the recipe trains on the others (the seed is\n"
                 "also the recipe's seed), then scored with TTA. Per fold: the weighted ROC AUC and the\n"
                 "AMS at the model's cut, held-out weights rescaled per class to the schema's [dataset]\n"
                 "totals (HiggsML: the Kaggle training totals, signal 691.988608, background\n"
                 "410999.847322), or to the file's own when the schema gives none. Reports the mean over\n"
                 "folds per seed, and the mean and sample std over seeds.\n"
                 "The recipe's own fold count (its members' folds) is --recipe-folds here.");
  cli::add_dataset_flags(o);
  o.add("folds", "outer folds", "5")
      .add("seeds", "comma-separated seeds (folds and recipe)", "1337,2222,3333")
      .add("threads", "worker threads (0: all cores); the numbers do not depend on it", "0")
      .add("json", "also write the full result as JSON to this file")
      .flag("quiet", "no per-fold progress on stderr");
  const cli::FlagRenames renames = {{"folds", "recipe-folds"}, {"seed", ""}};
  cli::add_recipe_flags(o, renames);
  if (!o.parse(args)) return 0;
  const train::RecipeConfig config = cli::recipe_from_flags(o, renames);
  train::CrossValidationOptions options;
  options.folds = static_cast<int>(o.integer("folds"));
  options.seeds = cli::parse_seeds(o.str("seeds"));
  options.threads = static_cast<int>(o.integer("threads"));
  if (options.folds < 2) throw ConfigError("--folds must be at least 2, got " + o.str("folds"));
  if (options.threads < 0) throw ConfigError("--threads must be >= 0, got " + o.str("threads"));

  const data::Table table = cli::read_labelled_data(o);
  const bool quiet = o.on("quiet");
  const auto result = train::cross_validate(table, config, options, [&](const train::CrossValidationFold& f) {
    if (!quiet)
      std::fprintf(stderr, "seed %llu fold %d/%d: AUC %.5f, AMS %.4f at cut %.4f (%.1f s)\n",
                   static_cast<unsigned long long>(f.seed), f.fold + 1, options.folds, f.auc, f.ams, f.cut, f.seconds);
  });
  if (o.given("json")) io::write_file_atomically(o.str("json"), train::to_json(result) + "\n");

  std::printf("cross-validation of the recipe on %s: %zu events, %d folds, %zu seeds\n", result.source.c_str(),
              result.events, result.folds, result.seeds.size());
  std::printf("recipe: %d members x %d sub-epochs, network %dx%d %s; AMS with held-out weights rescaled to "
              "s %.6f, b %.6f\n",
              config.members, config.sub_epochs(), config.network.depth, config.network.width,
              nn::to_string(config.network.activation).c_str(), result.totals.signal, result.totals.background);
  std::printf("\n%10s %6s %10s %10s %9s %10s\n", "seed", "fold", "AUC", "AMS", "cut", "train s");
  for (const auto& s : result.seeds) {
    for (const auto& f : s.folds)
      std::printf("%10llu %6d %10.5f %10.4f %9.5f %10.2f\n", static_cast<unsigned long long>(s.seed), f.fold + 1, f.auc,
                  f.ams, f.cut, f.train_seconds);
    std::printf("%10llu %6s %10.5f %10.4f %9s %10.2f\n", static_cast<unsigned long long>(s.seed), "mean", s.mean_auc,
                s.mean_ams, "", s.train_seconds);
  }
  std::printf("\nover %zu seeds (mean +- sample std of the per-seed means):\n", result.seeds.size());
  std::printf("  ROC AUC %.5f +- %s\n", result.auc.mean, spread(result.auc.std, 5).c_str());
  std::printf("  AMS     %.4f +- %s\n", result.ams.mean, spread(result.ams.std, 4).c_str());
  std::printf("training time %.1f s (member training), %.1f s in all\n", result.train_seconds, result.seconds);
  if (o.given("json")) std::printf("wrote %s\n", o.str("json").c_str());
  return 0;
}

const sieve::cli::Registration registration(
    "cross-validate", "k-fold cross-validation of the recipe: AUC and AMS with their spread over seeds", run);

} // namespace
