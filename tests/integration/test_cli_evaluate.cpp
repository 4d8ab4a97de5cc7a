#define BOOST_TEST_MODULE cli_evaluate
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/csv_writer.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/table_evaluation.hpp"
#include "sieve/train/recipe.hpp"

using namespace sieve;
using test::contains;

namespace {

// A small model and a release-layout file of 3,000 real events in sets t, b and v.
struct Files {
  test::TempDir dir;
  std::string model, data;
  data::Table table;
  Files() {
    model = dir.file("small.model");
    io::save_model(train::train_recipe(test::real_events(), test::small_recipe(), 2).model, model);
    std::vector<std::uint32_t> rows(3000);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(i);
    table = data::select_rows(test::real_events(), rows);
    for (std::size_t i = 0; i < table.rows(); ++i) table.set[i] = "tbv"[i % 3];
    data = dir.file("three_sets.csv");
    data::write_table(data, table);
  }
};
const Files& files() {
  static const Files f;
  return f;
}

std::string without_timing(std::string json) { return json.substr(0, json.find(",\"scoring_seconds\"")); }

} // namespace

BOOST_AUTO_TEST_CASE(prints_every_set_with_public_and_private_labels) {
  const auto r = test::run_sieve("evaluate --model " + files().model + " --data " + files().data + " --threads 2");
  BOOST_TEST_INFO(r.out);
  BOOST_TEST(r.status == 0);
  BOOST_TEST(contains(r.out, "training (t): 1000 events"));
  BOOST_TEST(contains(r.out, "public test (b): 1000 events"));
  BOOST_TEST(contains(r.out, "private test (v): 1000 events"));
  BOOST_TEST(contains(r.out, "public AMS at the cut"));
  BOOST_TEST(contains(r.out, "private AMS at the cut"));
  BOOST_TEST(contains(r.out, "max private AMS over cuts"));
  BOOST_TEST(contains(r.out, "weighted ROC AUC"));
  BOOST_TEST(contains(r.out, "weights: KaggleWeight\n"));
}

BOOST_AUTO_TEST_CASE(json_matches_the_library_with_and_without_rescaling) {
  const auto model = io::load_model(files().model);
  const data::Table table = data::read_table(files().data);  // as the command reads it
  const auto plain = test::run_sieve("evaluate --json --model " + files().model + " --data " + files().data, false);
  BOOST_TEST(plain.status == 0);
  BOOST_TEST(without_timing(plain.out) == without_timing(score::to_json(score::evaluate_table(model, table))));
  const auto scaled = test::run_sieve("evaluate --json --rescale-signal 691.988608 --rescale-background "
                                      "410999.847322 --threads 1 --model " + files().model + " --data " +
                                      files().data, false);
  BOOST_TEST(scaled.status == 0);
  score::TableEvaluationOptions o;
  o.rescale = metrics::kKaggleTrainingTotals;
  BOOST_TEST(without_timing(scaled.out) == without_timing(score::to_json(score::evaluate_table(model, table, o))));
  BOOST_TEST(contains(scaled.out, "\"ams_label\":\"public AMS\""));
  BOOST_TEST(test::json_value(scaled.out, "signal_weight") == 691.988608, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported) {
  auto r = test::run_sieve("evaluate --model /nonexistent/x.model --data " + files().data);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "sieve evaluate: error: cannot open model file /nonexistent/x.model"));
  r = test::run_sieve("evaluate --model " + files().model + " --data " + files().data + " --bogus 1");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unknown option --bogus"));
  r = test::run_sieve("evaluate --model " + files().model + " --data " + files().data + " --rescale-signal 1");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "--rescale-signal and --rescale-background go together"));
  r = test::run_sieve("evaluate --model " + files().model);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "missing required option --data"));
  r = test::run_sieve("evaluate --model " + files().model + " --data /nonexistent/events.csv");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "/nonexistent/events.csv: cannot open"));
  // A file without labels cannot be evaluated.
  const std::string unlabelled = SIEVE_SOURCE_DIR "/data/higgsml/fixtures/kaggle-test.EventId-350000-350098.features-only.csv.gz";
  r = test::run_sieve("evaluate --model " + files().model + " --data " + unlabelled);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "has no label column"));
}
