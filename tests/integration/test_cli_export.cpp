#define BOOST_TEST_MODULE cli_export
#include <boost/test/unit_test.hpp>

// `sieve export`: the exported graphs give the scores of `sieve score` on the real events.
//   ONNX: run with ONNX Runtime (the npm package onnxruntime-node, tools/peers/onnx; the
//   tests are skipped, saying so, without node or the package) from the raw columns, the
//   missing values given both as the schema's sentinels and as NaN; also checked by
//   python3-onnx's checker when it is installed. Both layouts of the members: separate (the
//   default: a chain of operators per member) and stacked (one batched MatMul per layer);
//   and the two parts (--part features, then --part network) run one after the other.
//   lwtnn: evaluated by an independent evaluator (tests/support/lwtnn_reference.py, numpy),
//   which computes the inputs from the CSV as the file's "sieve" block says.
// And what cannot be exported faithfully is refused, leaving no file.
#include "fair_universe_model.hpp"
#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "two_categoricals.hpp"

#include "sieve/data/csv_reader.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/score/input_binding.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/train/recipe.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

using namespace sieve;
using test::contains;
using test::TempDir;

namespace {

constexpr double kTolerance = 1e-5;
const std::string kSource = SIEVE_SOURCE_DIR;
const std::string kPeer = kSource + "/tools/peers/onnx";
const std::string kFairSchema = kSource + "/schemas/fair-universe-2024.toml";

bool succeeds(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

boost::test_tools::assertion_result has_onnxruntime_node(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result r(succeeds("node -e \"require('" + kPeer + "/node_modules/onnxruntime-node')\""));
  r.message() << "node or the npm package onnxruntime-node is missing (npm ci in tools/peers/onnx, as scripts/test.sh "
                 "does): the exported ONNX graphs are not run";
  return r;
}

boost::test_tools::assertion_result has_numpy(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result r(succeeds("/usr/bin/python3 -c 'import numpy'"));
  r.message() << "Debian's python3-numpy is missing: the lwtnn graphs are not evaluated";
  return r;
}

// The models, trained once: the recipe's network on the real HiggsML events (preset
// schema, -999 sentinels, PRI_jet_num unseen = error), and small ones on the
// FAIR-Universe sample (-25 sentinels, PRI_n_jets unseen -> 7) with the options an
// exporter must follow: no embedding, ReLU, sequential body, flips of standardised
// columns, no TTA, SELU; and on the sample with a second categorical column
// (tests/support/two_categoricals.hpp), embedded and not; and the sample's model again with
// 3 members instead of 2 (the stacked graph's operators do not depend on the members).
struct Models {
  TempDir dir;
  std::string higgs, golden, fair, fair_options, fair_no_tta, fair_selu, fair_three, two, two_values;
  std::string higgs_data = test::kRealEvents, fair_data = test::kFairUniverseEvents, two_data;

  Models() {
    higgs = dir.file("higgs.model");
    {
      train::RecipeConfig c = test::small_recipe();
      io::save_model(train::train_recipe(test::real_events(), c, 0).model, higgs);
    }
    golden = kSource + "/tests/data/golden-format1.model";
    data::ReadOptions options;
    options.schema = std::make_shared<const data::Schema>(data::load_schema(kFairSchema));
    const data::Table table = data::read_table(fair_data, options);
    auto fair_model = [&](const std::string& name, auto change, const data::Table& events) {
      train::RecipeConfig c;
      c.members = 2;
      c.folds = 2;
      c.epochs = 2;
      c.batch_size = 64;
      c.network.width = 12;
      c.network.depth = 3;
      change(c);
      const std::string path = dir.file(name);
      io::save_model(train::train_recipe(events, c, 0).model, path);
      return path;
    };
    fair = fair_model("fair.model", [](train::RecipeConfig&) {}, table);
    fair_options = fair_model("fair-options.model", [](train::RecipeConfig& c) {
      c.network.n_categories = 0;  // the code as a standardised input
      c.network.activation = nn::Activation::ReLU;
      c.network.dense = false;
      c.augment_space = features::AugmentSpace::Standardised;
    }, table);
    fair_no_tta = fair_model("fair-no-tta.model", [](train::RecipeConfig& c) { c.tta = false; }, table);
    fair_selu = fair_model("fair-selu.model", [](train::RecipeConfig& c) { c.network.activation = nn::Activation::SELU; }, table);
    fair_three = fair_model("fair-three.model", [](train::RecipeConfig& c) { c.members = c.folds = 3; }, table);
    const test::TwoCategoricals t = test::write_two_categoricals(dir);
    two_data = t.data;
    options.schema = std::make_shared<const data::Schema>(data::load_schema(t.schema));
    const data::Table two_table = data::read_table(two_data, options);
    two = fair_model("two.model", [](train::RecipeConfig&) {}, two_table);
    two_values = fair_model("two-values.model", [](train::RecipeConfig& c) { c.network.n_categories = 0; }, two_table);
  }
};

Models& models() {
  static Models m;
  return m;
}

// Column `column` (0-based) of a scores CSV, in row order.
std::vector<double> score_column(const std::string& path, std::size_t column = 1) {
  std::istringstream in(test::read_bytes(path));
  std::string line;
  std::getline(in, line);
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::size_t at = 0;
    for (std::size_t c = 0; c < column; ++c) at = line.find(',', at) + 1;
    out.push_back(std::strtod(line.c_str() + at, nullptr));
  }
  return out;
}

std::vector<double> lines(const std::string& path) {
  std::istringstream in(test::read_bytes(path));
  std::vector<double> out;
  for (std::string line; std::getline(in, line);) out.push_back(std::strtod(line.c_str(), nullptr));
  return out;
}

std::vector<float> read_f32(const std::string& path) {
  const std::string bytes = test::read_bytes(path);
  std::vector<float> out(bytes.size() / sizeof(float));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(float));
  return out;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

// `sieve score` of a model on a file: the nominal scores, with the model's TTA or without.
std::vector<double> sieve_scores(const TempDir& dir, const std::string& model, const std::string& data, bool tta) {
  const std::string out = dir.file(tta ? "scores-tta.csv" : "scores-nominal.csv");
  const auto r = test::run_sieve("score --model " + model + " --in " + data + " --out " + out + " --quiet" +
                                 (tta ? "" : " --no-tta"));
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  return score_column(out);
}

void export_model(const std::string& model, const std::string& format, const std::string& out,
                  const std::string& extra = "") {
  const auto r = test::run_sieve("export --model " + model + " --format " + format + " --out " + out + " " + extra);
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
}

// The events of `data` as raw_inputs rows (the model's raw columns, in its order), each
// missing value given as its column's first sentinel in even rows and as NaN in odd ones.
std::vector<float> raw_rows(const ensemble::Model& model, const std::string& data) {
  data::ReadOptions options;
  options.schema = std::make_shared<const data::Schema>(model.schema);
  const data::Table table = data::read_table(data, options);
  const auto& columns = model.pipeline.raw_columns;
  std::vector<float> rows;
  for (std::size_t e = 0; e < table.rows(); ++e)
    for (const std::string& c : columns) {
      float v = table.column(c)[e];
      const auto& sentinels = model.schema.sentinels(c);
      if (std::isnan(v) && e % 2 == 0 && !sentinels.empty()) v = sentinels.front();
      rows.push_back(v);
    }
  return rows;
}

// The ONNX graph's scores of raw rows, run by onnxruntime-node (with `features`, the graph
// of --part features first, then `graph`, of --part network).
std::vector<float> run_onnx(const TempDir& dir, const std::string& graph, const std::vector<float>& rows,
                            std::size_t columns, const std::string& features = "") {
  const std::string in = dir.file("raw.f32"), out = dir.file("onnx-scores.f32");
  dir.write("raw.f32", std::string_view(reinterpret_cast<const char*>(rows.data()), rows.size() * sizeof(float)));
  const auto r = test::run_command("node " + kPeer + "/run_graph.js --model " + graph + " --in " + in + " --columns " +
                                   std::to_string(columns) + " --out " + out +
                                   (features.empty() ? "" : " --features " + features) + " 2>&1");
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  return read_f32(out);
}

void check_with_python_onnx(const std::string& graph) {
  if (!succeeds("/usr/bin/python3 -c 'import onnx'")) {
    std::printf("python3-onnx is not installed: %s not checked by onnx.checker\n", graph.c_str());
    return;
  }
  const auto r = test::run_command("/usr/bin/python3 -c \"import onnx, sys; m = onnx.load(sys.argv[1]); "
                                   "onnx.checker.check_model(m, full_check=True); print('opset', m.opset_import[0].version)\" " +
                                   graph + " 2>&1");
  BOOST_TEST(r.status == 0, r.out);
  BOOST_TEST(contains(r.out, "opset 13"), r.out);
}

// The library scorer's nominal scores of raw rows (with the model's TTA).
std::vector<double> library_scores(const ensemble::Model& model, const std::vector<float>& rows) {
  const auto shared = std::make_shared<const ensemble::Model>(model);
  const score::Scorer scorer(shared);
  const score::InputBinding binding(*shared, shared->pipeline.raw_columns);
  const std::size_t n = rows.size() / binding.width();
  score::ScorerWorkspace ws(scorer, static_cast<int>(n));
  std::vector<std::int64_t> ids(n, 0);
  std::vector<float> scores(n);
  scorer.score(ws, binding, rows, ids, scores);
  return {scores.begin(), scores.end()};
}

// Exports `model` to ONNX, the members stacked and separate, runs each graph on every
// event of `data`, and compares with `sieve score` (with the model's TTA and, exported
// with --tta off, without). Returns the largest difference.
double onnx_against_sieve_score(const std::string& model_path, const std::string& data) {
  TempDir dir;
  const auto model = io::load_model(model_path);
  const std::vector<float> rows = raw_rows(*model, data);
  const std::size_t R = model->pipeline.raw_columns.size();
  double worst = 0.0;
  for (const bool tta : {true, false}) {
    const std::vector<double> expected = sieve_scores(dir, model_path, data, tta);
    for (const std::string layout : {"stacked", "separate"}) {
      const std::string graph = dir.file(layout + (tta ? "-model.onnx" : "-nominal.onnx"));
      export_model(model_path, "onnx", graph, "--members " + layout + (tta ? "" : " --tta off"));
      check_with_python_onnx(graph);
      const std::vector<float> onnx = run_onnx(dir, graph, rows, R);
      BOOST_REQUIRE_EQUAL(onnx.size(), expected.size());
      const double d = max_difference({onnx.begin(), onnx.end()}, expected);
      std::printf("%s, %s, members %s: %zu events, max |ONNX Runtime - sieve score| = %.3g\n", model_path.c_str(),
                  tta ? "TTA" : "no TTA", layout.c_str(), expected.size(), d);
      BOOST_TEST(d <= kTolerance, layout << (tta ? ", TTA: " : ", no TTA: ") << d);
      worst = std::max(worst, d);
    }
    // The two parts, one after the other.
    const std::string features = dir.file(tta ? "features-model.onnx" : "features-nominal.onnx");
    const std::string network = dir.file(tta ? "network-model.onnx" : "network-nominal.onnx");
    export_model(model_path, "onnx", features, std::string("--part features") + (tta ? "" : " --tta off"));
    export_model(model_path, "onnx", network, std::string("--part network") + (tta ? "" : " --tta off"));
    check_with_python_onnx(features);
    check_with_python_onnx(network);
    const std::vector<float> parts = run_onnx(dir, network, rows, R, features);
    BOOST_REQUIRE_EQUAL(parts.size(), expected.size());
    const double d = max_difference({parts.begin(), parts.end()}, expected);
    std::printf("%s, %s, --part features then network: %zu events, max |ONNX Runtime - sieve score| = %.3g\n",
                model_path.c_str(), tta ? "TTA" : "no TTA", expected.size(), d);
    BOOST_TEST(d <= kTolerance, (tta ? "parts, TTA: " : "parts, no TTA: ") << d);
    worst = std::max(worst, d);
  }
  return worst;
}

// The operators of the graph `sieve export` writes of `model` with `--members layout`,
// as its summary line prints them ("..., 2 members (stacked), 71 operators, ...").
std::size_t exported_operators(const std::string& model, const std::string& layout) {
  TempDir dir;
  const auto r = test::run_sieve("export --model " + model + " --format onnx --members " + layout + " --out " +
                                 dir.file("m.onnx"));
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  const std::string tag = "(" + layout + "), ";
  const std::size_t at = r.out.find(tag);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, r.out);
  return std::strtoull(r.out.c_str() + at + tag.size(), nullptr, 10);
}

// Exports `model` to lwtnn, evaluates the graph on the events of `data` with the
// reference evaluator (the first `tta_events` of them with the caller's 8 TTA copies:
// numpy's arithmetic is slow), and compares with `sieve score`, without TTA and with.
double lwtnn_against_sieve_score(const std::string& model_path, const std::string& data, std::size_t tta_events) {
  TempDir dir;
  const std::string graph = dir.file("model.json");
  export_model(model_path, "lwtnn", graph);
  double worst = 0.0;
  for (const bool tta : {false, true}) {
    const std::string out = dir.file("lwtnn-scores.txt");
    const auto r = test::run_command("/usr/bin/python3 " + kSource + "/tests/support/lwtnn_reference.py --graph " + graph +
                                     " --data " + data + " --out " + out +
                                     (tta ? " --tta --max-events " + std::to_string(tta_events) : "") + " 2>&1");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
    std::vector<double> expected = sieve_scores(dir, model_path, data, tta);
    if (tta) expected.resize(std::min(expected.size(), tta_events));
    const double d = max_difference(lines(out), expected);
    std::printf("%s, lwtnn graph %s: %zu events, max |reference evaluator - sieve score%s| = %.3g\n", model_path.c_str(),
                tta ? "averaged over the caller's TTA copies" : "as given", expected.size(), tta ? "" : " --no-tta", d);
    BOOST_TEST(d <= kTolerance);
    worst = std::max(worst, d);
  }
  return worst;
}

} // namespace

BOOST_AUTO_TEST_CASE(onnx_graph_scores_the_real_higgsml_events_as_sieve_score, *boost::unit_test::precondition(has_onnxruntime_node)) {
  onnx_against_sieve_score(models().higgs, models().higgs_data);
  // A model file of format 1 (before schemas) exports too.
  onnx_against_sieve_score(models().golden, models().higgs_data);
}

BOOST_AUTO_TEST_CASE(onnx_graph_scores_the_fair_universe_sample_as_sieve_score, *boost::unit_test::precondition(has_onnxruntime_node)) {
  onnx_against_sieve_score(models().fair, models().fair_data);
  // No embedding (the code's value standardised), ReLU, a sequential body, TTA flips of
  // the standardised columns; a model without TTA; SELU.
  onnx_against_sieve_score(models().fair_options, models().fair_data);
  onnx_against_sieve_score(models().fair_no_tta, models().fair_data);
  onnx_against_sieve_score(models().fair_selu, models().fair_data);
}

// Two categorical columns: one Gather per embedding table; not embedded, two code values.
BOOST_AUTO_TEST_CASE(onnx_graph_scores_a_model_of_two_categorical_columns_as_sieve_score,
                     *boost::unit_test::precondition(has_onnxruntime_node)) {
  onnx_against_sieve_score(models().two, models().two_data);
  onnx_against_sieve_score(models().two_values, models().two_data);
  // lep_flavour's unseen = "error": an event with another flavour scores NaN.
  TempDir dir;
  const auto model = io::load_model(models().two);
  const auto& columns = model->pipeline.raw_columns;
  const std::size_t R = columns.size();
  std::vector<float> rows = raw_rows(*model, models().two_data);
  rows.resize(2 * R);
  rows[R + static_cast<std::size_t>(std::find(columns.begin(), columns.end(), "lep_flavour") - columns.begin())] = 15.0f;
  const std::string graph = dir.file("two.onnx");
  export_model(models().two, "onnx", graph);
  const std::vector<float> scores = run_onnx(dir, graph, rows, R);
  BOOST_REQUIRE_EQUAL(scores.size(), 2u);
  BOOST_TEST(std::abs(scores[0] - library_scores(*model, std::vector<float>(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(R)))[0]) <= kTolerance);
  BOOST_TEST(std::isnan(scores[1]));
}

// The stacked graph: fewer operators than a chain per member, and as many for 3 members as
// for 2 (a chain per member grows by one chain), whatever the body: dense with an
// embedding, or sequential without.
BOOST_AUTO_TEST_CASE(stacked_onnx_graph_has_fewer_operators_and_as_many_for_any_number_of_members) {
  const std::size_t two = exported_operators(models().fair, "stacked"),
                    three = exported_operators(models().fair_three, "stacked"),
                    separate_two = exported_operators(models().fair, "separate"),
                    separate_three = exported_operators(models().fair_three, "separate");
  std::printf("operators: stacked %zu (2 members), %zu (3); separate %zu (2), %zu (3)\n", two, three, separate_two,
              separate_three);
  BOOST_TEST(two == three);
  BOOST_TEST(two < separate_two);
  BOOST_TEST(separate_three > separate_two);
  // The recipe's network (depth 6, dense, embedded): 3 members.
  const std::size_t higgs = exported_operators(models().higgs, "stacked"),
                    higgs_separate = exported_operators(models().higgs, "separate");
  std::printf("HiggsML, 3 members: stacked %zu operators, separate %zu\n", higgs, higgs_separate);
  BOOST_TEST(higgs < higgs_separate);
  BOOST_TEST(exported_operators(models().fair_options, "stacked") < exported_operators(models().fair_options, "separate"));
}

BOOST_AUTO_TEST_CASE(onnx_graph_gives_nan_where_sieve_refuses_and_the_fallback_code_where_it_takes_it,
                     *boost::unit_test::precondition(has_onnxruntime_node)) {
  TempDir dir;
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  {
    // HiggsML: PRI_jet_num outside 0..3 is an error for sieve score; so is an infinite value.
    const auto model = io::load_model(models().higgs);
    const auto& columns = model->pipeline.raw_columns;
    const std::size_t R = columns.size();
    const std::vector<float> all = raw_rows(*model, models().higgs_data);
    const std::vector<float> event(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(R));
    const auto at = [&](const std::string& c) { return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), c) - columns.begin()); };
    std::vector<float> rows = event;
    for (const auto& [column, value] : std::vector<std::pair<std::string, float>>{
             {"PRI_jet_num", 5.0f}, {"PRI_jet_num", nan}, {"PRI_jet_num", 1.5f}, {"DER_mass_vis", inf}, {"PRI_tau_phi", -inf}}) {
      std::vector<float> bad = event;
      bad[at(column)] = value;
      rows.insert(rows.end(), bad.begin(), bad.end());
    }
    const std::string graph = dir.file("higgs.onnx");
    export_model(models().higgs, "onnx", graph);
    export_model(models().higgs, "onnx", dir.file("features.onnx"), "--part features");
    export_model(models().higgs, "onnx", dir.file("network.onnx"), "--part network");
    // The whole graph, and the parts (the features graph flags the events the whole one scores NaN).
    for (const auto& scores : {run_onnx(dir, graph, rows, R), run_onnx(dir, dir.file("network.onnx"), rows, R, dir.file("features.onnx"))}) {
      BOOST_REQUIRE_EQUAL(scores.size(), 6u);
      BOOST_TEST(std::abs(scores[0] - library_scores(*model, event)[0]) <= kTolerance);
      for (std::size_t i = 1; i < scores.size(); ++i) BOOST_TEST(std::isnan(scores[i]), "row " << i << ": " << scores[i]);
    }
  }
  {
    // FAIR-Universe: PRI_n_jets above 7, or missing, is scored as 7 (unseen = 7).
    const auto model = io::load_model(models().fair);
    const auto& columns = model->pipeline.raw_columns;
    const std::size_t R = columns.size();
    const std::vector<float> all = raw_rows(*model, models().fair_data);
    const std::size_t jets = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), "PRI_n_jets") - columns.begin());
    std::vector<float> rows, as_seven;
    for (std::size_t e = 0; e < 20; ++e) {
      std::vector<float> event(all.begin() + static_cast<std::ptrdiff_t>(e * R), all.begin() + static_cast<std::ptrdiff_t>((e + 1) * R));
      event[jets] = e % 3 == 0 ? 9.0f : e % 3 == 1 ? nan : 25.0f;
      rows.insert(rows.end(), event.begin(), event.end());
      event[jets] = 7.0f;
      as_seven.insert(as_seven.end(), event.begin(), event.end());
    }
    const std::string graph = dir.file("fair.onnx");
    export_model(models().fair, "onnx", graph);
    const std::vector<float> scores = run_onnx(dir, graph, rows, R);
    const std::vector<double> expected = library_scores(*model, as_seven);
    BOOST_TEST(max_difference({scores.begin(), scores.end()}, expected) <= kTolerance);
  }
}

BOOST_AUTO_TEST_CASE(lwtnn_graph_scores_the_real_events_as_sieve_score, *boost::unit_test::precondition(has_numpy)) {
  lwtnn_against_sieve_score(models().higgs, models().higgs_data, 3000);
  lwtnn_against_sieve_score(models().fair, models().fair_data, 1000);
  lwtnn_against_sieve_score(models().fair_options, models().fair_data, 1000);
  lwtnn_against_sieve_score(models().fair_no_tta, models().fair_data, 1000);
  // Two categorical columns: a one-hot input node and a linear layer per table; not
  // embedded, two code values among the features.
  lwtnn_against_sieve_score(models().two, models().two_data, 1000);
  lwtnn_against_sieve_score(models().two_values, models().two_data, 1000);
}

BOOST_AUTO_TEST_CASE(lwtnn_graph_of_two_categorical_columns_has_an_input_node_for_each) {
  TempDir dir;
  const std::string graph = dir.file("two.json");
  const auto r = test::run_sieve("export --model " + models().two + " --format lwtnn --out " + graph);
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  BOOST_TEST(contains(r.out, "input node \"PRI_n_jets\" (8): is_0 is_1"), r.out);
  BOOST_TEST(contains(r.out, "input node \"lep_flavour\" (2): is_11 is_13"), r.out);
  const std::string json = test::read_bytes(graph);
  BOOST_TEST(contains(json, "{\"column\": \"lep_flavour\", \"values\": [11, 13], \"unseen\": \"error\", \"embedded\": true"),
             json.substr(json.find("\"categoricals\"")));
  const auto values = test::run_sieve("export --model " + models().two_values + " --format lwtnn --out " + dir.file("v.json"));
  BOOST_REQUIRE_MESSAGE(values.status == 0, values.out);
  const std::string v = test::read_bytes(dir.file("v.json"));
  BOOST_TEST(contains(v, "{\"name\": \"PRI_n_jets\", \"compute\": \"code_value\", \"column\": \"PRI_n_jets\"}"));
  BOOST_TEST(contains(v, "{\"name\": \"lep_flavour\", \"compute\": \"code_value\", \"column\": \"lep_flavour\"}"));
}

BOOST_AUTO_TEST_CASE(lwtnn_graph_names_its_inputs_and_spells_out_what_the_caller_computes) {
  TempDir dir;
  const std::string graph = dir.file("higgs.json");
  const auto r = test::run_sieve("export --model " + models().higgs + " --format lwtnn --out " + graph);
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  BOOST_TEST(contains(r.out, "input node \"features\" (30): DER_mass_MMC"), r.out);
  BOOST_TEST(contains(r.out, "input node \"PRI_jet_num\" (4): is_0 is_1 is_2 is_3"), r.out);
  BOOST_TEST(contains(r.out, "average it over the 8 TTA copies"), r.out);
  const std::string json = test::read_bytes(graph);
  BOOST_TEST(contains(json, "{\"function\": \"swish\", \"alpha\": 1.0}"));
  BOOST_TEST(contains(json, "\"type\": \"concatenate\""));
  BOOST_TEST(contains(json, "{\"name\": \"PRI_tau_px\", \"compute\": \"pt*cos(phi)\", \"pt\": \"PRI_tau_pt\", \"phi\": \"PRI_tau_phi\"}"));
  BOOST_TEST(contains(json, "\"sentinels\": {\"DER_mass_MMC\": [-999]"));
  BOOST_TEST(contains(json, "\"unseen\": \"error\""));
}

BOOST_AUTO_TEST_CASE(what_cannot_be_exported_faithfully_is_refused_and_leaves_no_file) {
  TempDir dir;
  const auto no_file_but = [&](const std::string& kept) {
    for (const auto& entry : std::filesystem::directory_iterator(dir.file("")))
      BOOST_TEST(entry.path().filename().string() == kept, "left behind: " << entry.path());
  };
  // lwtnn has no SELU.
  auto r = test::run_sieve("export --model " + models().fair_selu + " --format lwtnn --out " + dir.file("selu.json"));
  BOOST_TEST(r.status != 0);
  BOOST_TEST(contains(r.out, "lwtnn has no SELU activation"), r.out);
  BOOST_TEST(contains(r.out, "export it with --format onnx"), r.out);
  no_file_but("");
  // TTA for a model that sieve score never scores with TTA.
  r = test::run_sieve("export --model " + models().fair_no_tta + " --format onnx --tta on --out " + dir.file("x.onnx"));
  BOOST_TEST(r.status != 0);
  BOOST_TEST(contains(r.out, "trained without test-time augmentation"), r.out);
  // Options that do not fit the format, and unknown values: each refused with its message.
  const std::pair<std::string, std::string> refused[] = {
      {"--format lwtnn --tta off --out " + dir.file("x.json"), "--tta is for --format onnx"},
      {"--format tflite --out " + dir.file("x"), "--format must be onnx or lwtnn, got 'tflite'"},
      {"--format onnx --tta maybe --out " + dir.file("x"), "--tta must be model, on or off, got 'maybe'"},
      {"--format onnx --members merged --out " + dir.file("x"), "--members must be separate or stacked, got 'merged'"},
      {"--format lwtnn --members stacked --out " + dir.file("x.json"), "--members is for --format onnx"},
      {"--format onnx --part head --out " + dir.file("x"), "--part must be whole, features or network, got 'head'"},
      {"--format lwtnn --part network --out " + dir.file("x.json"), "--part is for --format onnx"},
  };
  for (const auto& [options, message] : refused) {
    r = test::run_sieve("export --model " + models().fair + " " + options);
    BOOST_TEST(r.status != 0, options);
    BOOST_TEST(contains(r.out, message), r.out);
  }
  no_file_but("");
  // A file that exists is replaced whole, never left half-written: export over it.
  dir.write("kept.onnx", "old");
  export_model(models().fair, "onnx", dir.file("kept.onnx"));
  BOOST_TEST(test::read_bytes(dir.file("kept.onnx")).size() > 1000u);
  no_file_but("kept.onnx");
}

BOOST_AUTO_TEST_CASE(onnx_export_prints_the_input_and_output_a_framework_binds) {
  TempDir dir;
  const auto r = test::run_sieve("export --model " + models().fair + " --format onnx --out " + dir.file("m.onnx"));
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
  BOOST_TEST(contains(r.out, "ONNX opset 13, part whole, 2 members (separate), "), r.out);
  BOOST_TEST(contains(r.out, "input raw_inputs float32 [N, 28]: one row per event"), r.out);
  BOOST_TEST(contains(r.out, "raw columns (28): DER_mass_transverse_met_lep"), r.out);
  BOOST_TEST(contains(r.out, "output score float32 [N]: the score of sieve score (mean over the 8 TTA copies), NaN for an event"),
             r.out);
  // The parts: what the network graph takes is what the features graph gives.
  const auto f = test::run_sieve("export --model " + models().fair + " --format onnx --part features --out " + dir.file("f.onnx"));
  BOOST_REQUIRE_MESSAGE(f.status == 0, f.out);
  const auto n = test::run_sieve("export --model " + models().fair + " --format onnx --part network --out " + dir.file("n.onnx"));
  BOOST_REQUIRE_MESSAGE(n.status == 0, n.out);
  for (const std::string tensor : {"network_inputs float32 [rows, ", "network_codes int64 [rows, 1]"}) {
    BOOST_TEST(contains(f.out, "output " + tensor), f.out);
    BOOST_TEST(contains(n.out, "input " + tensor), n.out);
  }
  BOOST_TEST(contains(f.out, "(rows = 8 N): one row per event and TTA copy (event-major: row 8 e + c)"), f.out);
  BOOST_TEST(contains(f.out, "output refused bool [N]"), f.out);
  BOOST_TEST(contains(n.out, "output score float32 [N]: the score of sieve score (mean over the 8 TTA copies)"), n.out);
  BOOST_TEST(!contains(n.out, "raw columns ("), n.out);  // no raw columns to list
  const std::string bytes = test::read_bytes(dir.file("m.onnx"));
  BOOST_TEST(contains(bytes, "sieve.raw_columns"));
  BOOST_TEST(contains(bytes, "fair-universe-2024"));  // the schema travels in the metadata
  BOOST_TEST(contains(bytes, "sieve.member_layout"));
}
