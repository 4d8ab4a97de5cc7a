// sieve train: the full recipe on a labelled file, written to one model file.
#include "cli.hpp"

#include "cut_report.hpp"
#include "dataset_flags.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/partial_model_file.hpp"
#include "sieve/plot/training_plots.hpp"
#include "sieve/train/checkpoint.hpp"
#include "sieve/train/curves.hpp"
#include "sieve/train/partial_training.hpp"
#include "sieve/train/progress_log.hpp"
#include "sieve/train/recipe.hpp"
#include "sieve/train/recipe_options.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace {

std::string flag_name(std::string key) {
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("train",
                 "Trains the recipe's ensemble (Strong 2020: embedding, dense 6x33 Swish body, 1cycle,\n"
                 "symmetry augmentation, 10 members on 10 folds, TTA cut) and writes one model file.\n"
                 "Recipe options may also come from --config FILE (key = value lines); flags win.");
  cli::add_dataset_flags(o);
  o.add("out", "model file to write", "", true)
      .add("threads", "worker threads (0: all cores); the model does not depend on it", "0")
      .add("config", "recipe config file (key = value)")
      .add("curves", "directory for loss curves and schedule (CSV and PNG)")
      .add("log-json", "write every sub-epoch of every member as a JSON line to this file")
      .add("only-members", "train only these members (e.g. 3,4 or 0-4): a partial model for sieve merge-models")
      .add("checkpoints", "directory of the checkpoints written after every sub-epoch, removed once the model is "
                          "written (default: OUT.checkpoints; none: no checkpoints)")
      .flag("resume", "finish an interrupted run from its checkpoints, to the model an uninterrupted run writes "
                      "(refused when the data, options or seed differ; members without a checkpoint start afresh)")
      .flag("baseline", "start from the paper's ReLU 4x100 baseline instead of the final recipe")
      .flag("quiet", "no progress on stderr");
  for (const auto& opt : train::recipe_options()) o.add(flag_name(opt.key), opt.help);
  if (!o.parse(args)) return 0;

  train::RecipeConfig config = o.on("baseline") ? train::RecipeConfig::relu_baseline() : train::RecipeConfig{};
  if (o.given("config")) train::load_recipe_file(config, o.str("config"));
  for (const auto& opt : train::recipe_options())
    if (o.given(flag_name(opt.key))) train::set_recipe_option(config, opt.key, o.str(flag_name(opt.key)));
  config.validate();

  const bool quiet = o.on("quiet");
  const auto t0 = std::chrono::steady_clock::now();
  const data::Table table = cli::read_labelled_data(o);
  const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!quiet)
    std::fprintf(stderr, "read %zu events from %s in %.2f s; training %d members x %d sub-epochs\n", table.rows(),
                 o.str("data").c_str(), read_s, config.members, config.sub_epochs());

  train::ProgressLog log(quiet ? nullptr : &std::cerr, o.str("log-json"), config.members, config.sub_epochs());
  if (o.given("only-members")) {
    if (o.on("resume")) throw ConfigError("--resume applies to a whole training, not to --only-members");
    const auto members = ensemble::parse_member_list(o.str("only-members"), config.members);
    const auto part = train::train_partial(table, config, members, static_cast<int>(o.integer("threads")),
                                           log.callback());
    io::save_partial_model(part.part, o.str("out"));
    if (o.given("curves")) {
      train::write_curves(o.str("curves"), part.members);
      plot::plot_curves(o.str("curves"), part.members);
    }
    std::printf("partial model (members %s of %d) written to %s: merge the parts with sieve merge-models\n",
                ensemble::format_member_list(members).c_str(), config.members, o.str("out").c_str());
    std::printf("training: %zu members x %d sub-epochs on %zu events in %.2f s (%.1f GFLOP/s)\n", members.size(),
                config.sub_epochs(), part.training_events, part.seconds, part.flops / part.seconds * 1e-9);
    for (const auto& m : part.members)
      std::printf("  member %d: best validation loss %.6g at sub-epoch %d\n", m.member, m.best_loss,
                  m.best_sub_epoch + 1);
    return 0;
  }
  train::CheckpointOptions checkpoints;
  checkpoints.dir = o.given("checkpoints") ? o.str("checkpoints") : train::default_checkpoint_dir(o.str("out"));
  if (checkpoints.dir == "none") {
    if (o.on("resume")) throw ConfigError("--resume needs checkpoints (--checkpoints none was given)");
    checkpoints.dir.clear();
  }
  checkpoints.resume = o.on("resume");
  const auto result =
      train::train_recipe(table, config, static_cast<int>(o.integer("threads")), log.callback(), checkpoints);
  io::save_model(result.model, o.str("out"));
  if (!checkpoints.dir.empty()) train::remove_checkpoints(checkpoints.dir);
  if (o.given("curves")) {
    train::write_curves(o.str("curves"), result.members);
    plot::plot_curves(o.str("curves"), result.members);
  }

  std::printf("model written to %s\n", o.str("out").c_str());
  if (!result.resumed_sub_epochs.empty()) {
    std::string done;
    for (int s : result.resumed_sub_epochs) done += (done.empty() ? "" : ", ") + std::to_string(s);
    std::printf("resumed from %s: sub-epochs restored per member %s (of %d)\n", checkpoints.dir.c_str(),
                done.c_str(), config.sub_epochs());
  }
  std::printf("training: %d members x %d sub-epochs on %zu events in %.2f s (%.1f GFLOP/s)\n", config.members,
              config.sub_epochs(), result.training_events, result.seconds, result.flops / result.seconds * 1e-9);
  for (const auto& m : result.members)
    std::printf("  member %d: best validation loss %.6g at sub-epoch %d, weight %.4f\n", m.member, m.best_loss,
                m.best_sub_epoch + 1, result.model.members[static_cast<std::size_t>(m.member)].weight);
  cli::print_cut(result.cut, result.validation_scores.size());
  return 0;
}

const sieve::cli::Registration registration("train", "train the recipe's ensemble and write a model file", run);

} // namespace
