// sieve evaluate: a model's figures of merit on a labelled file, per challenge subset.
#include "cli.hpp"

#include "sieve/data/dataset.hpp"
#include "sieve/data/table_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/table_evaluation.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace {

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("evaluate",
                 "Scores every event of a labelled file (read with the model's dataset schema) with the\n"
                 "model (TTA as the model says) and prints, per set of the schema's set column (HiggsML:\n"
                 "KaggleSet t, b = public, v = private, u), or for the whole file when it has none: events,\n"
                 "AMS at the model's cut, the best AMS over all cuts and the weighted ROC AUC, with the\n"
                 "schema's weight (HiggsML: KaggleWeight in the open data, normalised per set, so b and v\n"
                 "give the challenge's public and private AMS as published; Weight in training.csv).\n"
                 "For a subset of a set, --rescale-signal/--rescale-background scale each set's weights\n"
                 "per class to these totals, e.g. 691.988608 and 410999.847322 (the Kaggle training set).");
  o.add("model", "model file", "", true)
      .add("data", "labelled CSV (plain or .gz) or HDF5 table (FILE.h5[:/DATASET]) with the columns of the model's dataset schema", "", true)
      .add("rescale-signal", "total signal weight per set after rescaling (with --rescale-background)")
      .add("rescale-background", "total background weight per set after rescaling (with --rescale-signal)")
      .add("threads", "worker threads (0: all cores); the numbers do not depend on it", "0")
      .flag("json", "print one JSON object instead of text");
  if (!o.parse(args)) return 0;

  score::TableEvaluationOptions options;
  options.threads = static_cast<int>(o.integer("threads"));
  if (options.threads < 0) throw ConfigError("--threads must be >= 0, got " + o.str("threads"));
  if (o.given("rescale-signal") != o.given("rescale-background"))
    throw ConfigError("--rescale-signal and --rescale-background go together: give both totals");
  if (o.given("rescale-signal")) {
    options.rescale = metrics::ClassTotals{o.real("rescale-signal"), o.real("rescale-background")};
    if (!(options.rescale->signal > 0.0 && options.rescale->background > 0.0))
      throw ConfigError("--rescale-signal and --rescale-background must be positive totals");
  }
  const auto model = io::load_model(o.str("model"));
  // Read as the model's schema says (its columns, label, weight and set).
  const data::Table table = data::read_dataset(o.str("data"), std::make_shared<const data::Schema>(model->schema));
  const score::TableEvaluation e = score::evaluate_table(model, table, options);
  if (o.on("json")) {
    std::cout << score::to_json(e) << '\n';
    return 0;
  }

  std::printf("model %s: %zu members, %s, cut %.5f\n", o.str("model").c_str(), model->members.size(),
              model->tta ? "TTA (8 symmetry copies)" : "no TTA", e.cut);
  std::printf("data %s: %zu events, scored in %.2f s\n", e.source.c_str(), e.events, e.scoring_seconds);
  std::printf("weights: %s", model->schema.weight_in(data::read_column_names(o.str("data"))).c_str());
  if (e.rescale)
    std::printf(", rescaled per set to signal %.6f and background %.6f", e.rescale->signal, e.rescale->background);
  std::printf("\n");
  for (const metrics::SetMetrics& s : e.sets) {
    const std::string label = metrics::ams_label(s.set);
    std::printf("\n%s: %zu events (%zu signal, %zu background); weight totals s %.6g, b %.6g\n",
                metrics::set_description(s.set).c_str(), s.events, s.signal_events, s.background_events,
                s.weights.signal, s.weights.background);
    char at_cut[64];
    std::snprintf(at_cut, sizeof at_cut, "%s at the cut %.5f:", label.c_str(), e.cut);
    std::printf("  %-33s %.5f  (accepted s %.6g, b %.6g)\n", at_cut, s.ams_at_cut, s.selected.s, s.selected.b);
    std::printf("  %-33s %.5f  at %.5f\n", ("max " + label + " over cuts:").c_str(), s.max_ams, s.max_ams_cut);
    if (std::isnan(s.auc))
      std::printf("  %-33s n/a (one class has no weight)\n", "weighted ROC AUC:");
    else
      std::printf("  %-33s %.5f\n", "weighted ROC AUC:", s.auc);
  }
  return 0;
}

const sieve::cli::Registration registration("evaluate", "score a labelled file and print AMS and AUC per set",
                                            run);

} // namespace
