#define BOOST_TEST_MODULE lr_finder
#include <boost/test/unit_test.hpp>

#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/error.hpp"
#include "sieve/train/lr_finder.hpp"
#include "sieve/train/training_data.hpp"

#include <cmath>
#include <filesystem>

using namespace sieve;
namespace tt = boost::test_tools;

namespace {

// 3 folds of ~4,800 events with batches of 64: ~75 steps per pass.
train::RecipeConfig lr_config() {
  train::RecipeConfig c = test::small_recipe();
  c.batch_size = 64;
  return c;
}

const train::TrainingData& shared_data() {
  static const train::TrainingData d = train::prepare_training_data(test::real_events(), lr_config());
  return d;
}

std::size_t planned_steps(std::size_t fold) { return shared_data().folds[fold].size() / 64; }

// A curve on the grid lr_min (ratio)^(k / steps) with the given losses.
train::LrCurve curve(double lr_min, double lr_max, std::size_t steps, const std::vector<double>& losses) {
  train::LrCurve c;
  for (std::size_t k = 0; k < losses.size(); ++k)
    c.emplace_back(lr_min * std::pow(lr_max / lr_min, static_cast<double>(k) / static_cast<double>(steps)), losses[k]);
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(curves_grow_in_lr_and_do_not_depend_on_threads) {
  const auto one = train::lr_range_test(shared_data(), lr_config(), 1e-5, 10.0, 1);
  const auto two = train::lr_range_test(shared_data(), lr_config(), 1e-5, 10.0, 2);
  BOOST_TEST_REQUIRE(one.size() == 3u);
  for (std::size_t f = 0; f < one.size(); ++f) {
    BOOST_TEST(one[f] == two[f]);
    BOOST_TEST_REQUIRE(one[f].size() >= 10u);
    BOOST_TEST(one[f].front().first == 1e-5);
    const double growth = std::pow(1e6, 1.0 / static_cast<double>(planned_steps(f)));
    for (std::size_t k = 1; k < one[f].size(); ++k) {
      BOOST_TEST(one[f][k].first > one[f][k - 1].first);
      BOOST_TEST(one[f][k].first / one[f][k - 1].first == growth, tt::tolerance(1e-12));
      BOOST_TEST(std::isfinite(one[f][k].second));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_pass_stops_at_divergence) {
  // Small LRs: every step is taken.
  const auto calm = train::lr_range_test(shared_data(), lr_config(), 1e-6, 1e-3, 2);
  for (std::size_t f = 0; f < calm.size(); ++f) BOOST_TEST(calm[f].size() == planned_steps(f));
  // Up to an LR of 1000 every fold diverges and stops early; what it kept never exceeds
  // 100x its best loss so far.
  const auto wild = train::lr_range_test(shared_data(), lr_config(), 1e-5, 1e3, 2);
  for (std::size_t f = 0; f < wild.size(); ++f) {
    BOOST_TEST(wild[f].size() < planned_steps(f));
    BOOST_TEST(wild[f].back().first < 1e3);
    double best = INFINITY;
    for (const auto& [lr, loss] : wild[f]) {
      BOOST_TEST(loss <= 100.0 * best);
      best = std::min(best, loss);
    }
  }
}

BOOST_AUTO_TEST_CASE(averaging_handles_folds_that_stop_early) {
  const double lo = 1e-4, hi = 1.0;
  const std::size_t steps = 8;
  const auto a = curve(lo, hi, steps, {1, 2, 3, 4, 5, 6, 7, 8});
  const auto b = curve(lo, hi, steps, {3, 4, 5});  // stopped after 3 steps
  // A longer fold (16 steps over the same span) whose loss is linear in log10(LR):
  // interpolated onto the 8-point grid it is exact.
  std::vector<double> linear;
  for (int k = 0; k < 16; ++k) linear.push_back(std::log10(lo) + 4.0 * k / 16.0);
  const auto c = curve(lo, hi, 16, linear);
  const auto mean = train::average_lr_curves({a, b, c}, lo, hi, steps);
  BOOST_TEST_REQUIRE(mean.lr.size() == steps);
  for (std::size_t k = 0; k < steps; ++k) {
    BOOST_TEST(mean.lr[k] == a[k].first, tt::tolerance(1e-12));
    const double c_value = std::log10(mean.lr[k]);
    BOOST_TEST(mean.per_fold[2][k] == c_value, tt::tolerance(1e-9));
    if (k < 3) {
      BOOST_TEST(mean.folds[k] == 3);
      BOOST_TEST(mean.mean_loss[k] == (a[k].second + b[k].second + c_value) / 3.0, tt::tolerance(1e-9));
    } else {
      BOOST_TEST(mean.folds[k] == 2);
      BOOST_TEST(std::isnan(mean.per_fold[1][k]));
      BOOST_TEST(mean.mean_loss[k] == (a[k].second + c_value) / 2.0, tt::tolerance(1e-9));
    }
  }
  // The grid ends where no fold is left.
  const auto short_only = train::average_lr_curves({b}, lo, hi, steps);
  BOOST_TEST(short_only.lr.size() == 3u);
  BOOST_TEST(train::average_lr_curves({train::LrCurve{}}, lo, hi, steps).lr.empty());
}

BOOST_AUTO_TEST_CASE(the_suggestion_rule_on_a_curve_with_a_known_minimum) {
  // loss = 1 + (log10 lr + 1)^2 on 121 points from 1e-5 to 10: minimum at lr = 0.1.
  std::vector<double> lr, loss;
  for (int k = 0; k <= 120; ++k) {
    lr.push_back(1e-5 * std::pow(10.0, k / 20.0));
    loss.push_back(1.0 + std::pow(std::log10(lr.back()) + 1.0, 2));
  }
  const auto s = train::suggest_lr_range(lr, loss, {}, 5);
  BOOST_TEST(s.index == 80u);
  BOOST_TEST(s.lr_at_minimum == 0.1, tt::tolerance(1e-12));
  BOOST_TEST(s.lr_max == 1e-2, tt::tolerance(1e-12));
  BOOST_TEST(s.lr_min == 1e-4, tt::tolerance(1e-12));
  BOOST_TEST(!s.minimum_at_end);
  // Noise on single points is smoothed away: a deep one-point dip elsewhere is not the
  // minimum of the 5-point average.
  auto noisy = loss;
  noisy[40] = 0.5;  // at lr = 1e-3
  BOOST_TEST(train::suggest_lr_range(lr, noisy, {}, 5).index == 80u);
  BOOST_TEST(train::suggest_lr_range(lr, noisy, {}, 1).index == 40u);
  // Only points every fold reaches are searched.
  std::vector<int> folds(lr.size(), 3);
  for (std::size_t k = 60; k < folds.size(); ++k) folds[k] = 2;
  const auto early = train::suggest_lr_range(lr, loss, folds, 5);
  BOOST_TEST(early.index == 59u);
  BOOST_TEST(early.minimum_at_end);
  BOOST_CHECK_THROW(train::suggest_lr_range({}, {}, {}, 5), InputError);
  // The moving average itself.
  const std::vector<double> v = {1, 2, 3, 4, 5};
  const auto m = train::moving_average(v, 3);
  BOOST_TEST(m[0] == 1.5);
  BOOST_TEST(m[2] == 3.0);
  BOOST_TEST(m[4] == 4.5);
}

BOOST_AUTO_TEST_CASE(the_whole_test_writes_its_files) {
  const auto r = train::find_lr(test::real_events(), lr_config(), {});
  BOOST_TEST(r.folds.size() == 3u);
  BOOST_TEST(r.steps_per_fold == std::min({planned_steps(0), planned_steps(1), planned_steps(2)}));
  BOOST_TEST(r.mean.lr.size() == r.smoothed.size());
  BOOST_TEST(r.suggestion.lr_max == r.suggestion.lr_at_minimum / 10.0);
  BOOST_TEST(r.suggestion.lr_min == r.suggestion.lr_max / 100.0);
  test::TempDir dir;
  train::write_lr_finder(dir.file("out"), r);
  const std::string csv = test::read_bytes(dir.file("out/lr_find.csv"));
  BOOST_TEST(csv.rfind("lr,mean_loss,smoothed_loss,folds,fold_0,fold_1,fold_2\n", 0) == 0u);
  BOOST_TEST(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == r.mean.lr.size() + 1);
}
