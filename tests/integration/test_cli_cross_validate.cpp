#define BOOST_TEST_MODULE cli_cross_validate
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/train/cross_validation.hpp"

using namespace sieve;
using test::contains;
namespace tt = boost::test_tools;

namespace {
// A tiny recipe as flags and as a configuration.
const std::string kTinyFlags = " --members 1 --recipe-folds 2 --epochs 1 --width 16 --depth 2";
train::RecipeConfig tiny() {
  train::RecipeConfig c;
  c.members = 1;
  c.folds = 2;
  c.epochs = 1;
  c.network.width = 16;
  c.network.depth = 2;
  return c;
}
} // namespace

BOOST_AUTO_TEST_CASE(prints_per_seed_means_and_the_spread_and_writes_json) {
  test::TempDir dir;
  const std::string json = dir.file("cv.json");
  const auto r = test::run_sieve("cross-validate --data " + test::kRealEvents + " --folds 3 --seeds 21,22 --threads 2" +
                                 kTinyFlags + " --json " + json + " --quiet");
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "18000 events, 3 folds, 2 seeds"));
  BOOST_TEST(contains(r.out, "1 members x 1 sub-epochs, network 2x16 swish"));
  BOOST_TEST(contains(r.out, "over 2 seeds (mean +- sample std of the per-seed means)"));
  BOOST_TEST(contains(r.out, "ROC AUC"));
  BOOST_TEST(contains(r.out, "training time"));
  BOOST_TEST(!contains(r.out, "seed 21 fold 1/3"));  // --quiet
  const std::string text = test::read_bytes(json);
  // The JSON's numbers are the library's for the same recipe, folds and seeds.
  train::CrossValidationOptions o;
  o.folds = 3;
  o.seeds = {21, 22};
  const auto lib = train::cross_validate(test::real_events(), tiny(), o);
  const std::size_t second = text.find("\"seed\":22");
  BOOST_TEST_REQUIRE(second != std::string::npos);
  BOOST_TEST(test::json_value(text, "mean_auc") == lib.seeds[0].mean_auc, tt::tolerance(1e-15));
  BOOST_TEST(test::json_value(text, "mean_ams") == lib.seeds[0].mean_ams, tt::tolerance(1e-15));
  BOOST_TEST(test::json_value(text, "mean_ams", second) == lib.seeds[1].mean_ams, tt::tolerance(1e-15));
  const std::size_t summary = text.find("\"ams\":{");
  BOOST_TEST(test::json_value(text, "std", summary) == lib.ams.std, tt::tolerance(1e-15));
  char line[64];
  std::snprintf(line, sizeof line, "  AMS     %.4f +- %.4f", lib.ams.mean, lib.ams.std);
  BOOST_TEST(contains(r.out, line));
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported) {
  const std::string base = "cross-validate --data " + test::kRealEvents + kTinyFlags;
  auto r = test::run_sieve(base + " --seeds 1,x");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "--seeds expects comma-separated non-negative integers, got '1,x'"));
  r = test::run_sieve(base + " --folds 1");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "--folds must be at least 2, got 1"));
  r = test::run_sieve(base + " --seed 3");  // the seeds come from --seeds here
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unknown option --seed"));
  r = test::run_sieve("cross-validate --data /nonexistent/events.csv");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "/nonexistent/events.csv: cannot open"));
  const std::string unlabelled = SIEVE_SOURCE_DIR "/data/higgsml/fixtures/kaggle-test.EventId-350000-350098.features-only.csv.gz";
  r = test::run_sieve("cross-validate --data " + unlabelled + kTinyFlags);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "has no label column"));
}
