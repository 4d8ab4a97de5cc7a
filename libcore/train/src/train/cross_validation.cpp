#include "sieve/train/cross_validation.hpp"

#include "sieve/error.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/io/json.hpp"
#include "sieve/metrics/ams.hpp"
#include "sieve/metrics/roc.hpp"
#include "sieve/random.hpp"
#include "sieve/score/parallel_scoring.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/train/recipe.hpp"
#include "sieve/train/split.hpp"
#include "sieve/train/training_data.hpp"

#include <gsl/assert>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>

namespace sieve::train {

namespace {
constexpr std::uint64_t kOuterFolds = 0xc055f01d;
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
} // namespace

std::vector<std::vector<std::uint32_t>> outer_folds(std::span<const std::uint32_t> strata, int folds,
                                                    std::uint64_t seed) {
  std::vector<std::uint32_t> rows(strata.size());
  std::iota(rows.begin(), rows.end(), std::uint32_t{0});
  return stratified_folds(rows, strata, folds, key(seed, kOuterFolds));
}

MeanAndSpread mean_and_spread(std::span<const double> values) {
  MeanAndSpread out;
  if (values.empty()) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  double sum = 0.0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) {
    out.std = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  double sq = 0.0;
  for (double v : values) sq += (v - out.mean) * (v - out.mean);
  out.std = std::sqrt(sq / static_cast<double>(values.size() - 1));
  return out;
}

metrics::ClassTotals cross_validation_totals(const data::Table& rows, const std::optional<metrics::ClassTotals>& given) {
  if (given) return *given;
  if (rows.schema) {
    const data::Schema& schema = *rows.schema;
    if (schema.signal_total && schema.background_total) return {*schema.signal_total, *schema.background_total};
  }
  return metrics::class_totals(rows.analysis_weight(), rows.label);
}

CrossValidationResult cross_validate(const data::Table& table, const RecipeConfig& config,
                                     const CrossValidationOptions& options, const CrossValidationProgress& progress) {
  const auto start = Clock::now();
  config.validate();
  if (options.folds < 2)
    throw ConfigError("cross-validation needs at least 2 folds, got " + std::to_string(options.folds));
  if (options.seeds.empty()) throw ConfigError("cross-validation needs at least one seed");
  data::Table storage;
  const data::Table& t = recipe_rows(table, storage);
  if (t.label.empty()) throw ConfigError(t.source + " has no label column: cross-validation needs labelled events");
  const std::vector<double>& weights = t.analysis_weight();
  const std::size_t n = t.rows();
  const std::vector<std::uint32_t> strata = label_category_strata(t);

  CrossValidationResult result;
  result.source = t.source;
  result.events = n;
  result.folds = options.folds;
  result.recipe = config.describe();
  result.totals = cross_validation_totals(t, options.totals);
  for (const std::uint64_t seed : options.seeds) {
    const auto seed_start = Clock::now();
    RecipeConfig c = config;
    c.seed = seed;
    CrossValidationSeed s;
    s.seed = seed;
    s.scores.assign(n, std::numeric_limits<float>::quiet_NaN());
    s.fold_of_event.assign(n, -1);
    const auto folds = outer_folds(strata, options.folds, seed);
    for (int f = 0; f < options.folds; ++f) {
      const auto fold_start = Clock::now();
      const auto& held = folds[static_cast<std::size_t>(f)];
      std::vector<std::uint32_t> train_rows;
      train_rows.reserve(n - held.size());
      for (int g = 0; g < options.folds; ++g)
        if (g != f) train_rows.insert(train_rows.end(), folds[static_cast<std::size_t>(g)].begin(),
                                      folds[static_cast<std::size_t>(g)].end());
      std::sort(train_rows.begin(), train_rows.end());
      RecipeResult trained = train_recipe(data::select_rows(t, train_rows), c, options.threads);
      const auto model = std::make_shared<const ensemble::Model>(std::move(trained.model));

      const score::Scorer scorer(model);
      // The held-out events in the fold model's features (its codes may be learned).
      const features::EventMatrix events =
          features::to_event_matrix(data::select_rows(t, held), model->pipeline);
      std::vector<std::uint32_t> rows(held.size());
      std::iota(rows.begin(), rows.end(), 0u);
      const auto score_start = Clock::now();
      const std::vector<float> scores =
          score::score_in_parallel(scorer, events, rows, score::ParallelScoring{options.threads, 1024});
      const double score_seconds = since(score_start);
      std::vector<double> w(held.size());
      std::vector<std::int8_t> labels(held.size());
      for (std::size_t i = 0; i < held.size(); ++i) {
        w[i] = weights[held[i]];
        labels[i] = t.label[held[i]];
        // Every event is held out, and scored, exactly once per seed.
        Expects(s.fold_of_event[held[i]] == -1);
        s.scores[held[i]] = scores[i];
        s.fold_of_event[held[i]] = f;
      }
      CrossValidationFold r;
      r.seed = seed;
      r.fold = f;
      r.train_events = train_rows.size();
      r.test_events = held.size();
      r.cut = model->cut;
      r.auc = metrics::roc_auc(scores, w, labels);
      r.ams = metrics::ams_at_cut(scores, metrics::rescale_to_totals(w, labels, result.totals), labels, r.cut);
      r.train_seconds = trained.seconds;
      r.score_seconds = score_seconds;
      r.seconds = since(fold_start);
      s.folds.push_back(r);
      if (progress) progress(r);
    }
    for (const auto& r : s.folds) {
      s.mean_auc += r.auc / static_cast<double>(s.folds.size());
      s.mean_ams += r.ams / static_cast<double>(s.folds.size());
      s.train_seconds += r.train_seconds;
    }
    s.seconds = since(seed_start);
    result.train_seconds += s.train_seconds;
    result.seeds.push_back(std::move(s));
  }
  std::vector<double> aucs, amss;
  for (const auto& s : result.seeds) {
    aucs.push_back(s.mean_auc);
    amss.push_back(s.mean_ams);
  }
  result.auc = mean_and_spread(aucs);
  result.ams = mean_and_spread(amss);
  result.seconds = since(start);
  return result;
}

std::string to_json(const CrossValidationResult& r) {
  using io::json_number;
  using io::json_string;
  auto summary = [](const MeanAndSpread& m) {
    return "{\"mean\":" + json_number(m.mean) + ",\"std\":" + json_number(m.std) + "}";
  };
  std::ostringstream o;
  o << "{\"source\":" << json_string(r.source) << ",\"events\":" << r.events << ",\"folds\":" << r.folds
    << ",\"totals\":{\"signal\":" << json_number(r.totals.signal)
    << ",\"background\":" << json_number(r.totals.background) << "},\"recipe\":" << json_string(r.recipe)
    << ",\"seeds\":[";
  for (std::size_t i = 0; i < r.seeds.size(); ++i) {
    const auto& s = r.seeds[i];
    o << (i ? "," : "") << "{\"seed\":" << s.seed << ",\"mean_auc\":" << json_number(s.mean_auc)
      << ",\"mean_ams\":" << json_number(s.mean_ams) << ",\"train_seconds\":" << json_number(s.train_seconds)
      << ",\"seconds\":" << json_number(s.seconds) << ",\"folds\":[";
    for (std::size_t j = 0; j < s.folds.size(); ++j) {
      const auto& f = s.folds[j];
      o << (j ? "," : "") << "{\"fold\":" << f.fold << ",\"train_events\":" << f.train_events
        << ",\"test_events\":" << f.test_events << ",\"auc\":" << json_number(f.auc)
        << ",\"ams\":" << json_number(f.ams) << ",\"cut\":" << json_number(f.cut)
        << ",\"train_seconds\":" << json_number(f.train_seconds)
        << ",\"score_seconds\":" << json_number(f.score_seconds) << ",\"seconds\":" << json_number(f.seconds) << '}';
    }
    o << "]}";
  }
  o << "],\"auc\":" << summary(r.auc) << ",\"ams\":" << summary(r.ams)
    << ",\"train_seconds\":" << json_number(r.train_seconds) << ",\"seconds\":" << json_number(r.seconds) << '}';
  return o.str();
}

} // namespace sieve::train
