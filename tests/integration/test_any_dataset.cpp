#define BOOST_TEST_MODULE any_dataset
#include <boost/test/unit_test.hpp>

// Sieve on datasets other than the HiggsML preset, end to end through the `sieve`
// command: the FAIR-Universe sample (its own names, -25, 0/1 labels, its recomputation),
// a renamed and reordered copy of the HiggsML file (bit-identical to the preset), a
// purely tabular schema, and a NanoAOD-style column-substitution variation.
#include "run_command.hpp"
#include "temp_dir.hpp"
#include "sieve/data/dataset.hpp"
#include "sieve/metrics/class_totals.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace sieve::test;

namespace {

const std::string kRoot = SIEVE_SOURCE_DIR;
const std::string kFair = kRoot + "/data/fair-universe/FAIR_Universe_HiggsML_data.csv.gz";
const std::string kFairSchema = kRoot + "/schemas/fair-universe-2024.toml";
const std::string kHiggs = kRoot + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";
// Small recipes: the FAIR sample has 1,000 events.
const std::string kFairRecipe = " --members 3 --folds 3 --epochs 10 --batch-size 64 --threads 2 --quiet";
const std::string kTinyRecipe = " --members 1 --folds 2 --epochs 1 --width 16 --depth 2 --threads 2 --quiet";

void shell(const std::string& command) {
  BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, command);
}

CommandResult sieve_ok(const std::string& args) {
  CommandResult r = run_sieve(args);
  BOOST_TEST_REQUIRE(r.status == 0, "sieve " << args << "\n" << r.out);
  return r;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::istringstream in(read_bytes(path));
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Column `c` of a CSV line.
std::string cell(const std::string& line, std::size_t c) {
  std::size_t start = 0;
  for (std::size_t k = 0; k < c; ++k) start = line.find(',', start) + 1;
  return line.substr(start, line.find(',', start) - start);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_fair_universe_sample_trains_cross_validates_and_scores_with_its_variations) {
  TempDir dir;
  // The first 800 events train and cross-validate, the last 200 are the test set (the
  // size of one cross-validation fold).
  const std::string train = dir.file("train.csv"), test = dir.file("test.csv");
  shell("zcat '" + kFair + "' | head -n 801 > '" + train + "'");
  shell("(zcat '" + kFair + "' | head -n 1; zcat '" + kFair + "' | tail -n 200) > '" + test + "'");

  const std::string cv_json = dir.file("cv.json");
  sieve_ok("cross-validate --data " + train + " --schema " + kFairSchema +
           " --folds 4 --seeds 1,2 --members 3 --recipe-folds 3 --epochs 10 --batch-size 64 --threads 2 --quiet"
           " --json " + cv_json);
  // The spread of the fold AUCs (held-out folds of 200 events, as the test set).
  const std::string cv = read_bytes(cv_json);
  // No [dataset] totals in the FAIR-Universe schema: the held-out weights are rescaled to
  // the file's own class sums (not to HiggsML's Kaggle totals).
  const sieve::data::Table fair_train = sieve::data::read_dataset(train, sieve::data::schema_for(train, kFairSchema));
  const sieve::metrics::ClassTotals own = sieve::metrics::class_totals(fair_train.analysis_weight(), fair_train.label);
  BOOST_TEST(json_value(cv, "signal", cv.find("\"totals\"")) == own.signal, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(json_value(cv, "background", cv.find("\"totals\"")) == own.background,
             boost::test_tools::tolerance(1e-12));
  std::vector<double> aucs;
  for (std::size_t at = cv.find("\"folds\":[{"); aucs.size() < 8; at += 6) {
    at = cv.find("\"auc\":", at);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    aucs.push_back(json_value(cv, "auc", at));
  }
  double mean = 0.0, var = 0.0;
  for (double a : aucs) mean += a / static_cast<double>(aucs.size());
  for (double a : aucs) var += (a - mean) * (a - mean) / static_cast<double>(aucs.size() - 1);
  const double spread = std::sqrt(var);
  BOOST_TEST_MESSAGE("cross-validation AUC " << mean << " +- " << spread << " over 8 folds");
  BOOST_TEST(mean > 0.7);  // it separates: a broken pipeline gives 0.5
  BOOST_TEST(spread > 0.0);

  const std::string model = dir.file("fair.model");
  sieve_ok("train --data " + train + " --schema " + kFairSchema + kFairRecipe + " --out " + model);
  const auto eval = sieve_ok("evaluate --model " + model + " --data " + test + " --json");
  const double auc = json_value(eval.out, "auc");
  BOOST_TEST_MESSAGE("test-set AUC " << auc);
  BOOST_TEST(std::abs(auc - mean) <= 3.0 * spread, "test AUC " << auc << " outside " << mean << " +- 3 x " << spread);

  // Scores with the FAIR-Universe recomputation's variations: each moves the scores.
  const std::string scores = dir.file("scores.csv");
  sieve_ok("score --model " + model + " --in " + test + " --out " + scores +
           " --variations nominal,tes_up,jes_down,soft_met --threads 2 --quiet");
  const auto rows = lines_of(scores);
  BOOST_TEST_REQUIRE(rows.size() == 201u);
  BOOST_TEST(rows[0] == "row,score_nominal,score_tes_up,score_jes_down,score_soft_met");
  std::size_t moved[3] = {0, 0, 0};
  for (std::size_t i = 1; i < rows.size(); ++i)
    for (std::size_t v = 0; v < 3; ++v) moved[v] += cell(rows[i], 2 + v) != cell(rows[i], 1);
  BOOST_TEST(moved[0] > 150u);  // every event has a tau
  BOOST_TEST(moved[1] > 50u);   // the events with jets
  BOOST_TEST(moved[2] > 150u);  // every event has MET

  // The model knows its schema: the 2014 names are not its variations' or inputs'.
  const auto inspect = sieve_ok("inspect --model " + model);
  BOOST_TEST(contains(inspect.out, "dataset schema fair-universe-2024"));
  BOOST_TEST(contains(inspect.out, "PRI_n_jets embedded (8 categories -> 3)"));
  const auto schema = sieve_ok("inspect --model " + model + " --schema");
  BOOST_TEST(schema.out == read_bytes(kFairSchema));
  const auto bad = run_sieve("score --model " + model + " --in " + test + " --out " + dir.file("x.csv") +
                             " --variations tes_sideways");
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(contains(bad.out, "unknown systematic variation 'tes_sideways' (known variations of schema "
                               "fair-universe-2024: nominal, tes_up, tes_down, jes_up, jes_down, soft_met)"),
             bad.out);
}

BOOST_AUTO_TEST_CASE(a_renamed_and_reordered_higgsml_file_scores_as_the_preset_bit_for_bit) {
  TempDir dir;
  // Every column renamed and the column order reversed.
  const std::string renamed = dir.file("renamed.csv");
  shell("zcat '" + kHiggs + "' | awk -F, 'NR == 1 { gsub(/PRI_/, \"reco_\"); gsub(/DER_/, \"calc_\"); "
        "gsub(/EventId/, \"event\"); gsub(/KaggleWeight/, \"wkag\"); gsub(/Weight/, \"wraw\"); "
        "gsub(/KaggleSet/, \"part\"); gsub(/Label/, \"truth\") } "
        "{ line = $NF; for (i = NF - 1; i >= 1; --i) line = line \",\" $i; print line }' > '" + renamed + "'");
  // The schema: the preset's text with the same names, the recomputation's roles bound.
  std::string text = read_bytes(kRoot + "/schemas/higgsml-2014.toml");
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"PRI_", "reco_"}, {"DER_", "calc_"}, {"\"EventId\"", "\"event\""}, {"\"KaggleWeight\"", "\"wkag\""},
           {"\"Weight\"", "\"wraw\""}, {"\"KaggleSet\"", "\"part\""}, {"\"Label\"", "\"truth\""},
           {"\"higgsml-2014\"", "\"renamed\""}})
    replace_all(text, from, to);
  text += "\n[recompute.columns]\n";
  for (const char* role :
       {"DER_mass_MMC", "DER_mass_transverse_met_lep", "DER_mass_vis", "DER_pt_h", "DER_deltaeta_jet_jet",
        "DER_mass_jet_jet", "DER_prodeta_jet_jet", "DER_deltar_tau_lep", "DER_pt_tot", "DER_sum_pt",
        "DER_pt_ratio_lep_tau", "DER_met_phi_centrality", "DER_lep_eta_centrality", "PRI_tau_pt", "PRI_tau_eta",
        "PRI_tau_phi", "PRI_lep_pt", "PRI_lep_eta", "PRI_lep_phi", "PRI_met", "PRI_met_phi", "PRI_met_sumet",
        "PRI_jet_num", "PRI_jet_leading_pt", "PRI_jet_leading_eta", "PRI_jet_leading_phi", "PRI_jet_subleading_pt",
        "PRI_jet_subleading_eta", "PRI_jet_subleading_phi", "PRI_jet_all_pt"}) {
    std::string column = role;
    replace_all(column, "PRI_", "reco_");
    replace_all(column, "DER_", "calc_");
    text += std::string(role) + " = \"" + column + "\"\n";
  }
  const std::string schema = dir.write("renamed.toml", text);
  BOOST_TEST(!contains(read_bytes(renamed).substr(0, 2000), "PRI_"));

  const std::string preset_model = dir.file("preset.model"), renamed_model = dir.file("renamed.model");
  sieve_ok("train --data " + kHiggs + kTinyRecipe + " --out " + preset_model);
  sieve_ok("train --data " + renamed + " --schema " + schema + kTinyRecipe + " --out " + renamed_model);
  const std::string variations = " --variations nominal,tes_up,jes_down,soft_met --threads 2 --quiet";
  sieve_ok("score --model " + preset_model + " --in " + kHiggs + " --out " + dir.file("preset.csv") + variations);
  sieve_ok("score --model " + renamed_model + " --in " + renamed + " --out " + dir.file("renamed-scores.csv") + variations);
  const auto a = lines_of(dir.file("preset.csv")), b = lines_of(dir.file("renamed-scores.csv"));
  BOOST_TEST_REQUIRE(a.size() == 18001u);
  BOOST_TEST_REQUIRE(b.size() == a.size());
  BOOST_TEST(a[0] == "EventId,score_nominal,score_tes_up,score_jes_down,score_soft_met");
  BOOST_TEST(b[0] == "event,score_nominal,score_tes_up,score_jes_down,score_soft_met");
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i] != b[i] && i > 0;
  BOOST_TEST(differ == 0u, differ << " of 18000 rows differ");
  BOOST_TEST(a[1] == b[1]);
}

BOOST_AUTO_TEST_CASE(a_purely_tabular_schema_trains_and_scores_without_augmentation) {
  TempDir dir;
  const std::string schema = dir.write("tabular.toml", R"([dataset]
name = "tabular"
label = "labels"
weight = "weights"

[inputs]
continuous = ["DER_mass_transverse_met_lep", "DER_mass_vis", "DER_pt_h", "DER_deltar_had_lep",
              "DER_pt_tot", "DER_sum_pt", "DER_pt_ratio_lep_had", "DER_met_phi_centrality"]

[missing]
values = [-25]
)");
  const std::string model = dir.file("tabular.model");
  const auto trained = sieve_ok("train --data " + kFair + " --schema " + schema + kFairRecipe + " --out " + model);
  const auto inspect = sieve_ok("inspect --model " + model);
  BOOST_TEST(contains(inspect.out, "8 continuous inputs"), inspect.out);
  BOOST_TEST(contains(inspect.out, "objects (0)"), inspect.out);
  BOOST_TEST(contains(inspect.out, "augment = 0"), inspect.out);
  BOOST_TEST(contains(inspect.out, "tta = 0"), inspect.out);
  const std::string scores = dir.file("scores.csv");
  sieve_ok("score --model " + model + " --in " + kFair + " --out " + scores + " --threads 2 --quiet");
  const auto rows = lines_of(scores);
  BOOST_TEST_REQUIRE(rows.size() == 1001u);
  BOOST_TEST(rows[0] == "row,score_nominal");
  const auto eval = sieve_ok("evaluate --model " + model + " --data " + kFair + " --json");
  BOOST_TEST(json_value(eval.out, "auc") > 0.7);
  // Nothing to vary: no objects, no recomputation, no variations of its own.
  const auto bad = run_sieve("score --model " + model + " --in " + kFair + " --out " + dir.file("x.csv") +
                             " --variations nominal,tes_up");
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(contains(bad.out, "unknown systematic variation 'tes_up' (known variations of schema tabular: nominal)"),
             bad.out);
}

BOOST_AUTO_TEST_CASE(a_column_substitution_variation_reads_the_varied_column) {
  TempDir dir;
  // NanoAOD style: the file carries PRI_had_pt_up beside PRI_had_pt (column 4).
  const std::string with_up = dir.file("with_up.csv"), shifted = dir.file("shifted.csv");
  shell("zcat '" + kFair + "' | awk -F, -v OFS=, 'NR == 1 { print $0, \"PRI_had_pt_up\"; next } "
        "{ print $0, sprintf(\"%.6g\", $4 * 1.05) }' > '" + with_up + "'");
  // The same events with the varied value in place of the nominal one.
  shell("awk -F, -v OFS=, 'NR > 1 { $4 = $NF } { NF = NF - 1; print }' '" + with_up + "' > '" + shifted + "'");
  std::string text = read_bytes(kFairSchema);
  text += "\n[[variations]]\nname = \"had_pt_up\"\ncolumns = { PRI_had_pt = \"PRI_had_pt_up\" }\n";
  const std::string schema = dir.write("with_up.toml", text);

  const std::string model = dir.file("m.model");
  sieve_ok("train --data " + kFair + " --schema " + schema + kFairRecipe + " --out " + model);
  sieve_ok("score --model " + model + " --in " + with_up + " --out " + dir.file("varied.csv") +
           " --variations nominal,had_pt_up --threads 2 --quiet");
  sieve_ok("score --model " + model + " --in " + shifted + " --out " + dir.file("shifted-scores.csv") +
           " --threads 2 --quiet");
  const auto varied = lines_of(dir.file("varied.csv")), reference = lines_of(dir.file("shifted-scores.csv"));
  BOOST_TEST_REQUIRE(varied.size() == 1001u);
  BOOST_TEST_REQUIRE(reference.size() == 1001u);
  BOOST_TEST(varied[0] == "row,score_nominal,score_had_pt_up");
  std::size_t moved = 0, same = 0;
  for (std::size_t i = 1; i < varied.size(); ++i) {
    moved += cell(varied[i], 1) != cell(varied[i], 2);
    same += cell(varied[i], 2) == cell(reference[i], 1);
  }
  BOOST_TEST(moved > 900u);
  BOOST_TEST(same == 1000u, "the substituted scores equal the scores of the shifted file for " << same << " rows");
  // A file without the varied column cannot score that variation.
  const auto bad = run_sieve("score --model " + model + " --in " + kFair + " --out " + dir.file("x.csv") +
                             " --variations nominal,had_pt_up");
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(contains(bad.out, "PRI_had_pt_up"), bad.out);
}

// A schema's embedding size is the dataset's choice: the network is built with it, and it
// comes back from the model file.
BOOST_AUTO_TEST_CASE(the_schema_sets_the_categoricals_embedding_size) {
  TempDir dir;
  std::string schema = read_bytes(kFairSchema);
  replace_all(schema, "unseen = 7 ", "embedding_dim = 5\nunseen = 7 ");
  const std::string schema_path = dir.write("fair-emb5.toml", schema);
  const std::string model = dir.file("emb5.model");
  sieve_ok("train --data " + kFair + " --schema " + schema_path + kTinyRecipe + " --batch-size 64 --out " + model);
  const auto shown = sieve_ok("inspect --model " + model);
  BOOST_TEST(shown.out.find("PRI_n_jets embedded (8 categories -> 5)") != std::string::npos, shown.out);
}
