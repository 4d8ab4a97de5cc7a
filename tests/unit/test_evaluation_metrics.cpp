#define BOOST_TEST_MODULE evaluation_metrics
#include <boost/test/unit_test.hpp>

#include "sieve/error.hpp"
#include "sieve/io/json.hpp"
#include "sieve/metrics/ams_scan.hpp"
#include "sieve/metrics/class_totals.hpp"
#include "sieve/metrics/evaluation.hpp"
#include "sieve/metrics/roc.hpp"

#include <cmath>
#include <vector>

using namespace sieve;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(max_ams_is_the_best_cut_at_a_prediction) {
  const std::vector<float> p = {0.9f, 0.8f, 0.8f, 0.5f, 0.1f};
  const std::vector<double> w = {10.0, 5.0, 20.0, 1.0, 40.0};
  const std::vector<std::int8_t> l = {1, 1, 0, 1, 0};
  // Every cut by hand: the tied 0.8 events enter together.
  double best = -1.0, best_cut = 0.0;
  for (float cut : {0.9f, 0.8f, 0.5f, 0.1f}) {
    const double a = metrics::ams_at_cut(p, w, l, cut, 2.0);
    if (a > best) {
      best = a;
      best_cut = cut;
    }
  }
  const auto scan = metrics::max_ams(p, w, l, 2.0);
  BOOST_TEST(scan.max_ams == best);
  BOOST_TEST(scan.cut == best_cut);
  BOOST_TEST(scan.selected.s == metrics::selected_sums(p, w, l, best_cut, 2.0).s);
  // No signal at all: no cut has a positive AMS.
  const std::vector<std::int8_t> background = {0, 0, 0, 0, 0};
  BOOST_TEST(metrics::max_ams(p, w, background).max_ams == -1.0);
  BOOST_CHECK_THROW(metrics::max_ams(p, w, std::vector<std::int8_t>{1, 0}), InputError);
}

BOOST_AUTO_TEST_CASE(rescaling_reaches_the_totals_per_class) {
  const std::vector<double> w = {1.0, 3.0, 2.0, 2.0};
  const std::vector<std::int8_t> l = {1, 1, 0, 0};
  const auto t = metrics::class_totals(w, l);
  BOOST_TEST(t.signal == 4.0);
  BOOST_TEST(t.background == 4.0);
  const auto r = metrics::rescale_to_totals(w, l, metrics::kKaggleTrainingTotals);
  BOOST_TEST(r[0] == 691.988608 / 4.0, tt::tolerance(1e-15));
  BOOST_TEST(r[1] == 3.0 * 691.988608 / 4.0, tt::tolerance(1e-15));
  const auto after = metrics::class_totals(r, l);
  BOOST_TEST(after.signal == 691.988608, tt::tolerance(1e-14));
  BOOST_TEST(after.background == 410999.847322, tt::tolerance(1e-14));
  // A class with no weight cannot be scaled up.
  const std::vector<std::int8_t> only_background = {0, 0, 0, 0};
  BOOST_CHECK_THROW(metrics::rescale_to_totals(w, only_background, {1.0, 1.0}), InputError);
  BOOST_CHECK_THROW(metrics::rescale_to_totals(w, l, {-1.0, 1.0}), InputError);
}

BOOST_AUTO_TEST_CASE(evaluation_groups_by_set_in_t_b_v_u_order) {
  // Events of sets v, b, t interleaved; 'u' absent.
  const std::vector<float> p = {0.9f, 0.2f, 0.7f, 0.95f, 0.1f, 0.6f, 0.99f, 0.3f, 0.4f};
  const std::vector<double> w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<std::int8_t> l = {1, 0, 1, 1, 0, 0, 1, 0, 1};
  const std::vector<char> s = {'v', 'b', 't', 'v', 'b', 't', 'v', 'b', 't'};
  metrics::EvaluationOptions o;
  o.cut = 0.5;
  const auto sets = metrics::evaluate_by_set(p, w, l, s, o);
  BOOST_TEST_REQUIRE(sets.size() == 3u);
  BOOST_TEST(sets[0].set == 't');
  BOOST_TEST(sets[1].set == 'b');
  BOOST_TEST(sets[2].set == 'v');
  // Set v by hand: events 0, 3, 6.
  const std::vector<float> pv = {0.9f, 0.95f, 0.99f};
  const std::vector<double> wv = {1, 4, 7};
  const std::vector<std::int8_t> lv = {1, 1, 1};
  BOOST_TEST(sets[2].events == 3u);
  BOOST_TEST(sets[2].signal_events == 3u);
  BOOST_TEST(sets[2].ams_at_cut == metrics::ams_at_cut(pv, wv, lv, 0.5));
  BOOST_TEST(std::isnan(sets[2].auc));  // no background in v
  // Set t: events 2, 5, 8.
  const std::vector<float> pt = {0.7f, 0.6f, 0.4f};
  const std::vector<double> wt = {3, 6, 9};
  const std::vector<std::int8_t> lt = {1, 0, 1};
  BOOST_TEST(sets[0].ams_at_cut == metrics::ams_at_cut(pt, wt, lt, 0.5));
  BOOST_TEST(sets[0].auc == metrics::roc_auc(pt, wt, lt));
  BOOST_TEST(sets[0].max_ams >= sets[0].ams_at_cut);
  // No set codes: one entry for everything.
  const auto all = metrics::evaluate_by_set(p, w, l, {}, o);
  BOOST_TEST_REQUIRE(all.size() == 1u);
  BOOST_TEST(all[0].set == metrics::kWholeSample);
  BOOST_TEST(all[0].events == 9u);
  BOOST_TEST(metrics::ams_label('b') == "public AMS");
  BOOST_TEST(metrics::ams_label('v') == "private AMS");
  // Rescaled: each set's classes reach the totals; a class absent from a set stays 0.
  o.rescale = metrics::ClassTotals{100.0, 1000.0};
  const auto scaled = metrics::evaluate_by_set(p, w, l, s, o);
  BOOST_TEST(scaled[0].weights.signal == 100.0, tt::tolerance(1e-12));
  BOOST_TEST(scaled[0].weights.background == 1000.0, tt::tolerance(1e-12));
  BOOST_TEST(scaled[2].weights.background == 0.0);
  BOOST_TEST(scaled[0].auc == sets[0].auc, tt::tolerance(1e-12));  // per-class scaling keeps the AUC
  BOOST_CHECK_THROW(metrics::evaluate_by_set(p, w, l, std::vector<char>(9, 'x'), o), InputError);
}

BOOST_AUTO_TEST_CASE(json_leaves_are_strict) {
  BOOST_TEST(io::json_number(0.5) == "0.5");
  BOOST_TEST(io::json_number(std::nan("")) == "null");
  BOOST_TEST(io::json_number(-INFINITY) == "null");
  BOOST_TEST(io::json_string("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
}
