#define BOOST_TEST_MODULE roc
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sieve/error.hpp"
#include "sieve/metrics/roc.hpp"
#include "sieve/random.hpp"

namespace tt = boost::test_tools;
using sieve::metrics::roc_auc;
using sieve::metrics::roc_curve;

BOOST_AUTO_TEST_CASE(perfect_separation_gives_one_and_reversed_gives_zero) {
  const std::vector<float> p{0.9f, 0.8f, 0.7f, 0.3f, 0.2f, 0.1f};
  const std::vector<std::int8_t> l{1, 1, 1, 0, 0, 0};
  const std::vector<double> w{1.0, 2.0, 0.5, 3.0, 1.0, 7.0};
  BOOST_TEST(roc_auc(p, w, l) == 1.0);
  const std::vector<std::int8_t> reversed{0, 0, 0, 1, 1, 1};
  BOOST_TEST(roc_auc(p, w, reversed) == 0.0);
}

BOOST_AUTO_TEST_CASE(all_equal_predictions_give_one_half) {
  const std::vector<float> p(5, 0.4f);
  const std::vector<std::int8_t> l{1, 0, 0, 1, 0};
  const std::vector<double> w{1.0, 2.0, 3.0, 4.0, 5.0};
  BOOST_TEST(roc_auc(p, w, l) == 0.5);
}

BOOST_AUTO_TEST_CASE(unweighted_textbook_example) {
  // Scores 0.1 (b), 0.4 (b), 0.35 (s), 0.8 (s): of the 4 (s, b) pairs only
  // (0.35, 0.4) is mis-ordered, so AUC = 3/4.
  const std::vector<float> p{0.1f, 0.4f, 0.35f, 0.8f};
  const std::vector<std::int8_t> l{0, 0, 1, 1};
  BOOST_TEST(roc_auc(p, {}, l) == 0.75, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(weighted_example_with_a_tie) {
  // Signal: 0.8 (w 1), 0.5 (w 2); background: 0.5 (w 1), 0.2 (w 3). S = 3, B = 4.
  // Weighted pairs won by signal: 0.8 beats both backgrounds: 1 * 4 = 4;
  // 0.5 beats 0.2: 2 * 3 = 6; 0.5 ties 0.5: half of 2 * 1 = 1. AUC = 11 / 12.
  const std::vector<float> p{0.8f, 0.5f, 0.5f, 0.2f};
  const std::vector<std::int8_t> l{1, 1, 0, 0};
  const std::vector<double> w{1.0, 2.0, 1.0, 3.0};
  BOOST_TEST(roc_auc(p, w, l) == 11.0 / 12.0, tt::tolerance(1e-15));

  // The curve: (0,0) at +inf; after 0.8: (0, 1/3); after the tied 0.5 group: (1/4, 1);
  // after 0.2: (1, 1). Its trapezoid area is 1/4 * (1/3 + 1)/2 + 3/4 * 1 = 11/12.
  const auto c = roc_curve(p, w, l);
  BOOST_TEST_REQUIRE(c.threshold.size() == 4u);
  BOOST_TEST(std::isinf(c.threshold[0]));
  BOOST_TEST(c.threshold[1] == static_cast<double>(0.8f));
  BOOST_TEST(c.threshold[2] == static_cast<double>(0.5f));
  BOOST_TEST(c.threshold[3] == static_cast<double>(0.2f));
  const std::vector<double> fpr{0.0, 0.0, 0.25, 1.0};
  const std::vector<double> tpr{0.0, 1.0 / 3.0, 1.0, 1.0};
  BOOST_TEST(c.false_positive_rate == fpr, tt::per_element());
  BOOST_TEST(c.true_positive_rate == tpr, tt::per_element());
}

BOOST_AUTO_TEST_CASE(agrees_with_pairwise_definition_on_random_data) {
  // O(n^2) definition: sum over (s, b) pairs of w_s w_b [p_s > p_b] + w_s w_b / 2 [p_s == p_b].
  sieve::CounterRng rng(sieve::key(42, 7));
  const std::size_t n = 600;
  std::vector<float> p(n);
  std::vector<double> w(n);
  std::vector<std::int8_t> l(n);
  for (std::size_t i = 0; i < n; ++i) {
    l[i] = rng.uniform() < 0.4 ? 1 : 0;
    // Quantised to 1/50 so that many predictions tie, shifted up for signal.
    const double raw = 0.6 * rng.uniform() + (l[i] == 1 ? 0.3 : 0.0);
    p[i] = static_cast<float>(std::round(raw * 50.0) / 50.0);
    w[i] = 0.1 + rng.uniform();
  }
  double wins = 0.0;
  double s_total = 0.0;
  double b_total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    (l[i] == 1 ? s_total : b_total) += w[i];
    if (l[i] != 1) continue;
    for (std::size_t j = 0; j < n; ++j) {
      if (l[j] != 0) continue;
      if (p[i] > p[j]) wins += w[i] * w[j];
      if (p[i] == p[j]) wins += 0.5 * w[i] * w[j];
    }
  }
  const double expected = wins / (s_total * b_total);
  BOOST_TEST(expected > 0.6);
  BOOST_TEST(expected < 0.99);
  BOOST_TEST(roc_auc(p, w, l) == expected, tt::tolerance(1e-12));

  // The curve's trapezoid area is the same number, and it ends at (1, 1).
  const auto c = roc_curve(p, w, l);
  double area = 0.0;
  for (std::size_t k = 1; k < c.threshold.size(); ++k) {
    area += (c.false_positive_rate[k] - c.false_positive_rate[k - 1]) *
            (c.true_positive_rate[k] + c.true_positive_rate[k - 1]) / 2.0;
    BOOST_TEST(c.threshold[k] < c.threshold[k - 1]);
  }
  BOOST_TEST(area == expected, tt::tolerance(1e-12));
  BOOST_TEST(c.false_positive_rate.back() == 1.0);
  BOOST_TEST(c.true_positive_rate.back() == 1.0);
}

BOOST_AUTO_TEST_CASE(rejects_bad_inputs) {
  const std::vector<float> p{0.2f, 0.4f};
  const std::vector<std::int8_t> l{1, 0};
  const std::vector<double> w{1.0};
  BOOST_CHECK_THROW(roc_auc(p, w, l), sieve::InputError);
  const std::vector<std::int8_t> one_class{1, 1};
  BOOST_CHECK_THROW(roc_auc(p, {}, one_class), sieve::InputError);
  const std::vector<float> with_nan{0.2f, std::numeric_limits<float>::quiet_NaN()};
  BOOST_CHECK_THROW(roc_curve(with_nan, {}, l), sieve::InputError);
  const std::vector<std::int8_t> bad_label{1, -1};
  BOOST_CHECK_THROW(roc_auc(p, {}, bad_label), sieve::InputError);
}
