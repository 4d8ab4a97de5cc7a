#define BOOST_TEST_MODULE ams
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "sieve/error.hpp"
#include "sieve/metrics/ams.hpp"

namespace tt = boost::test_tools;
using sieve::metrics::ams;
using sieve::metrics::ams_at_cut;
using sieve::metrics::selected_sums;

BOOST_AUTO_TEST_CASE(matches_hand_computed_values) {
  // Reference values from python3:
  //   math.sqrt(2*((s+b+br)*math.log(1+s/(b+br))-s))
  BOOST_TEST(ams(100.0, 1000.0, 10.0) == 3.0966917066098105, tt::tolerance(1e-13));
  BOOST_TEST(ams(5.0, 5.0, 0.0) == 1.9654372569987846, tt::tolerance(1e-13));
  BOOST_TEST(ams(3.0, 2.0, 0.0) == 1.7784564427450988, tt::tolerance(1e-13));
  BOOST_TEST(ams(1.0, 100.0, 10.0) == 0.09520233937127774, tt::tolerance(1e-12));
  BOOST_TEST(ams(350.5, 7000.25, 10.0) == 4.1520358670803015, tt::tolerance(1e-13));
  // By hand: with s = (e - 1)(b + br) the log is exactly 1, so the radicand is
  // 2((s + b + br) - s) = 2(b + br) = 100 for b = 40, br = 10: AMS = 10.
  BOOST_TEST(ams((std::numbers::e - 1.0) * 50.0, 40.0, 10.0) == 10.0, tt::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(default_regularisation_is_ten) {
  BOOST_TEST(ams(100.0, 1000.0) == ams(100.0, 1000.0, 10.0));
}

BOOST_AUTO_TEST_CASE(small_signal_limit_is_s_over_sqrt_b) {
  // For s << b, AMS -> s / sqrt(b + br) (1 - s / (6 (b + br)) + ...): here 1e-3 (1 - 1.7e-7).
  BOOST_TEST(ams(1.0, 1.0e6, 0.0) == 1.0e-3, tt::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(edge_cases_return_minus_one) {
  // Spec 5.1 / LUMIN calc_ams: -1 if b == 0, although br = 10 keeps the formula finite.
  BOOST_TEST(ams(10.0, 0.0, 10.0) == -1.0);
  BOOST_TEST(ams(10.0, 0.0, 0.0) == -1.0);
  // s == 0: the radicand is exactly 0, which counts as "<= 0".
  BOOST_TEST(ams(0.0, 50.0, 10.0) == -1.0);
  // NaN inputs give -1 rather than NaN.
  BOOST_TEST(ams(std::nan(""), 50.0, 10.0) == -1.0);
  BOOST_TEST(ams(10.0, std::nan(""), 10.0) == -1.0);
}

namespace {
// The 8 events above 0.9 of test_cut.cpp's hand example plus two below.
const std::vector<float> preds{0.99f, 0.98f, 0.97f, 0.96f, 0.95f, 0.94f, 0.93f, 0.92f, 0.5f, 0.1f};
const std::vector<std::int8_t> labels{1, 1, 0, 1, 0, 1, 0, 1, 1, 0};
const std::vector<double> weights{10, 10, 5, 10, 20, 10, 40, 5, 7, 100};
} // namespace

BOOST_AUTO_TEST_CASE(cut_sums_include_events_at_the_cut) {
  // pred >= 0.95f: signal 10 + 10 + 10 = 30, background 5 + 20 = 25.
  const auto sums = selected_sums(preds, weights, labels, static_cast<double>(0.95f));
  BOOST_TEST(sums.s == 30.0);
  BOOST_TEST(sums.b == 25.0);
  // Slightly above 0.95f drops the background event at 0.95.
  const auto tighter = selected_sums(preds, weights, labels, 0.951);
  BOOST_TEST(tighter.s == 30.0);
  BOOST_TEST(tighter.b == 5.0);
  // Everything: s = 10+10+10+10+5+7 = 52, b = 5+20+40+100 = 165.
  const auto all = selected_sums(preds, weights, labels, 0.0);
  BOOST_TEST(all.s == 52.0);
  BOOST_TEST(all.b == 165.0);
}

BOOST_AUTO_TEST_CASE(ams_at_cut_applies_weight_factor_and_br) {
  // python3: ams(30, 25, 10) = 4.5249416673377185; with factor 2: ams(60, 50, 10).
  BOOST_TEST(ams_at_cut(preds, weights, labels, static_cast<double>(0.95f)) == 4.5249416673377185,
             tt::tolerance(1e-13));
  BOOST_TEST(ams_at_cut(preds, weights, labels, static_cast<double>(0.95f), 2.0) ==
                 ams(60.0, 50.0, 10.0),
             tt::tolerance(1e-15));
  BOOST_TEST(ams_at_cut(preds, weights, labels, static_cast<double>(0.95f), 1.0, 0.0) ==
                 ams(30.0, 25.0, 0.0),
             tt::tolerance(1e-15));
  // Only pure signal above 0.975: b == 0 gives -1.
  BOOST_TEST(ams_at_cut(preds, weights, labels, 0.975) == -1.0);
  // Nothing selected: s = b = 0 gives -1.
  BOOST_TEST(ams_at_cut(preds, weights, labels, 2.0) == -1.0);
}

BOOST_AUTO_TEST_CASE(nan_predictions_are_never_selected) {
  const std::vector<float> p{std::nanf(""), 0.95f, 0.95f};
  const std::vector<double> w{1000.0, 10.0, 5.0};
  const std::vector<std::int8_t> l{1, 1, 0};
  const auto sums = selected_sums(p, w, l, 0.0);
  BOOST_TEST(sums.s == 10.0);
  BOOST_TEST(sums.b == 5.0);
}

BOOST_AUTO_TEST_CASE(rejects_bad_inputs) {
  const std::vector<double> short_weights{1.0, 2.0};
  BOOST_CHECK_THROW(ams_at_cut(preds, short_weights, labels, 0.5), sieve::InputError);
  std::vector<std::int8_t> bad_labels = labels;
  bad_labels[3] = 2;
  BOOST_CHECK_EXCEPTION(ams_at_cut(preds, weights, bad_labels, 0.5), sieve::InputError,
                        [](const sieve::InputError& e) {
                          return std::string(e.what()).find("event 3") != std::string::npos;
                        });
}
