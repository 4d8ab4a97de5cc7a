#define BOOST_TEST_MODULE cli_lr_find
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/dataset.hpp"
#include "sieve/train/lr_finder.hpp"

#include <cstdio>

using namespace sieve;
using test::contains;

BOOST_AUTO_TEST_CASE(writes_the_curve_and_prints_the_rule_and_the_suggestion) {
  test::TempDir dir;
  const std::string out = dir.file("lr");
  const auto r = test::run_sieve("lr-find --data " + test::kRealEvents + " --out " + out +
                                 " --folds 3 --batch-size 64 --threads 2 --seed 7");
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "3 folds, batch 64"));
  BOOST_TEST(contains(r.out, "rule: smooth the mean loss with a centred moving average of 5 points"));
  BOOST_TEST(contains(r.out, "(LR at that minimum) / 10"));
  BOOST_TEST(contains(r.out, "recipe's range:     [0.0001, 0.01]"));
  // The printed range is the library's, for the same recipe and seed.
  train::RecipeConfig c = test::small_recipe();
  c.folds = 3;
  c.batch_size = 64;
  c.seed = 7;
  c.members = 10;  // what the command uses (only folds matter for the test)
  const auto lib = train::find_lr(test::real_events(), c, {});
  char expected[128];
  std::snprintf(expected, sizeof expected, "suggested LR range: [%.3g, %.3g]", lib.suggestion.lr_min,
                lib.suggestion.lr_max);
  BOOST_TEST(contains(r.out, expected));
  BOOST_TEST(test::read_bytes(out + "/lr_find.csv").rfind("lr,mean_loss,smoothed_loss,folds,fold_0,fold_1,fold_2\n", 0) ==
             0u);
  BOOST_TEST(test::read_bytes(out + "/lr_find.png").rfind("\x89PNG", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported) {
  test::TempDir dir;
  const std::string base = "lr-find --data " + test::kRealEvents + " --out " + dir.file("lr");
  auto r = test::run_sieve(base + " --lr-min 1 --lr-max 0.1");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "need 0 < --lr-min < --lr-max, got 1 and 0.1"));
  r = test::run_sieve(base + " --lr-max ten");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "--lr-max expects a number, got 'ten'"));
  r = test::run_sieve(base + " --bogus");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unknown option --bogus"));
  r = test::run_sieve(base + " --depth 0");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "depth must be in 1..16, got 0"));
  r = test::run_sieve("lr-find --data /nonexistent/events.csv --out " + dir.file("lr"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "/nonexistent/events.csv: cannot open"));
  r = test::run_sieve("lr-find --data " + test::kRealEvents);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "missing required option --out"));
}

// Any dataset: the FAIR-Universe sample with its schema gives the library's curve for the
// table read with that schema.
BOOST_AUTO_TEST_CASE(runs_on_any_dataset_with_its_schema) {
  test::TempDir dir;
  const std::string data = std::string(SIEVE_SOURCE_DIR) + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz";
  const std::string schema = std::string(SIEVE_SOURCE_DIR) + "/schemas/fair-universe-2024.toml";
  const auto r = test::run_sieve("lr-find --data " + data + " --schema " + schema + " --out " + dir.file("lr") +
                                 " --folds 3 --batch-size 32 --threads 2 --seed 7");
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  train::RecipeConfig c = test::small_recipe();
  c.folds = 3;
  c.batch_size = 32;
  c.seed = 7;
  c.members = 10;
  const auto lib = train::find_lr(data::read_dataset(data, data::schema_for(data, schema)), c, {});
  char expected[128];
  std::snprintf(expected, sizeof expected, "suggested LR range: [%.3g, %.3g]", lib.suggestion.lr_min,
                lib.suggestion.lr_max);
  BOOST_TEST(contains(r.out, expected));
  // Without the schema a FAIR-Universe file is refused with the remedy.
  const auto refused = test::run_sieve("lr-find --data " + data + " --out " + dir.file("lr2"));
  BOOST_TEST(refused.status == 2);
  BOOST_TEST(contains(refused.out, "is not in a HiggsML 2014 layout: give the dataset schema"));
}
