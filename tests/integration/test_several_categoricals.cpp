#define BOOST_TEST_MODULE several_categoricals
#include <boost/test/unit_test.hpp>

// A schema with two categorical columns ([[categorical]]: PRI_n_jets and a lepton flavour,
// tests/support/two_categoricals.hpp), end to end through the `sieve` command: it trains
// one embedding per column, writes a model of format 3 that loads back to the same bytes,
// scores with both codes, shows both in `sieve inspect`, and treats an unseen value of
// the second column as the schema declares: an error naming the column, or the fallback.
// The schema's embed keys: every column embedded, or every value a standardised input.
#include "run_command.hpp"
#include "temp_dir.hpp"
#include "two_categoricals.hpp"

#include "sieve/data/csv_reader.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/train/training_data.hpp"

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace sieve;
using test::contains;
using test::TempDir;

namespace {

const std::string kRecipe = " --members 2 --folds 2 --epochs 3 --batch-size 64 --width 12 --depth 3 --threads 2 --quiet";

test::CommandResult sieve_ok(const std::string& args) {
  test::CommandResult r = test::run_sieve(args);
  BOOST_TEST_REQUIRE(r.status == 0, "sieve " << args << "\n" << r.out);
  return r;
}

void shell(const std::string& command) { BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, command); }

// The score column of a scores CSV (row,score_nominal), as text: equal text, equal bits.
std::vector<std::string> scores_of(const std::string& path) {
  std::istringstream in(test::read_bytes(path));
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) out.push_back(line.substr(line.find(',') + 1));
  return out;
}

// `data` with lep_flavour (the last column) of the events of `rows` (1-based data lines)
// set to `value`.
std::string with_flavour(const TempDir& dir, const std::string& data, const std::string& name, const std::string& rows,
                         const std::string& value) {
  const std::string out = dir.file(name);
  shell("awk -F, -v OFS=, 'NR > 1 && index(\"," + rows + ",\", \",\" (NR - 1) \",\") { $NF = " + value + " } { print }' '" +
        data + "' > '" + out + "'");
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(two_categorical_columns_train_and_score_with_one_embedding_each) {
  TempDir dir;
  const test::TwoCategoricals two = test::write_two_categoricals(dir);
  const std::string model = dir.file("two.model");
  sieve_ok("train --data " + two.data + " --schema " + two.schema + kRecipe + " --out " + model);

  // Format 3, and loading and writing it again gives the same bytes.
  const std::string bytes = test::read_bytes(model);
  BOOST_TEST(bytes.rfind("SIEVE-MODEL 3\n", 0) == 0u);
  const auto loaded = io::load_model(model);
  BOOST_TEST(io::serialise_model(*loaded) == bytes);
  BOOST_TEST(loaded->network.n_embeddings() == 2);
  BOOST_TEST(loaded->network.embedding_table(0).n_categories == 8);
  BOOST_TEST(loaded->network.embedding_table(1).n_categories == 2);
  BOOST_TEST(loaded->network.embedding_table(1).dim == 2);  // the schema's size, not the recipe's 3
  BOOST_TEST(loaded->network.input_width() == loaded->network.n_continuous + 3 + 2);

  const auto shown = sieve_ok("inspect --model " + model);
  BOOST_TEST(contains(shown.out, "PRI_n_jets embedded (8 categories -> 3), lep_flavour embedded (2 categories -> 2)"),
             shown.out);
  BOOST_TEST(contains(shown.out, "categorical PRI_n_jets: embedded; codes 0=0 1=1 2=2"), shown.out);
  BOOST_TEST(contains(shown.out, "categorical lep_flavour: embedded; codes 0=11 1=13\n"), shown.out);

  const std::string scores = dir.file("scores.csv");
  sieve_ok("score --model " + model + " --in " + two.data + " --out " + scores + " --threads 2 --quiet");
  const std::vector<std::string> nominal = scores_of(scores);
  BOOST_TEST_REQUIRE(nominal.size() == 1000u);
  // The second embedding feeds the network: swapping every event's flavour moves every score.
  const std::string swapped = dir.file("swapped.csv");
  shell("awk -F, -v OFS=, 'NR > 1 { $NF = $NF == 11 ? 13 : 11 } { print }' '" + two.data + "' > '" + swapped + "'");
  sieve_ok("score --model " + model + " --in " + swapped + " --out " + dir.file("swapped-scores.csv") + " --threads 2 --quiet");
  const std::vector<std::string> moved = scores_of(dir.file("swapped-scores.csv"));
  BOOST_TEST_REQUIRE(moved.size() == 1000u);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < moved.size(); ++i) differ += moved[i] != nominal[i];
  BOOST_TEST(differ == 1000u);
  // And it separates signal from background.
  const auto eval = sieve_ok("evaluate --model " + model + " --data " + two.data + " --json");
  BOOST_TEST(test::json_value(eval.out, "auc") > 0.7, eval.out);
}

BOOST_AUTO_TEST_CASE(an_unseen_value_of_the_second_column_is_an_error_or_the_fallback_as_declared) {
  TempDir dir;
  // unseen = "error": sieve score stops, the reader naming the file's line and the column.
  {
    const test::TwoCategoricals two = test::write_two_categoricals(dir);
    const std::string model = dir.file("error.model");
    sieve_ok("train --data " + two.data + " --schema " + two.schema + kRecipe + " --out " + model);
    const std::string bad = with_flavour(dir, two.data, "bad.csv", "5", "15");
    const auto r = test::run_sieve("score --model " + model + " --in " + bad + " --out " + dir.file("x.csv") + " --quiet");
    BOOST_TEST(r.status != 0);
    BOOST_TEST(contains(r.out, bad + " line 6, column 32 (lep_flavour): expected one of the codes 11, 13, found '15'"),
               r.out);
  }
  // unseen = 13: a value other than 11 and 13 (or missing) scores as 13, bit for bit.
  {
    TempDir other;
    const test::TwoCategoricals two = test::write_two_categoricals(other, "13");
    const std::string model = other.file("fallback.model");
    sieve_ok("train --data " + two.data + " --schema " + two.schema + kRecipe + " --out " + model);
    const std::string unseen = with_flavour(other, two.data, "unseen.csv", "1,2,3,500", "15");
    const std::string as_13 = with_flavour(other, two.data, "as13.csv", "1,2,3,500", "13");
    sieve_ok("score --model " + model + " --in " + unseen + " --out " + other.file("a.csv") + " --quiet");
    sieve_ok("score --model " + model + " --in " + as_13 + " --out " + other.file("b.csv") + " --quiet");
    const auto a = scores_of(other.file("a.csv")), b = scores_of(other.file("b.csv"));
    BOOST_TEST_REQUIRE(a.size() == 1000u);
    BOOST_TEST(a == b, boost::test_tools::per_element());
    const auto shown = sieve_ok("inspect --model " + model);
    BOOST_TEST(contains(shown.out, "categorical lep_flavour: embedded; codes 0=11 1=13; unseen values take the code of 13"),
               shown.out);
  }
}

BOOST_AUTO_TEST_CASE(embed_false_makes_every_categorical_value_a_standardised_input) {
  TempDir dir;
  const test::TwoCategoricals two = test::write_two_categoricals(dir);
  std::string text = test::read_bytes(two.schema);
  auto prepared = [&](const std::string& schema_text) {
    data::ReadOptions options;
    options.schema = std::make_shared<const data::Schema>(data::parse_schema(schema_text, "two.toml"));
    train::RecipeConfig recipe;
    recipe.folds = 2;
    recipe.batch_size = 64;
    return train::prepare_training_data(data::read_table(two.data, options), recipe);
  };
  const train::TrainingData embedded = prepared(text);
  BOOST_TEST(embedded.pipeline.embed_categorical);
  BOOST_TEST(embedded.events.n_codes == 2u);
  // Only the second column says embed = false: refused, naming the file.
  text.replace(text.find("embedding_dim = 2\n"), 18, "embed = false\n");
  BOOST_CHECK_EXCEPTION(prepared(text), ConfigError, [](const ConfigError& e) {
    return contains(e.what(), "two.toml (categorical): embed = false for some categorical columns and not for others");
  });
  // Both: the two values are the last two inputs, standardised, and the network has no table.
  text.replace(text.find("[[categorical]]\ncolumn = \"PRI_n_jets\"\n"), 38,
               "[[categorical]]\ncolumn = \"PRI_n_jets\"\nembed = false\n");
  const train::TrainingData values = prepared(text);
  BOOST_TEST(!values.pipeline.embed_categorical);
  const auto& inputs = values.pipeline.inputs;
  BOOST_TEST_REQUIRE(inputs.size() == embedded.pipeline.inputs.size() + 2);
  BOOST_TEST(inputs[inputs.size() - 2] == "PRI_n_jets");
  BOOST_TEST(inputs.back() == "lep_flavour");
  BOOST_TEST(values.pipeline.mean.back() > 11.0f);  // 11 and 13, both frequent
  BOOST_TEST(values.pipeline.mean.back() < 13.0f);
  BOOST_TEST(train::fitted_config(train::RecipeConfig{}, values).network.n_embeddings() == 0);
}
