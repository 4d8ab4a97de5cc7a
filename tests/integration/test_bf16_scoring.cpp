#define BOOST_TEST_MODULE bf16_scoring
#include <boost/test/unit_test.hpp>

#include "golden_model.hpp"
#include "alloc_counter.hpp"
#include "small_recipe.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/score/scoring_config.hpp"

#include <cmath>
#include <string>

using namespace sieve;
using test::first_events;
using test::golden;
using test::Rows;

namespace {

score::ScorerOptions with(const char* variations, nn::Precision precision) {
  score::ScorerOptions o;
  o.variations = physics::parse_variations(variations);
  o.precision = precision;
  return o;
}

// The tests that evaluate in bf16 say why they skip on a CPU without it.
bool bf16_here() {
  if (nn::precision_supported(nn::Precision::BFloat16)) return true;
  BOOST_TEST_MESSAGE("skipped: this CPU (or build) has no AMX-BF16");
  return false;
}

} // namespace

// bf16 rounds the weights and the hidden layers' inputs to 8 significant bits (relative
// error up to 2^-9 each; the network's inputs take two bf16 parts, about 2^-17); the sums,
// biases and activations stay float32. Over the
// ~100 products of a sum those errors are independent, so a logit moves by about
// 2^-9 x its typical term x 10 (about 1e-3 to 1e-2), and a probability by at most a
// quarter of that: every score within 2e-2 of float32's, the mean difference within 1e-3.
BOOST_AUTO_TEST_CASE(bf16_scores_of_real_events_are_close_to_float32) {
  if (!bf16_here()) return;
  const auto model = golden();
  const Rows rows = first_events(2000);
  const score::InputBinding binding(*model, rows.columns);
  std::vector<float> reference(2000), reduced(2000);
  for (auto [precision, out] : {std::pair{nn::Precision::Float32, &reference}, std::pair{nn::Precision::BFloat16, &reduced}}) {
    const score::Scorer scorer(model, with("nominal", precision));
    score::ScorerWorkspace ws(scorer, 2000);
    scorer.score(ws, binding, rows.values, rows.ids, *out);
  }
  double sum = 0.0, most = 0.0;
  std::size_t differ = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double d = std::abs(static_cast<double>(reference[i]) - reduced[i]);
    sum += d;
    most = std::max(most, d);
    differ += reference[i] != reduced[i];
  }
  BOOST_TEST_MESSAGE("bf16 - float32: max " << most << ", mean " << sum / 2000.0);
  BOOST_TEST(most < 2e-2);
  BOOST_TEST(sum / 2000.0 < 1e-3);
  // The inputs' second bf16 part is there: with their rounding alone the mean is 2.4e-4
  // on these events (9.4e-5 with both parts).
  BOOST_TEST(sum / 2000.0 < 1.5e-4);
  BOOST_TEST(differ > 1000u);  // it did evaluate in bf16
}

BOOST_AUTO_TEST_CASE(bf16_an_event_scores_the_same_alone_or_in_any_batch_and_allocates_nothing) {
  if (!bf16_here()) return;
  const auto model = golden();
  const Rows rows = first_events(300);
  const score::InputBinding binding(*model, rows.columns);
  const std::size_t w = binding.width();
  for (const char* variations : {"nominal", "nominal,tes_up,jes_down,soft_met"}) {
    const score::Scorer scorer(model, with(variations, nn::Precision::BFloat16));
    const std::size_t V = scorer.variations().size();
    score::ScorerWorkspace ws(scorer, 300);
    std::vector<float> all(300 * V);
    scorer.score(ws, binding, rows.values, rows.ids, all);
    for (std::size_t e : {0, 1, 77, 290})
      for (std::size_t n : {1, 2, 9}) {
        std::vector<float> some(n * V);
        scorer.score(ws, binding, std::span(rows.values).subspan(e * w, n * w), std::span(rows.ids).subspan(e, n), some);
        for (std::size_t i = 0; i < n * V; ++i) BOOST_TEST(some[i] == all[e * V + i], variations << ": " << n << " events from " << e);
      }
    BOOST_TEST(test::count_allocations([&] { scorer.score(ws, binding, rows.values, rows.ids, all); }) == 0);
  }
}

BOOST_AUTO_TEST_CASE(bf16_without_the_cpu_or_the_copies_is_a_configuration_error) {
  const auto model = golden();
  if (!nn::precision_supported(nn::Precision::BFloat16)) {
    try {
      const score::Scorer scorer(model, with("nominal", nn::Precision::BFloat16));
      BOOST_FAIL("a bf16 scorer was built on a CPU without AMX-BF16");
    } catch (const ConfigError& e) {
      BOOST_TEST(std::string(e.what()).find("AMX-BF16") != std::string::npos, e.what());
    }
  } else {
    BOOST_TEST_MESSAGE("this CPU has AMX-BF16: the unsupported-CPU error cannot be raised here");
  }
  score::ScorerOptions no_copies = with("nominal", nn::Precision::BFloat16);
  no_copies.tta = false;
  BOOST_CHECK_THROW(score::Scorer(model, no_copies), ConfigError);
}

BOOST_AUTO_TEST_CASE(precision_names_parse_and_configure_a_scorer) {
  BOOST_TEST(nn::to_string(nn::parse_precision("float32")) == "float32");
  BOOST_TEST(nn::to_string(nn::parse_precision("bf16")) == "bf16");
  BOOST_TEST(nn::to_string(nn::Precision::BFloat16) == "bf16");
  BOOST_CHECK_THROW(nn::parse_precision("fp16"), ConfigError);
  score::ScoringConfig config;
  config.precision = nn::Precision::BFloat16;
  BOOST_TEST(nn::to_string(score::scorer_options(config, *golden()).precision) == "bf16");
  BOOST_TEST(nn::to_string(score::scorer_options(score::ScoringConfig{}, *golden()).precision) == "float32");
}
