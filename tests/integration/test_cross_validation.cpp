#define BOOST_TEST_MODULE cross_validation
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "sieve/error.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/metrics/ams.hpp"
#include "sieve/metrics/class_totals.hpp"
#include "sieve/metrics/roc.hpp"
#include "sieve/train/cross_validation.hpp"

#include <cmath>
#include <set>

using namespace sieve;
namespace tt = boost::test_tools;

namespace {

// One member of a small network, one pass over one fold: milliseconds per training.
train::RecipeConfig tiny() {
  train::RecipeConfig c;
  c.members = 1;
  c.folds = 2;
  c.epochs = 1;
  c.network.width = 16;
  c.network.depth = 2;
  return c;
}

// The first 6,000 real events.
const data::Table& events() {
  static const data::Table t = [] {
    std::vector<std::uint32_t> rows(6000);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(i);
    return data::select_rows(test::real_events(), rows);
  }();
  return t;
}

std::vector<std::uint32_t> strata() {
  const auto m = features::to_event_matrix(events(), features::FeatureLayout(data::higgsml_schema(), data::higgsml_schema().columns, {{0.0f, 1.0f, 2.0f, 3.0f}}), data::higgsml_schema().columns);
  std::vector<std::uint32_t> s(events().rows());
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::uint32_t>(events().label[i] * 4 + m.codes[i]);
  return s;
}

train::CrossValidationOptions options(std::vector<std::uint64_t> seeds, int threads = 2) {
  train::CrossValidationOptions o;
  o.folds = 3;
  o.seeds = std::move(seeds);
  o.threads = threads;
  return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(outer_folds_partition_the_rows_by_stratum) {
  const auto s = strata();
  const auto folds = train::outer_folds(s, 5, 1337);
  BOOST_TEST_REQUIRE(folds.size() == 5u);
  std::vector<int> seen(s.size(), 0);
  for (const auto& fold : folds) {
    BOOST_TEST(std::is_sorted(fold.begin(), fold.end()));
    BOOST_TEST(std::abs(static_cast<double>(fold.size()) - 1200.0) <= 8.0);
    for (auto r : fold) ++seen[r];
  }
  BOOST_TEST(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  // Stratified: each (label, jet count) stratum is spread evenly over the folds.
  for (std::uint32_t stratum = 0; stratum < 8; ++stratum) {
    std::vector<long> counts;
    for (const auto& fold : folds)
      counts.push_back(std::count_if(fold.begin(), fold.end(), [&](std::uint32_t r) { return s[r] == stratum; }));
    BOOST_TEST(*std::max_element(counts.begin(), counts.end()) - *std::min_element(counts.begin(), counts.end()) <= 1);
  }
  BOOST_TEST(train::outer_folds(s, 5, 1337) == folds);
  BOOST_TEST(train::outer_folds(s, 5, 2222) != folds);
  BOOST_CHECK_THROW(train::outer_folds(s, 1, 1337), ConfigError);
}

BOOST_AUTO_TEST_CASE(every_event_is_scored_exactly_once_per_seed) {
  const auto r = train::cross_validate(events(), tiny(), options({11, 12}));
  BOOST_TEST(r.events == 6000u);
  BOOST_TEST_REQUIRE(r.seeds.size() == 2u);
  for (const auto& s : r.seeds) {
    BOOST_TEST_REQUIRE(s.folds.size() == 3u);
    std::size_t test_events = 0;
    for (const auto& f : s.folds) {
      BOOST_TEST(f.train_events + f.test_events == 6000u);
      BOOST_TEST(static_cast<std::size_t>(std::count(s.fold_of_event.begin(), s.fold_of_event.end(), f.fold)) ==
                 f.test_events);
      test_events += f.test_events;
      // The fold's figures from its held-out scores, by hand.
      std::vector<float> p;
      std::vector<double> w;
      std::vector<std::int8_t> l;
      for (std::size_t i = 0; i < 6000; ++i) {
        if (s.fold_of_event[i] != f.fold) continue;
        p.push_back(s.scores[i]);
        w.push_back(events().weight[i]);
        l.push_back(events().label[i]);
      }
      BOOST_TEST(f.auc == metrics::roc_auc(p, w, l));
      const auto scaled = metrics::rescale_to_totals(w, l, metrics::kKaggleTrainingTotals);
      BOOST_TEST(f.ams == metrics::ams_at_cut(p, scaled, l, f.cut));
      BOOST_TEST(f.auc > 0.7);
    }
    BOOST_TEST(test_events == 6000u);
    BOOST_TEST(std::none_of(s.scores.begin(), s.scores.end(), [](float x) { return std::isnan(x); }));
    BOOST_TEST(std::none_of(s.fold_of_event.begin(), s.fold_of_event.end(), [](int f) { return f < 0 || f > 2; }));
    double mean = 0;
    for (const auto& f : s.folds) mean += f.ams / 3.0;
    BOOST_TEST(s.mean_ams == mean, tt::tolerance(1e-12));
  }
  // Different seeds deal different folds.
  BOOST_TEST(r.seeds[0].fold_of_event != r.seeds[1].fold_of_event);
  const double means[2] = {r.seeds[0].mean_auc, r.seeds[1].mean_auc};
  const auto summary = train::mean_and_spread(means);
  BOOST_TEST(r.auc.mean == summary.mean);
  BOOST_TEST(r.auc.std == summary.std);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_identical_numbers_with_any_thread_count) {
  const auto a = train::cross_validate(events(), tiny(), options({5}, 1));
  const auto b = train::cross_validate(events(), tiny(), options({5}, 2));
  BOOST_TEST(a.seeds[0].scores == b.seeds[0].scores, tt::per_element());
  BOOST_TEST(a.seeds[0].fold_of_event == b.seeds[0].fold_of_event, tt::per_element());
  for (std::size_t f = 0; f < 3; ++f) {
    BOOST_TEST(a.seeds[0].folds[f].auc == b.seeds[0].folds[f].auc);
    BOOST_TEST(a.seeds[0].folds[f].ams == b.seeds[0].folds[f].ams);
    BOOST_TEST(a.seeds[0].folds[f].cut == b.seeds[0].folds[f].cut);
  }
  BOOST_TEST(a.ams.mean == b.ams.mean);
  BOOST_TEST(std::isnan(a.ams.std));  // one seed: no spread
}

BOOST_AUTO_TEST_CASE(summary_and_errors) {
  const double v[3] = {1.0, 2.0, 3.0};
  const auto m = train::mean_and_spread(v);
  BOOST_TEST(m.mean == 2.0);
  BOOST_TEST(m.std == 1.0);
  auto o = options({1});
  o.folds = 1;
  BOOST_CHECK_THROW(train::cross_validate(events(), tiny(), o), ConfigError);
  BOOST_CHECK_THROW(train::cross_validate(events(), tiny(), options({})), ConfigError);
  data::Table unlabelled = events();
  unlabelled.label.clear();
  BOOST_CHECK_THROW(train::cross_validate(unlabelled, tiny(), options({1})), ConfigError);
}
