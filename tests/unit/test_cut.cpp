#define BOOST_TEST_MODULE cut
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "sieve/error.hpp"
#include "sieve/metrics/ams.hpp"
#include "sieve/metrics/cut.hpp"
#include "sieve/random.hpp"

namespace tt = boost::test_tools;
using sieve::metrics::choose_cut;
using sieve::metrics::CutChoice;
using sieve::metrics::CutOptions;

namespace {

// 20 events: 8 above min_pred = 0.9, 12 below. AMS of the cut at each prediction above 0.9
// (br = 10, weight factor 1; sums over pred >= p; values from python3 math as in test_ams):
//   0.99: s 10, b  0 -> -1 (b == 0)      0.95: s 30, b 25 -> 4.5249416673377185
//   0.98: s 20, b  0 -> -1 (b == 0)      0.94: s 40, b 25 -> 5.858413420631434
//   0.97: s 20, b  5 -> 4.394411249200994  0.93: s 40, b 65 -> 4.2792666907071935
//   0.96: s 30, b  5 -> 6.234990455496293  0.92: s 45, b 65 -> 4.7750257610798865
// Ranked by AMS: 0.96, 0.94, 0.92, 0.95, 0.97, 0.93, then the -1 events by prediction:
// 0.99, 0.98, 0.85, 0.80, 0.70, ...
struct HandExample {
  std::vector<float> p{0.99f, 0.98f, 0.97f, 0.96f, 0.95f, 0.94f, 0.93f, 0.92f, 0.85f, 0.80f,
                       0.70f, 0.60f, 0.50f, 0.40f, 0.30f, 0.25f, 0.20f, 0.15f, 0.10f, 0.05f};
  std::vector<std::int8_t> l{1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1};
  std::vector<double> w{10, 10, 5, 10, 20, 10, 40, 5, 30, 3, 50, 50, 2, 60, 60, 1, 70, 70, 80, 1};
};

double mean_of(std::initializer_list<float> values) {
  double sum = 0.0;
  for (float v : values)
    sum += static_cast<double>(v);
  return sum / static_cast<double>(values.size());
}

// O(n^2) transcription of the procedure (spec 5.2), with the same tie order as choose_cut:
// AMS descending, then prediction descending, then index ascending.
CutChoice brute_force(const std::vector<float>& p, const std::vector<double>& w,
                      const std::vector<std::int8_t>& l, const CutOptions& o) {
  const std::size_t n = p.size();
  std::vector<double> a(n, -1.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(static_cast<double>(p[i]) >= o.min_pred)) continue;
    double s = 0.0;
    double b = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      if (p[j] >= p[i]) (l[j] == 1 ? s : b) += w[j];
    }
    a[i] = sieve::metrics::ams(o.weight_factor * s, o.weight_factor * b, o.br);
  }
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
    if (a[x] != a[y]) return a[x] > a[y];
    if (p[x] != p[y]) return p[x] > p[y];
    return x < y;
  });
  CutChoice c;
  c.n_top = static_cast<std::size_t>(o.top_perc * static_cast<double>(n) / 100.0);
  double sum = 0.0;
  for (std::size_t k = 0; k < c.n_top; ++k)
    sum += static_cast<double>(p[idx[k]]);
  c.cut = sum / static_cast<double>(c.n_top);
  c.max_ams = a[idx[0]];
  c.max_ams_cut = static_cast<double>(p[idx[0]]);
  double s = 0.0;
  double b = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    if (static_cast<double>(p[j]) >= c.cut) (l[j] == 1 ? s : b) += w[j];
  }
  c.ams = sieve::metrics::ams(o.weight_factor * s, o.weight_factor * b, o.br);
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(hand_example_takes_the_top_four) {
  const HandExample ex;
  CutOptions o;
  o.top_perc = 20.0; // int(20 * 20 / 100) = 4 events: 0.96, 0.94, 0.92, 0.95
  const CutChoice c = choose_cut(ex.p, ex.w, ex.l, o);
  BOOST_TEST(c.n_top == 4u);
  // (0.96 + 0.94 + 0.92 + 0.95) / 4 = 0.9425 (up to the float rounding of the predictions).
  BOOST_TEST(c.cut == mean_of({0.96f, 0.94f, 0.92f, 0.95f}), tt::tolerance(1e-15));
  BOOST_TEST(c.cut == 0.9425, tt::tolerance(1e-7));
  // pred >= 0.9425 keeps 0.99..0.95: s 30, b 25.
  BOOST_TEST(c.ams == 4.5249416673377185, tt::tolerance(1e-13));
  BOOST_TEST(c.max_ams == 6.234990455496293, tt::tolerance(1e-13));
  BOOST_TEST(c.max_ams_cut == static_cast<double>(0.96f));
}

BOOST_AUTO_TEST_CASE(hand_example_fills_up_with_minus_one_events_by_prediction) {
  const HandExample ex;
  CutOptions o;
  o.top_perc = 50.0; // 10 events: the 6 with AMS > 0, then 0.99, 0.98, 0.85, 0.80
  const CutChoice c = choose_cut(ex.p, ex.w, ex.l, o);
  BOOST_TEST(c.n_top == 10u);
  // Sum 9.29 / 10 = 0.929; pred >= 0.929 keeps 0.99..0.93: s 40, b 65.
  BOOST_TEST(c.cut ==
                 mean_of({0.96f, 0.94f, 0.92f, 0.95f, 0.97f, 0.93f, 0.99f, 0.98f, 0.85f, 0.80f}),
             tt::tolerance(1e-15));
  BOOST_TEST(c.cut == 0.929, tt::tolerance(1e-7));
  BOOST_TEST(c.ams == 4.2792666907071935, tt::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(weight_factor_and_min_pred_change_the_ranking) {
  const HandExample ex;
  CutOptions o;
  o.top_perc = 10.0;  // 2 events
  o.min_pred = 0.945; // only 0.99 .. 0.95 may get an AMS
  // AMS > 0 only at 0.97 (s 20, b 5) and 0.96 and 0.95: ranked 0.96, 0.95, 0.97.
  // python3: ams(30, 25) = 4.5249 > ams(20, 5) = 4.3944.
  CutChoice c = choose_cut(ex.p, ex.w, ex.l, o);
  BOOST_TEST(c.cut == mean_of({0.96f, 0.95f}), tt::tolerance(1e-15));
  // Weight factor 5 with br = 10, python3: at 0.97 ams(100, 25) = 12.824983960077077, at
  // 0.96 ams(150, 25) = 17.77787592846505, at 0.95 ams(150, 125) = 11.221060958894485;
  // so now 0.96 then 0.97 lead.
  o.weight_factor = 5.0;
  c = choose_cut(ex.p, ex.w, ex.l, o);
  BOOST_TEST(c.cut == mean_of({0.96f, 0.97f}), tt::tolerance(1e-15));
  BOOST_TEST(c.max_ams == 17.77787592846505, tt::tolerance(1e-13));
  // The cut at 0.965 keeps 0.99, 0.98, 0.97: s 20 * 5, b 5 * 5.
  BOOST_TEST(c.ams == 12.824983960077077, tt::tolerance(1e-13));
}

// Found on the 1,000 real FAIR-Universe events: no cut at or above 0.9 had an AMS (no
// background event there), so every AMS was -1 and the "cut" the mean of the top
// predictions. Now every event's cut is scanned then, as with no min_pred; a sample with
// an AMS above min_pred is unchanged.
BOOST_AUTO_TEST_CASE(predictions_that_never_reach_min_pred_scan_every_cut) {
  const HandExample ex;
  std::vector<float> low = ex.p;
  for (float& v : low) v *= 0.5f;  // all below 0.5
  CutOptions o;
  o.top_perc = 20.0;
  const CutChoice c = choose_cut(low, ex.w, ex.l, o);
  BOOST_TEST(c.min_pred_fallback);
  BOOST_TEST(c.max_ams > 0.0);
  CutOptions every = o;
  every.min_pred = -std::numeric_limits<double>::infinity();
  const CutChoice expected = brute_force(low, ex.w, ex.l, every);
  BOOST_TEST(c.cut == expected.cut, tt::tolerance(1e-15));
  BOOST_TEST(c.ams == expected.ams, tt::tolerance(1e-13));
  BOOST_TEST(c.max_ams == expected.max_ams, tt::tolerance(1e-13));
  BOOST_TEST(!choose_cut(ex.p, ex.w, ex.l, o).min_pred_fallback);
  // Predictions above 0.9, but only signal there: no AMS at min_pred either.
  std::vector<float> signal_high = low;
  std::vector<std::int8_t> labels = ex.l;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == 1) signal_high[i] = 0.95f + 0.001f * static_cast<float>(i);
  const CutChoice s = choose_cut(signal_high, ex.w, labels, o);
  BOOST_TEST(s.min_pred_fallback);
  BOOST_TEST(s.cut == brute_force(signal_high, ex.w, labels, every).cut, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(tied_predictions_share_one_ams) {
  // Two events at 0.95 (one of each class): the cut at 0.95 accepts both, so both have
  // AMS ams(10, 5) and are both taken ahead of 0.91 (ams(20, 5) is larger, so check that
  // ranking): python3 ams(20, 5) = 4.394411249200994 > ams(10, 5) = 2.353992605829409.
  const std::vector<float> p{0.95f, 0.91f, 0.95f, 0.2f};
  const std::vector<std::int8_t> l{1, 1, 0, 0};
  const std::vector<double> w{10.0, 10.0, 5.0, 100.0};
  CutOptions o;
  o.top_perc = 75.0; // 3 events: 0.91, then the two at 0.95
  const CutChoice c = choose_cut(p, w, l, o);
  BOOST_TEST(c.max_ams == 4.394411249200994, tt::tolerance(1e-13));
  BOOST_TEST(c.max_ams_cut == static_cast<double>(0.91f));
  BOOST_TEST(c.cut == mean_of({0.91f, 0.95f, 0.95f}), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(agrees_with_brute_force_on_random_data) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    sieve::CounterRng rng(sieve::key(2020, seed));
    const std::size_t n = 700 + 50 * seed;
    std::vector<float> p(n);
    std::vector<double> w(n);
    std::vector<std::int8_t> l(n);
    const bool quantised = seed % 2 == 0; // every other data set has many tied predictions
    for (std::size_t i = 0; i < n; ++i) {
      l[i] = rng.uniform() < 0.35 ? 1 : 0;
      double raw = l[i] == 1 ? 1.0 - 0.3 * rng.uniform() * rng.uniform() : rng.uniform();
      if (quantised) raw = std::round(raw * 200.0) / 200.0;
      p[i] = static_cast<float>(raw);
      // Kaggle-like: small signal weights, larger background weights.
      w[i] = l[i] == 1 ? 0.001 + 0.004 * rng.uniform() : 0.5 + 4.0 * rng.uniform();
    }
    for (const double top_perc : {1.0, 5.0, 10.0, 30.0}) {
      CutOptions o;
      o.top_perc = top_perc;
      o.weight_factor = 250.0;
      o.min_pred = seed == 3 ? 0.5 : 0.9;
      const CutChoice fast = choose_cut(p, w, l, o);
      const CutChoice slow = brute_force(p, w, l, o);
      BOOST_TEST_CONTEXT("seed " << seed << " top_perc " << top_perc) {
        BOOST_TEST(fast.n_top == slow.n_top);
        BOOST_TEST(fast.cut == slow.cut, tt::tolerance(1e-12));
        BOOST_TEST(fast.ams == slow.ams, tt::tolerance(1e-12));
        BOOST_TEST(fast.max_ams == slow.max_ams, tt::tolerance(1e-12));
        BOOST_TEST(fast.max_ams_cut == slow.max_ams_cut);
        BOOST_TEST(fast.max_ams > 0.0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_bad_inputs) {
  const HandExample ex;
  CutOptions o;
  o.top_perc = 4.0; // 0.8 of an event
  BOOST_CHECK_THROW(choose_cut(ex.p, ex.w, ex.l, o), sieve::InputError);
  o.top_perc = 0.0;
  BOOST_CHECK_THROW(choose_cut(ex.p, ex.w, ex.l, o), sieve::InputError);
  o.top_perc = 101.0;
  BOOST_CHECK_THROW(choose_cut(ex.p, ex.w, ex.l, o), sieve::InputError);
  std::vector<float> p = ex.p;
  p[4] = std::nanf("");
  BOOST_CHECK_THROW(choose_cut(p, ex.w, ex.l, {}), sieve::InputError);
  const std::vector<double> short_w(3, 1.0);
  BOOST_CHECK_THROW(choose_cut(ex.p, short_w, ex.l, {}), sieve::InputError);
}
