#define BOOST_TEST_MODULE evaluation
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "sieve/error.hpp"
#include "sieve/metrics/ams.hpp"
#include "sieve/metrics/class_totals.hpp"
#include "sieve/metrics/roc.hpp"
#include "sieve/score/footprint.hpp"
#include "sieve/score/parallel_scoring.hpp"
#include "sieve/score/table_evaluation.hpp"
#include "sieve/train/recipe.hpp"

#include <cmath>
#include <memory>

using namespace sieve;
namespace tt = boost::test_tools;

namespace {

const std::shared_ptr<const ensemble::Model>& small_model() {
  static const auto model = std::make_shared<const ensemble::Model>(
      train::train_recipe(test::real_events(), test::small_recipe(), 2).model);
  return model;
}

// The real events with KaggleSet t, b and v dealt in turn (as in a release-layout file).
const data::Table& three_sets() {
  static const data::Table table = [] {
    data::Table t = test::real_events();
    t.set.resize(t.rows());
    for (std::size_t i = 0; i < t.rows(); ++i) t.set[i] = "tbv"[i % 3];
    return t;
  }();
  return table;
}

// Inputs of one set, for computing its figures by hand.
struct Subset {
  std::vector<float> scores;
  std::vector<double> weights;
  std::vector<std::int8_t> labels;
};
Subset subset(const data::Table& t, const std::vector<float>& scores, char set) {
  Subset s;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (t.set[i] != set) continue;
    s.scores.push_back(scores[i]);
    s.weights.push_back(t.weight[i]);
    s.labels.push_back(t.label[i]);
  }
  return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(per_set_ams_is_ams_at_cut_on_that_set) {
  const auto& model = small_model();
  const auto e = score::evaluate_table(model, three_sets(), {});
  BOOST_TEST_REQUIRE(e.sets.size() == 3u);
  BOOST_TEST(e.events == 18000u);
  BOOST_TEST(e.cut == model->cut);
  std::size_t total = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const metrics::SetMetrics& m = e.sets[k];
    BOOST_TEST(m.set == "tbv"[k]);
    total += m.events;
    const Subset s = subset(three_sets(), e.scores, m.set);
    BOOST_TEST(m.events == s.scores.size());
    BOOST_TEST(m.ams_at_cut == metrics::ams_at_cut(s.scores, s.weights, s.labels, model->cut));
    BOOST_TEST(m.auc == metrics::roc_auc(s.scores, s.weights, s.labels));
    BOOST_TEST(m.max_ams >= m.ams_at_cut);
    BOOST_TEST(m.ams_at_cut > 0.0);
  }
  BOOST_TEST(total == 18000u);
  // The scores are the model's own scores of the events, with TTA.
  const auto events = features::to_event_matrix(three_sets(), model->pipeline);
  std::vector<std::uint32_t> rows(events.rows());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(i);
  std::vector<float> reference(rows.size());
  score::score_events(*model, events, rows, reference);
  BOOST_TEST(e.scores == reference, tt::per_element());
}

BOOST_AUTO_TEST_CASE(rescaling_scales_each_set_to_the_totals) {
  const auto& model = small_model();
  score::TableEvaluationOptions o;
  o.rescale = metrics::kKaggleTrainingTotals;
  const auto plain = score::evaluate_table(model, three_sets(), {});
  const auto scaled = score::evaluate_table(model, three_sets(), o);
  for (std::size_t k = 0; k < 3; ++k) {
    const metrics::SetMetrics& m = scaled.sets[k];
    BOOST_TEST(m.weights.signal == 691.988608, tt::tolerance(1e-12));
    BOOST_TEST(m.weights.background == 410999.847322, tt::tolerance(1e-12));
    const Subset s = subset(three_sets(), scaled.scores, m.set);
    const auto w = metrics::rescale_to_totals(s.weights, s.labels, metrics::kKaggleTrainingTotals);
    BOOST_TEST(m.ams_at_cut == metrics::ams_at_cut(s.scores, w, s.labels, model->cut));
    // About 40x the weight of a third of 18,000 events: a much larger AMS, same AUC.
    BOOST_TEST(m.ams_at_cut > 3.0 * plain.sets[k].ams_at_cut);
    BOOST_TEST(m.auc == plain.sets[k].auc, tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(results_are_identical_with_one_and_two_threads) {
  const auto& model = small_model();
  score::TableEvaluationOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = score::evaluate_table(model, three_sets(), one);
  const auto b = score::evaluate_table(model, three_sets(), two);
  BOOST_TEST(a.scores == b.scores, tt::per_element());
  for (std::size_t k = 0; k < a.sets.size(); ++k) {
    BOOST_TEST(a.sets[k].ams_at_cut == b.sets[k].ams_at_cut);
    BOOST_TEST(a.sets[k].max_ams == b.sets[k].max_ams);
    BOOST_TEST(a.sets[k].auc == b.sets[k].auc);
  }
  // Blocks that do not divide the events: the same scores for any thread count. (A
  // different block size may change the last bits of a few scores: how rows are batched
  // into GEMMs changes the rounding, which is why the blocks are fixed.)
  const score::Scorer scorer(model);
  const auto events = features::to_event_matrix(three_sets(), model->pipeline);
  const auto odd1 = score::score_in_parallel(scorer, events, score::ParallelScoring{1, 777});
  const auto odd2 = score::score_in_parallel(scorer, events, score::ParallelScoring{2, 777});
  BOOST_TEST(odd1 == odd2, tt::per_element());
  for (std::size_t i = 0; i < odd1.size(); ++i) BOOST_TEST_REQUIRE(std::abs(odd1[i] - a.scores[i]) <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(a_file_without_sets_is_one_sample_and_labels_are_required) {
  const auto& model = small_model();
  const auto e = score::evaluate_table(model, test::real_events(), {});
  BOOST_TEST_REQUIRE(e.sets.size() == 1u);
  BOOST_TEST(e.sets[0].set == 't');  // the shipped file is all KaggleSet t
  data::Table no_sets = test::real_events();
  no_sets.set.clear();
  const auto whole = score::evaluate_table(model, no_sets, {});
  BOOST_TEST(whole.sets[0].set == metrics::kWholeSample);
  BOOST_TEST(whole.sets[0].ams_at_cut == e.sets[0].ams_at_cut);
  const std::string json = score::to_json(whole);
  BOOST_TEST(json.find("\"set\":\"all\"") != std::string::npos);
  data::Table unlabelled = no_sets;
  unlabelled.label.clear();
  BOOST_CHECK_THROW(score::evaluate_table(model, unlabelled, {}), ConfigError);
}

BOOST_AUTO_TEST_CASE(footprint_counts_parameters_and_workspace) {
  const auto& model = small_model();
  const score::Scorer scorer(model);
  const auto f = score::footprint(scorer, 1024);
  BOOST_TEST(f.parameter_bytes == 3u * model->network.parameter_count() * sizeof(float));
  BOOST_TEST(f.model_bytes == f.parameter_bytes + f.pipeline_bytes);
  BOOST_TEST(f.pipeline_bytes >= 2u * 30u * sizeof(float));
  BOOST_TEST(f.workspace_bytes == score::ScorerWorkspace(scorer, 1024).bytes());
}
