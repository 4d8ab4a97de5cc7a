#define BOOST_TEST_MODULE schema
#include <boost/test/unit_test.hpp>

// The dataset schema reader: the shipped presets, what a schema declares, and every error
// for a bad schema with the file, the key and, where it is a place in the file, the line
// and column.
#include "temp_dir.hpp"
#include "sieve/data/dataset.hpp"
#include "sieve/data/schema.hpp"
#include "sieve/error.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/features/pipeline.hpp"
#include "sieve/physics/recomputation.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>

namespace sd = sieve::data;
using sieve::test::TempDir;

namespace {

const std::string kRoot = SIEVE_SOURCE_DIR;

// A small valid schema; tests append to it or replace parts.
const std::string kDataset = R"([dataset]
name = "toy"
label = "y"
weight = "w"
)";

const std::string kInputs = R"([inputs]
continuous = ["m_ll", "ht"]
derived = ["m_ll"]

[[objects]]
name = "lep"
pt = "lep_pt"
eta = "lep_eta"
phi = "lep_phi"
mass = "lep_m"

[[objects]]
name = "met"
pt = "met_pt"
phi = "met_phi"
)";

std::string message_of(const std::string& text) {
  try {
    sd::parse_schema(text, "toy.toml");
  } catch (const sieve::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_error(const std::string& text, const std::string& message) {
  BOOST_TEST(message_of(text) == message);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_higgsml_preset_is_the_2014_layout) {
  const sd::Schema& s = sd::higgsml_schema();
  BOOST_TEST(s.name == "higgsml-2014");
  BOOST_TEST(s.columns.size() == 30u);
  BOOST_TEST(s.columns.front() == "DER_mass_MMC");
  BOOST_TEST(s.columns.back() == "PRI_jet_all_pt");
  BOOST_TEST(s.continuous.size() == 15u);
  BOOST_TEST(s.derived.size() == 13u);
  BOOST_TEST(s.objects.size() == 5u);
  BOOST_TEST(s.objects[2].name == "PRI_met");
  BOOST_TEST(s.objects[2].eta.empty());
  BOOST_TEST(s.objects[2].keep_pt);
  BOOST_REQUIRE(s.categoricals.size() == 1u);
  BOOST_TEST(s.categoricals[0].column == "PRI_jet_num");
  BOOST_TEST(s.categoricals[0].values == (std::vector<float>{0, 1, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(!s.categoricals[0].fallback.has_value());
  BOOST_TEST(s.missing == std::vector<float>{-999.0f}, boost::test_tools::per_element());
  BOOST_TEST(s.recomputation == "higgsml2014");
  BOOST_TEST(s.weight_in({"EventId", "Weight", "Label"}) == "Weight");
  BOOST_TEST(s.weight_in({"EventId", "Weight", "KaggleWeight"}) == "KaggleWeight");
  // The compiled-in preset is the shipped file, byte for byte.
  BOOST_TEST(s.text == sieve::test::read_bytes(kRoot + "/schemas/higgsml-2014.toml"));
  BOOST_TEST((sd::load_schema(kRoot + "/schemas/higgsml-2014.toml") == s));
}

BOOST_AUTO_TEST_CASE(the_preset_is_the_default_for_the_three_higgsml_headers_only) {
  const sd::Schema& s = sd::higgsml_schema();
  std::vector<std::string> kaggle_test{"EventId"};
  kaggle_test.insert(kaggle_test.end(), s.columns.begin(), s.columns.end());
  std::vector<std::string> kaggle_training = kaggle_test;
  kaggle_training.insert(kaggle_training.end(), {"Weight", "Label"});
  std::vector<std::string> open_data = kaggle_test;
  open_data.insert(open_data.end(), {"Weight", "Label", "KaggleSet", "KaggleWeight"});
  BOOST_TEST(sd::is_higgsml_header(kaggle_test));
  BOOST_TEST(sd::is_higgsml_header(kaggle_training));
  BOOST_TEST(sd::is_higgsml_header(open_data));
  std::vector<std::string> reordered = open_data;
  std::swap(reordered[1], reordered[2]);
  BOOST_TEST(!sd::is_higgsml_header(reordered));
  BOOST_TEST(!sd::is_higgsml_header({"EventId"}));

  TempDir dir;
  const std::string other = dir.write("other.csv", "a,b\n1,2\n");
  BOOST_CHECK_EXCEPTION(sd::schema_for(other, ""), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) == other + " is not in a HiggsML 2014 layout: give the dataset schema that "
                                            "describes its columns (--schema FILE; see schemas/README.md)";
  });
}

BOOST_AUTO_TEST_CASE(the_fair_universe_preset_has_its_own_names) {
  const sd::Schema s = sd::load_schema(kRoot + "/schemas/fair-universe-2024.toml");
  BOOST_TEST(s.name == "fair-universe-2024");
  BOOST_TEST(s.label_column == "labels");
  BOOST_TEST(s.signal_value == "1");
  BOOST_TEST(s.background_value == "0");
  BOOST_TEST(s.weight_columns == std::vector<std::string>{"weights"}, boost::test_tools::per_element());
  BOOST_TEST(s.id_column.empty());
  BOOST_TEST(s.missing == std::vector<float>{-25.0f}, boost::test_tools::per_element());
  BOOST_REQUIRE(s.categoricals.size() == 1u);
  BOOST_TEST(s.categoricals[0].column == "PRI_n_jets");
  BOOST_TEST(s.categoricals[0].values.size() == 8u);
  BOOST_TEST(*s.categoricals[0].fallback == 7.0f);
  BOOST_TEST(s.objects[1].name == "PRI_had");
  // Without inputs.columns the raw columns are in the order of first use.
  BOOST_TEST(s.columns.size() == 13u + 4u * 3u + 2u + 1u);
  BOOST_TEST(s.columns.front() == "DER_mass_transverse_met_lep");
  BOOST_TEST(s.columns.back() == "PRI_n_jets");
  // Its recomputation binds every role to a FAIR-Universe column.
  BOOST_CHECK_NO_THROW(sieve::physics::Recomputation(s, s.columns));
}

BOOST_AUTO_TEST_CASE(a_schema_declares_ids_sets_sentinels_and_variations) {
  const sd::Schema s = sd::parse_schema(R"([dataset]
name = "full"
id = "event"
label = "class"
signal = "sig"
background = "bkg"
weight = ["w_nominal", "w"]
set = "part"
sets = { train = 0, public = 1, private = 2 }

[inputs]
continuous = ["x", "y"]

[categorical]
column = "flavour"
codes = "learn"
embed = false

[missing]
values = [-999, -25.5]
nan = true
columns = { y = [0] }

[[variations]]
name = "x_up"
columns = { x = "x_up" }
)",
                                        "full.toml");
  BOOST_TEST(s.id_column == "event");
  BOOST_TEST(s.signal_value == "sig");
  BOOST_TEST(s.set_column == "part");
  BOOST_TEST(s.set_train == "0");
  BOOST_TEST(s.set_private == "2");
  BOOST_TEST(s.set_unused.empty());
  BOOST_TEST(s.columns == (std::vector<std::string>{"x", "y", "flavour"}), boost::test_tools::per_element());
  BOOST_TEST(s.categoricals.at(0).learn);
  BOOST_TEST(!s.categoricals.at(0).embed);
  BOOST_TEST(s.missing_nan);
  BOOST_TEST(s.sentinels("x") == (std::vector<float>{-999.0f, -25.5f}), boost::test_tools::per_element());
  BOOST_TEST(s.sentinels("y") == std::vector<float>{0.0f}, boost::test_tools::per_element());
  BOOST_REQUIRE(s.variation("x_up") != nullptr);
  BOOST_TEST(s.variation("x_up")->substitutions.front().second == "x_up");
  BOOST_TEST(s.variation("x_down") == nullptr);
  BOOST_TEST(s.weight_in({"w", "x"}) == "w");
  BOOST_TEST(s.weight_in({"x"}).empty());
  BOOST_TEST(s.column_position("flavour").value_or(99) == 2u);
  BOOST_TEST(!s.column_position("w").has_value());
}

BOOST_AUTO_TEST_CASE(toml_syntax_errors_give_the_line_and_column) {
  expect_error("[dataset]\nname = \"toy\nlabel = \"y\"\n",
               "toy.toml line 2, column 12: Error while parsing string: unescaped control characters other than TAB "
               "(U+0009) are explicitly prohibited");
  BOOST_CHECK_EXCEPTION(sd::load_schema("/nonexistent/s.toml"), sieve::ConfigError, [](const sieve::ConfigError& e) {
    return std::string(e.what()) == "cannot open schema file /nonexistent/s.toml";
  });
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_missing_tables_are_errors) {
  expect_error(kDataset + "lable = \"z\"\n" + kInputs,
               "toy.toml line 5, column 9 (dataset.lable): unknown key (known keys here: name, description, id, "
               "label, signal, background, weight, set, sets, totals)");
  expect_error(kDataset + kInputs + "[outputs]\nx = 1\n",
               "toy.toml line 20, column 1 (outputs): unknown key (known keys here: dataset, inputs, objects, "
               "categorical, missing, recompute, variations)");
  expect_error(kInputs, "toy.toml line 1, column 1 (dataset): missing: the [dataset] table names the schema and its label column");
  expect_error("[dataset]\nlabel = \"y\"\n" + kInputs, "toy.toml line 1, column 1 (dataset.name): missing (required)");
  expect_error(kDataset, "toy.toml line 1, column 1 (inputs): the schema declares no input column");
  expect_error(kDataset + "signal = 1.5\n" + kInputs,
               "toy.toml line 5, column 10 (dataset.signal): expected a string or an integer");
  expect_error(kDataset + "signal = 0\n" + kInputs,
               "toy.toml line 5, column 10 (dataset.signal): the signal and background values are both '0'");
  expect_error(kDataset + "set = \"part\"\n" + kInputs,
               "toy.toml line 5, column 7 (dataset.sets): a set column needs its values: sets = { train = ..., "
               "public = ..., private = ... }");
}

BOOST_AUTO_TEST_CASE(class_totals_are_the_whole_samples_weight_sums) {
  const auto& preset = sd::higgsml_schema();  // the Kaggle training set's
  BOOST_TEST_REQUIRE(preset.signal_total.has_value());
  BOOST_TEST(*preset.signal_total == 691.988608);
  BOOST_TEST(*preset.background_total == 410999.847322);
  const auto toy = sd::parse_schema(kDataset + "totals = { signal = 2, background = 1e4 }\n" + kInputs, "toy.toml");
  BOOST_TEST(*toy.signal_total == 2.0);
  BOOST_TEST(*toy.background_total == 1e4);
  BOOST_TEST(!sd::parse_schema(kDataset + kInputs, "toy.toml").signal_total.has_value());
  expect_error(kDataset + "totals = { signal = 2 }\n" + kInputs,
               "toy.toml line 5, column 10 (dataset.totals): needs both signal and background (no background)");
  expect_error(kDataset + "totals = { signal = -2, background = 1 }\n" + kInputs,
               "toy.toml line 5, column 21 (dataset.totals.signal): a total weight must be a positive number");
  expect_error(kDataset + "totals = { signal = 2, background = 1, data = 3 }\n" + kInputs,
               "toy.toml line 5, column 47 (dataset.totals.data): unknown key (known keys here: signal, background)");
  expect_error("[dataset]\nname = \"toy\"\ntotals = { signal = 2, background = 1 }\n" + kInputs,
               "toy.toml line 3, column 10 (dataset.totals): class totals without a label column (dataset.label)");
}

BOOST_AUTO_TEST_CASE(the_categoricals_embedding_size) {
  const std::string cat = "[categorical]\ncolumn = \"nj\"\ncodes = [0, 1, 2]\n";
  const std::string inputs = "[inputs]\ncontinuous = [\"ht\"]\n";
  BOOST_TEST(sd::parse_schema(kDataset + inputs + cat, "toy.toml").categoricals.at(0).embedding_dim == 0);  // the recipe's
  BOOST_TEST(sd::parse_schema(kDataset + inputs + cat + "embedding_dim = 6\n", "toy.toml").categoricals.at(0).embedding_dim == 6);
  expect_error(kDataset + inputs + cat + "embedding_dim = 0\n",
               "toy.toml line 10, column 17 (categorical.embedding_dim): expected an integer from 1 to 64");
  expect_error(kDataset + inputs + cat + "embed = false\nembedding_dim = 4\n",
               "toy.toml line 11, column 17 (categorical.embedding_dim): an embedding size with embed = false");
}

// [[categorical]]: any number of columns, each with its own codes, fallback and size, in
// the order of the file; the single [categorical] table (format 2 models' schemas) is the
// one-column case.
BOOST_AUTO_TEST_CASE(several_categorical_columns_each_with_their_own_codes) {
  const std::string inputs = "[inputs]\ncontinuous = [\"ht\"]\n";
  const std::string two = "[[categorical]]\ncolumn = \"nj\"\ncodes = [0, 1, 2]\nunseen = 2\n"
                          "[[categorical]]\ncolumn = \"flavour\"\ncodes = [11, 13]\nembedding_dim = 2\n";
  const sd::Schema s = sd::parse_schema(kDataset + inputs + two, "toy.toml");
  BOOST_REQUIRE(s.categoricals.size() == 2u);
  BOOST_TEST(s.categoricals[0].column == "nj");
  BOOST_TEST(*s.categoricals[0].fallback == 2.0f);
  BOOST_TEST(s.categoricals[0].embedding_dim == 0);
  BOOST_TEST(s.categoricals[1].column == "flavour");
  BOOST_TEST(s.categoricals[1].values == (std::vector<float>{11, 13}), boost::test_tools::per_element());
  BOOST_TEST(!s.categoricals[1].fallback.has_value());
  BOOST_TEST(s.categoricals[1].embedding_dim == 2);
  BOOST_TEST(s.columns == (std::vector<std::string>{"ht", "nj", "flavour"}), boost::test_tools::per_element());
  // The layout codes each column by its own values, and names the column a value fails.
  const sieve::features::FeatureLayout layout(s, s.columns, {{0, 1, 2}, {11, 13}});
  BOOST_TEST(layout.n_categorical() == 2);
  BOOST_TEST(layout.code_of(0, 7.0f) == 2);   // the fallback
  BOOST_TEST(layout.code_of(1, 13.0f) == 1);
  BOOST_TEST(layout.code_of(1, 12.0f) == -1);
  std::vector<float> out(1);
  std::vector<std::uint8_t> codes(2);
  layout.to_physical(std::vector<float>{5.0f, 9.0f, 13.0f}, out, codes);
  BOOST_TEST(codes == (std::vector<std::uint8_t>{2, 1}), boost::test_tools::per_element());
  BOOST_CHECK_EXCEPTION(layout.to_physical(std::vector<float>{5.0f, 1.0f, 12.0f}, out, codes), sieve::InputError,
                        [](const sieve::InputError& e) {
                          return std::string(e.what()) == "flavour must be one of its codes (11, 13), got 12.000000";
                        });

  // Errors name the entry of the array.
  expect_error(kDataset + inputs + two + "[[categorical]]\ncolumn = \"nj\"\ncodes = [0]\n",
               "toy.toml line 16, column 10 (categorical[2].column): column 'nj' is used twice (also as "
               "categorical[0].column)");
  expect_error(kDataset + inputs + two + "[[categorical]]\ncolumn = \"ht\"\ncodes = [0]\n",
               "toy.toml line 16, column 10 (categorical[2].column): column 'ht' is used twice (also as "
               "inputs.continuous)");
  expect_error(kDataset + inputs + two + "[[categorical]]\ncolumn = \"q\"\ncodes = [0, 0]\n",
               "toy.toml line 17, column 9 (categorical[2].codes): a value is listed twice");
  expect_error(kDataset + inputs + two + "[[categorical]]\ncolumn = \"q\"\ncodes = [0]\nunseen = 1\n",
               "toy.toml line 18, column 10 (categorical[2].unseen): the fallback value is not one of "
               "categorical[2].codes");
  expect_error(kDataset + inputs + "[[categorical]]\ncolumn = \"q\"\n",
               "toy.toml line 7, column 1 (categorical[0].codes): missing: a list of the values, or \"learn\"");
  expect_error("categorical = 3\n" + kDataset + inputs,
               "toy.toml line 1, column 15 (categorical): expected a [categorical] table or [[categorical]] tables");
  std::string many;
  for (int k = 0; k < 17; ++k) many += "[[categorical]]\ncolumn = \"c" + std::to_string(k) + "\"\ncodes = [0]\n";
  const std::string too_many = message_of(kDataset + inputs + many);
  BOOST_TEST(too_many.find("(categorical): more than 16 categorical columns") != std::string::npos, too_many);
}

BOOST_AUTO_TEST_CASE(a_column_used_twice_is_an_error) {
  expect_error(kDataset + "[inputs]\ncontinuous = [\"a\", \"b\", \"a\"]\n",
               "toy.toml line 6, column 14 (inputs.continuous): column 'a' is used twice (also as inputs.continuous)");
  expect_error(kDataset + "[inputs]\ncontinuous = [\"w\"]\n",
               "toy.toml line 6, column 14 (inputs.continuous): column 'w' is used twice (also as dataset.weight)");
  expect_error(kDataset + kInputs + "[[objects]]\nname = \"jet\"\npt = \"ht\"\neta = \"j_eta\"\nphi = \"j_phi\"\n",
               "toy.toml line 22, column 6 (objects[2].pt): column 'ht' is used twice (also as inputs.continuous)");
  expect_error(kDataset + kInputs + "[[objects]]\nname = \"lep\"\npt = \"a\"\nphi = \"b\"\n",
               "toy.toml line 21, column 8 (objects[2].name): object 'lep' is declared twice");
  expect_error(kDataset + "[inputs]\ncolumns = [\"x\", \"x\"]\ncontinuous = [\"x\"]\n",
               "toy.toml line 6, column 11 (inputs.columns): column 'x' is listed twice");
}

BOOST_AUTO_TEST_CASE(an_object_needs_its_pt_phi_and_for_a_mass_its_eta) {
  expect_error(kDataset + "[[objects]]\nname = \"jet\"\npt = \"j_pt\"\neta = \"j_eta\"\n",
               "toy.toml line 5, column 1 (objects[0].phi (object jet)): missing (required)");
  expect_error(kDataset + "[[objects]]\nname = \"jet\"\neta = \"j_eta\"\nphi = \"j_phi\"\n",
               "toy.toml line 5, column 1 (objects[0].pt (object jet)): missing (required)");
  expect_error(kDataset + "[[objects]]\nname = \"jet\"\npt = \"j_pt\"\nphi = \"j_phi\"\nmass = \"j_m\"\n",
               "toy.toml line 9, column 8 (objects[0]): object 'jet' has a mass or energy but no eta");
  expect_error(kDataset +
                   "[[objects]]\nname = \"jet\"\npt = \"j_pt\"\neta = \"e\"\nphi = \"p\"\nmass = \"m\"\nenergy = \"E\"\n",
               "toy.toml line 11, column 10 (objects[0].energy): give mass or energy, not both");
  // An object without eta is transverse (missing transverse momentum): 2 inputs.
  const sd::Schema s = sd::parse_schema(kDataset + kInputs, "toy.toml");
  BOOST_TEST(s.objects[1].eta.empty());
  BOOST_TEST(s.objects[0].extra == "lep_m");
  BOOST_TEST(s.columns == (std::vector<std::string>{"m_ll", "ht", "lep_pt", "lep_eta", "lep_phi", "lep_m", "met_pt",
                                                    "met_phi"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_columns_are_errors) {
  expect_error(kDataset + "[inputs]\ncontinuous = [\"a\"]\nderived = [\"b\"]\n",
               "toy.toml line 7, column 11 (inputs.derived): 'b' is not one of inputs.continuous");
  expect_error(kDataset + "[inputs]\ncolumns = [\"a\", \"w\"]\ncontinuous = [\"a\"]\n",
               "toy.toml line 6, column 11 (inputs.columns): 'w' is not an input (it is the id, label, weight or set "
               "column)");
  expect_error(kDataset + "[inputs]\ncolumns = [\"a\", \"q\"]\ncontinuous = [\"a\"]\n",
               "toy.toml line 6, column 11 (inputs.columns): 'q' is not used by inputs.continuous, an object or a "
               "categorical column");
  expect_error(kDataset + "[inputs]\ncolumns = [\"a\"]\ncontinuous = [\"a\", \"b\"]\n",
               "toy.toml line 6, column 11 (inputs.columns): 'b' is an input but not listed here");
  expect_error(kDataset + kInputs + "[missing]\ncolumns = { lep_q = [0] }\n",
               "toy.toml line 21, column 21 (missing.columns.lep_q): 'lep_q' is not an input column of the schema");
  expect_error(kDataset + kInputs + "[[variations]]\nname = \"up\"\ncolumns = { lep_q = \"lep_q_up\" }\n",
               "toy.toml line 22, column 21 (variations[0].columns.lep_q): 'lep_q' is not an input column of the "
               "schema");
  expect_error(kDataset + kInputs + "[[variations]]\nname = \"up\"\ncolumns = { ht = \"m_ll\" }\n",
               "toy.toml line 22, column 18 (variations[0].columns.ht): the varied column 'm_ll' is itself an input "
               "column");
}

BOOST_AUTO_TEST_CASE(categorical_codes_and_sentinels_are_checked) {
  const std::string cat = kDataset + kInputs + "[categorical]\ncolumn = \"n_jets\"\n";
  expect_error(cat, "toy.toml line 20, column 1 (categorical.codes): missing: a list of the values, or \"learn\"");
  expect_error(cat + "codes = \"guess\"\n",
               "toy.toml line 22, column 9 (categorical.codes): expected a list of values or \"learn\", found \"guess\"");
  expect_error(cat + "codes = [0, 1, 1]\n", "toy.toml line 22, column 9 (categorical.codes): a value is listed twice");
  expect_error(cat + "codes = [0, 1]\nunseen = 2\n",
               "toy.toml line 23, column 10 (categorical.unseen): the fallback value is not one of categorical.codes");
  expect_error(cat + "codes = [0, 1]\nunseen = \"drop\"\n",
               "toy.toml line 23, column 10 (categorical.unseen): expected \"error\" or the value whose code an unseen "
               "value takes");
  expect_error(cat + "codes = [0.1]\n",
               "toy.toml line 22, column 10 (categorical.codes[0]): not exactly representable as a float32: 0.100000");
  expect_error(kDataset + kInputs + "[missing]\nvalues = [\"none\"]\n",
               "toy.toml line 21, column 11 (missing.values[0]): expected a number");
  // NaN as a sentinel is declared with nan = true (or nan in the list).
  const sd::Schema s = sd::parse_schema(kDataset + kInputs + "[missing]\nvalues = [-25, nan]\n", "toy.toml");
  BOOST_TEST(s.missing_nan);
  BOOST_TEST(s.missing == std::vector<float>{-25.0f}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(variations_are_checked_when_the_schema_is_read) {
  const std::string v = kDataset + kInputs + "[[variations]]\n";
  expect_error(v + "name = \"les_up\"\nscale = [\"lep\"]\nfactor = 1.01\n",
               "toy.toml line 20, column 1 (variations[0]): variation 'les_up' moves objects, so the columns computed "
               "from them must be recomputed: name a registered recomputation in [recompute]");
  expect_error(v + "name = \"up\"\nscale = [\"tau\"]\nfactor = 1.01\n",
               "toy.toml line 22, column 9 (variations[0].scale): 'tau' is not a declared object");
  expect_error(v + "name = \"up\"\nscale = [\"lep\"]\n", "toy.toml line 20, column 1 (variations[0].factor): a scale "
                                                          "variation needs its factor");
  expect_error(v + "name = \"up\"\nscale = [\"lep\"]\nfactor = -1\n",
               "toy.toml line 23, column 10 (variations[0].factor): the factor must be positive");
  expect_error(v + "name = \"nominal\"\ncolumns = { ht = \"ht_up\" }\n",
               "toy.toml line 21, column 8 (variations[0].name): 'nominal' is 'nominal' or is declared twice");
  // Found by fuzz_schema: a name with a space was accepted but could never be selected
  // (variation lists are trimmed).
  expect_error(v + "name = \" jes_up\"\ncolumns = { ht = \"ht_up\" }\n",
               "toy.toml line 21, column 8 (variations[0].name): ' jes_up' is not a name (letters, digits and _, "
               "not starting with a digit)");
  expect_error(v + "name = \"jes-up\"\ncolumns = { ht = \"ht_up\" }\n",
               "toy.toml line 21, column 8 (variations[0].name): 'jes-up' is not a name (letters, digits and _, "
               "not starting with a digit)");
  expect_error(v + "name = \"up\"\n",
               "toy.toml line 20, column 1 (variations[0]): give exactly one of columns = {...}, scale = [...] with "
               "factor, or soft_met");
}

BOOST_AUTO_TEST_CASE(a_derived_column_must_be_one_the_recomputation_recomputes) {
  std::ifstream in(kRoot + "/schemas/fair-universe-2024.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "\"DER_lep_eta_centrality\"]\n\n[[objects]]";
  BOOST_TEST_REQUIRE(text.find(from) != std::string::npos);
  // PRI_jet_all_pt is an input, but no DER_ role of the recomputation: declared derived,
  // a jet energy scale would leave it as it was.
  text.replace(text.find(from), from.size(), "\"DER_lep_eta_centrality\", \"PRI_jet_all_pt\"]\n\n[[objects]]");
  const sd::Schema s = sd::parse_schema(text, "fair.toml");
  BOOST_CHECK_EXCEPTION(sieve::physics::Recomputation(s, s.columns), sieve::ConfigError, [](const sieve::ConfigError& e) {
    return std::string(e.what()) ==
           "fair.toml (inputs.derived): 'PRI_jet_all_pt' is not one of the columns the fair-universe-2024 recomputation "
           "recomputes, so a scale variation would leave it unvaried: bind it to a DER_ role in [recompute.columns], or "
           "take it out of inputs.derived";
  });
}

BOOST_AUTO_TEST_CASE(a_recomputation_must_be_registered_and_bound) {
  const sd::Schema unknown = sd::parse_schema(kDataset + kInputs + "[recompute]\nname = \"my-formulae\"\n", "toy.toml");
  BOOST_CHECK_EXCEPTION(sieve::physics::Recomputation(unknown, unknown.columns), sieve::ConfigError,
                        [](const sieve::ConfigError& e) {
                          return std::string(e.what()) ==
                                 "toy.toml (recompute.name): unknown recomputation 'my-formulae' (registered: "
                                 "higgsml2014, fair-universe-2024)";
                        });
  // The toy schema has no tau or jets: the 2014 formulae cannot run on it.
  const sd::Schema unbound = sd::parse_schema(kDataset + kInputs + "[recompute]\nname = \"higgsml2014\"\n", "toy.toml");
  BOOST_CHECK_EXCEPTION(sieve::physics::Recomputation(unbound, unbound.columns), sieve::ConfigError,
                        [](const sieve::ConfigError& e) {
                          return std::string(e.what()).rfind("toy.toml (recompute): the higgsml2014 recomputation "
                                                             "needs a column for its role ",
                                                             0) == 0;
                        });
}

BOOST_AUTO_TEST_CASE(data_that_the_schema_does_not_describe_is_an_error_with_its_place) {
  TempDir dir;
  const sd::Schema toy = sd::parse_schema(kDataset + "[inputs]\ncontinuous = [\"x\"]\n[categorical]\ncolumn = "
                                                     "\"n\"\ncodes = [0, 1, 2]\n",
                                          "toy.toml");
  const auto schema = std::make_shared<const sd::Schema>(toy);
  // A label value that never occurs: the schema says signal is 1, the file has 0 and 2.
  const std::string two = dir.write("two.csv", "x,n,w,y\n1.5,0,1,0\n2.5,1,1,0\n");
  BOOST_CHECK_EXCEPTION(sd::read_dataset(two, schema), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) == "toy.toml (dataset.signal): the signal value '1' never occurs in column y of " + two;
  });
  const std::string other = dir.write("other.csv", "x,n,w,y\n1.5,0,1,0\n2.5,1,1,2\n");
  BOOST_CHECK_EXCEPTION(sd::read_dataset(other, schema), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) == other + " line 3, column 4 (y): expected '1' or '0', found '2'";
  });
  const std::string missing = dir.write("missing.csv", "x,w,y\n1.5,1,0\n");
  BOOST_CHECK_EXCEPTION(sd::read_dataset(missing, schema), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) ==
           missing + " line 1: the schema toy (toy.toml) needs the column n, which the header does not have";
  });
  // A categorical value outside the declared codes: the reader names the file's line, the
  // column and the value.
  const std::string bad = dir.write("bad.csv", "x,n,w,y\n1.5,0,1,0\n2.5,1,1,1\n0.5,5,1,1\n");
  BOOST_CHECK_EXCEPTION(sd::read_dataset(bad, schema), sieve::ConfigError, [&](const sieve::ConfigError& e) {
    return std::string(e.what()) == bad + " line 4, column 2 (n): expected an integer from 0 to 2, found '5'";
  });
  // And the pipeline, for events that come from elsewhere (a table built in code).
  const std::string good = dir.write("good.csv", "x,n,w,y\n1.5,0,1,0\n2.5,1,1,1\n0.5,2,1,1\n");
  sd::Table t = sd::read_dataset(good, schema);
  t.features[t.column_index("n")][2] = 5.0f;
  t.source = bad;
  std::vector<std::uint32_t> rows(t.rows());
  std::iota(rows.begin(), rows.end(), 0u);
  const sieve::features::FeatureLayout layout(toy, toy.columns, sieve::features::category_values(toy, t, rows));
  BOOST_CHECK_EXCEPTION(sieve::features::to_event_matrix(t, layout, toy.columns), sieve::InputError,
                        [&](const sieve::InputError& e) {
                          return std::string(e.what()) == bad + " line 4: n must be an integer in 0..2, got 5.000000";
                        });
}
