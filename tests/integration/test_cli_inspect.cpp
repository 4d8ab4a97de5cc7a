#define BOOST_TEST_MODULE cli_inspect
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/io/model_file_header.hpp"
#include "sieve/score/footprint.hpp"
#include "sieve/train/recipe.hpp"

#include <cstdio>

using namespace sieve;
using test::contains;

namespace {

struct Files {
  test::TempDir dir;
  std::string model;
  Files() : model(dir.file("small.model")) {
    io::save_model(train::train_recipe(test::real_events(), test::small_recipe(), 2).model, model);
  }
};
const Files& files() {
  static const Files f;
  return f;
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(prints_every_part_of_the_model) {
  const auto r = test::run_sieve("inspect " + files().model);
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  const auto model = io::load_model(files().model);
  const auto header = io::read_model_file_header(files().model);
  BOOST_TEST(header.format_version == io::written_format(*model));  // 2: one categorical column
  BOOST_TEST(contains(r.out, "format version " + std::to_string(header.format_version)));
  BOOST_TEST(contains(r.out, "written by Sieve " + model->provenance.library_version));
  BOOST_TEST(contains(r.out, "payload " + std::to_string(header.payload_bytes) + " bytes"));
  // Provenance: the recipe's key = value lines, seed, data.
  BOOST_TEST(contains(r.out, "    members = 3\n"));
  BOOST_TEST(contains(r.out, "    folds = 3\n"));
  BOOST_TEST(contains(r.out, "  seed 1337\n"));
  BOOST_TEST(contains(r.out, "atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz: 18000 rows"));
  // Network and pipeline.
  BOOST_TEST(contains(r.out, "parameters per member: 23113"));
  BOOST_TEST(contains(r.out, "6 swish layers of 33"));
  BOOST_TEST(contains(r.out, "network inputs (30)"));
  BOOST_TEST(contains(r.out, "PRI_jet_leading_pz"));
  BOOST_TEST(contains(r.out, format("%14.6g", static_cast<double>(model->pipeline.mean[0]))));
  BOOST_TEST(contains(r.out, "categorical PRI_jet_num: embedded; codes 0=0 1=1 2=2 3=3"));
  BOOST_TEST(contains(r.out, "augmentation space: raw"));
  // Members, TTA, cut, self-test.
  BOOST_TEST(contains(r.out, "members (3)"));
  for (const auto& m : model->members) BOOST_TEST(contains(r.out, format("%10.6f", m.weight)));
  BOOST_TEST(contains(r.out, "TTA: on"));
  BOOST_TEST(contains(r.out, format("cut: %.6f", model->cut)));
  BOOST_TEST(contains(r.out, "self-test rows (4)"));
  for (const auto& row : model->self_test)
    BOOST_TEST(contains(r.out, format("%12.7f", static_cast<double>(row.expected))));
  // Memory figures as the library computes them.
  const score::Scorer scorer(model);
  const auto f = score::footprint(scorer, 1024);
  BOOST_TEST(contains(r.out, "model resident: " + std::to_string(f.model_bytes) + " bytes (parameters " +
                                 std::to_string(f.parameter_bytes)));
  BOOST_TEST(contains(r.out, "ScorerWorkspace for 1024 events: " + std::to_string(f.workspace_bytes) + " bytes"));
  // --model works as well as the bare argument.
  BOOST_TEST(test::run_sieve("inspect --model " + files().model).out == r.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported) {
  auto r = test::run_sieve("inspect /nonexistent/x.model");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "sieve inspect: error: cannot open model file /nonexistent/x.model"));
  r = test::run_sieve("inspect");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "missing required option --model"));
  r = test::run_sieve("inspect " + files().model + " another.model");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unexpected argument 'another.model'"));
  r = test::run_sieve("inspect --verbose " + files().model);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unknown option --verbose"));
  // Not a model file: the loader's checks name the file.
  test::TempDir dir;
  const std::string junk = dir.write("junk.model", "hello\n");
  r = test::run_sieve("inspect " + junk);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, junk));
  BOOST_CHECK_THROW(io::read_model_file_header(junk), ConfigError);
  const auto help = test::run_sieve("inspect --help");
  BOOST_TEST(help.status == 0);
  BOOST_TEST(contains(help.out, "usage: sieve inspect [options] [--model] MODEL"));
}

// The framework fragments name the model's own columns and variations, with parameters the
// shipped module configurations have (so a misspelt or renamed parameter fails here).
BOOST_AUTO_TEST_CASE(framework_fragments_come_from_the_models_schema) {
  const std::string fair = std::string(SIEVE_SOURCE_DIR) + "/fuzz/corpus/model_file/fair-universe.model";
  const auto model = io::load_model(fair);
  auto quoted_list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += "'" + item + "'";
    return out;
  };
  auto without_layout = [](std::string text) {  // the lists' items alone, without separators
    std::string out;
    bool in_quote = false;
    for (const char c : text) {
      if (c == '\'') in_quote = !in_quote;
      if (in_quote || c == '\'') out += c;
    }
    return out;
  };
  const std::string cfi = test::read_bytes(std::string(SIEVE_SOURCE_DIR) + "/adapters/cmssw/python/sieveFlatTableProducer_cfi.py");
  const auto cmssw = test::run_sieve("inspect " + fair + " --framework cmssw");
  BOOST_TEST_REQUIRE(cmssw.status == 0, cmssw.out);
  const std::string columns = quoted_list(model->pipeline.raw_columns);
  BOOST_TEST(contains(without_layout(cmssw.out.substr(cmssw.out.find("inputNames"))), columns));
  BOOST_TEST(contains(cmssw.out, "variations = cms.vstring('nominal', 'tes_up', 'tes_down', 'jes_up', 'jes_down', 'soft_met')"));
  for (const char* parameter : {"model", "src", "inputNames", "variations", "tta"}) {
    BOOST_TEST(contains(cmssw.out, std::string("  ") + parameter + " = cms."), parameter);
    BOOST_TEST(contains(cfi, std::string("  ") + parameter + " = cms."), parameter);
  }
  const std::string options = test::read_bytes(std::string(SIEVE_SOURCE_DIR) + "/adapters/gaudi/options/sieveScore.py");
  const auto gaudi = test::run_sieve("inspect " + fair + " --framework gaudi");
  BOOST_TEST_REQUIRE(gaudi.status == 0, gaudi.out);
  BOOST_TEST(contains(without_layout(gaudi.out.substr(gaudi.out.find("InputNames"))), columns));
  for (const char* property : {"Input=", "ModelPath=", "Inputs=", "Entry=", "Output=", "Variations=", "TTA="}) {
    BOOST_TEST(contains(gaudi.out, property), property);
    BOOST_TEST(contains(options, property), property);
  }
  // InputNames is the transformer's property (its default, the model's columns, is not in the options file).
  BOOST_TEST(contains(test::read_bytes(std::string(SIEVE_SOURCE_DIR) + "/adapters/gaudi/src/SieveScoreTransformer.cpp"),
                      "\"InputNames\""));
  const auto bad = test::run_sieve("inspect " + fair + " --framework athena");
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(contains(bad.out, "--framework expects cmssw or gaudi, got 'athena'"));
}
