#define BOOST_TEST_MODULE fuzz_regressions
// What fuzzing the readers found (fuzz/, scripts/fuzz.sh), each as a readable case with
// its exact message, plus a replay of every input the fuzzers saved in
// fuzz/regressions/<target>/: each must end in a result or a ConfigError naming the
// source, never in another exception, a crash or a sanitizer report (stage asan of
// scripts/test.sh runs this test under ASan+UBSan).
#include <boost/test/unit_test.hpp>

#include "temp_dir.hpp"
#include "sieve/data/csv_reader.hpp"
#include "sieve/data/higgs_columns.hpp"
#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"
#include "sieve/train/recipe_config.hpp"
#include "sieve/train/recipe_options.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>

using namespace sieve;
namespace fs = std::filesystem;

namespace {

const std::string kSource = SIEVE_SOURCE_DIR;

const ensemble::Model& golden() {
  static const ensemble::Model model = *io::load_model(kSource + "/tests/data/golden-format1.model");
  return model;
}

bool says(const ConfigError& e, const std::string& part) {
  const bool ok = std::string(e.what()).find(part) != std::string::npos;
  if (!ok) BOOST_TEST_MESSAGE("message was: " << e.what());
  return ok;
}

// The golden model edited by `edit`, written with a fresh checksum, must fail to load
// with a ConfigError that names the file and says `part`.
void refused(const std::function<void(ensemble::Model&)>& edit, const std::string& part) {
  ensemble::Model m = golden();
  edit(m);
  const std::string file = io::serialise_model(m);
  BOOST_CHECK_EXCEPTION(io::parse_model(file, "x.model"), ConfigError,
                        [&](const ConfigError& e) { return says(e, "x.model: ") && says(e, part); });
}

// The input with its checksum line rewritten to match its payload, as the fuzz target
// parses it too (empty when it has fewer than two lines).
std::string with_true_checksum(const std::string& input) {
  const auto first = input.find('\n');
  if (first == std::string::npos) return {};
  const auto second = input.find('\n', first + 1);
  if (second == std::string::npos) return {};
  const std::string payload = input.substr(second + 1);
  char line[64];
  std::snprintf(line, sizeof line, "crc32 %08x bytes %zu\n", test::crc32(payload), payload.size());
  return input.substr(0, first + 1) + line + payload;
}

std::vector<std::string> regressions(const std::string& target) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSource + "/fuzz/regressions/" + target))
    files.push_back(e.path().string());
  return files;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_golden_model_passes_every_structural_check) {
  BOOST_TEST(golden().members.size() == 2u);
  BOOST_TEST((io::parse_model(io::serialise_model(golden()), "x.model") == golden()));
  // As the members of a partial model: no weights and no self-test rows yet.
  ensemble::Model members = golden();
  members.self_test.clear();
  for (auto& m : members.members) m.weight = 0.0;
  BOOST_TEST((io::parse_model(io::serialise_model(members), "x.model", io::ModelCompleteness::Members) == members));
}

// Found by fuzz_model_file: an invalid self-test event threw InputError (a per-call
// scoring error) out of the loader, whose every failure is a ConfigError naming the file.
BOOST_AUTO_TEST_CASE(an_invalid_self_test_event_is_a_load_error) {
  refused([](ensemble::Model& m) { m.self_test[0].raw[data::PRI_jet_num] = 116.0f; },
          "self-test row 0 is not a valid event: PRI_jet_num must be an integer in 0..3, got 116");
}

// Found by fuzz_model_file: a network shape out of range gave a ConfigError without the
// file's name; then a review of what the scorer assumes added the other checks.
BOOST_AUTO_TEST_CASE(an_inconsistent_model_never_reaches_a_scorer) {
  refused([](ensemble::Model& m) { m.network.depth = 2993762; }, "network configuration: depth must be in 1..16");
  refused([](ensemble::Model& m) { m.network.embedding_dim = 1 << 30; },
          "network configuration: embedding_dim must be in 1..4096");
  refused([](ensemble::Model& m) { m.network.activation = static_cast<nn::Activation>(7); },
          "unknown activation or augmentation space code");
  refused([](ensemble::Model& m) { m.pipeline.raw_columns.pop_back(); },
          "the model's raw columns are not its schema's (higgsml-2014)");
  refused([](ensemble::Model& m) { std::swap(m.pipeline.raw_columns[0], m.pipeline.raw_columns[1]); },
          "raw columns are not its schema's");
  refused([](ensemble::Model& m) { m.pipeline.category_values.front().pop_back(); },
          "the categorical inputs do not match the network's embeddings");
  refused([](ensemble::Model& m) { m.pipeline.category_values.clear(); },
          "has 1 categorical columns, but codes were given for 0");
  refused([](ensemble::Model& m) { m.network.extra_embeddings.push_back({2, 2}); },
          "the categorical inputs do not match the network's embeddings");
  refused([](ensemble::Model& m) { m.pipeline.embed_categorical = !m.pipeline.embed_categorical; },
          "the model's inputs are not those its schema (higgsml-2014) defines");
  refused([](ensemble::Model& m) {
    m.pipeline.embed_categorical = !m.pipeline.embed_categorical;
    m.pipeline.inputs.emplace_back("PRI_jet_num");
  }, "do not match the network's embeddings");
  refused([](ensemble::Model& m) {
    m.network.n_continuous = 5;
    m.pipeline.inputs.resize(5);
    m.pipeline.mean.resize(5);
    m.pipeline.inv_std.resize(5);
  }, "the model's inputs are not those its schema (higgsml-2014) defines");
  refused([](ensemble::Model& m) { m.pipeline.mean.pop_back(); }, "the feature pipeline does not match the network's inputs");
  // The schema travels in the file (format 2): a broken one is a load error naming it.
  refused([](ensemble::Model& m) { m.schema.text += "\n[bogus]\n"; }, "its schema does not read: x.model (its schema)");
  // Found by fuzz_model_file: a schema naming a recomputation the library does not have
  // loaded, and the model then failed when it first scored a variation.
  refused([](ensemble::Model& m) {
    const auto at = m.schema.text.find("\"higgsml2014\"");
    m.schema.text.replace(at, 13, "\"higgsml1012\"");
  }, "unknown recomputation 'higgsml1012' (registered: higgsml2014, fair-universe-2024)");
  refused([](ensemble::Model& m) { m.members[0].weight = -0.5; }, "member 0 has ensemble weight -0.5");
  refused([](ensemble::Model& m) { m.members[0].weight *= 2.0; }, "the ensemble weights sum to 1.");
  // Found by fuzz_model_file: without self-test rows, weights scaled together went
  // unnoticed and scores left [0, 1]. A model file must hold self-test rows now (only the
  // members of a partial model file have none, and no weights).
  refused([](ensemble::Model& m) {
    m.self_test.clear();
    for (auto& member : m.members) member.weight *= 3.0;
  }, "the ensemble weights sum to 3.");
  refused([](ensemble::Model& m) { m.self_test.clear(); }, "the model has no self-test rows");
  // The text archive cannot hold a non-finite number: such a file does not even parse.
  refused([](ensemble::Model& m) { m.members[1].params[10] = std::numeric_limits<float>::quiet_NaN(); },
          "unreadable payload");
}

// Found with fuzz_recipe_config's round-trip property (a valid configuration describes
// itself as a file that loads back equal): validate() let through learning rates that are
// not positive numbers (a NaN rate trained a whole sub-epoch, then reported a divergence),
// an SWA start after the last sub-epoch (the members ended without weights and
// `sieve train` died in std::terminate), and sub-epoch counts that overflow an int.
BOOST_AUTO_TEST_CASE(recipe_options_that_cannot_train_are_refused_up_front) {
  auto refused_option = [](const std::string& key, const std::string& value, const std::string& part) {
    train::RecipeConfig c;
    train::set_recipe_option(c, key, value);
    BOOST_CHECK_EXCEPTION(c.validate(), ConfigError, [&](const ConfigError& e) { return says(e, part); });
  };
  refused_option("lr_high", "nan", "recipe: lr_high must be a positive number, got nan");
  refused_option("lr_low", "-1e-3", "recipe: lr_low must be a positive number, got -0.001");
  refused_option("constant_lr", "inf", "recipe: constant_lr must be a positive number, got inf");
  refused_option("cut_min_prediction", "nan", "recipe: cut minimum prediction must be in [0, 1], got nan");
  refused_option("swa_start_sub_epoch", "135", "recipe: swa_start_sub_epoch must be -1 (off) or a sub-epoch from 0 to 134, got 135");
  refused_option("swa_start_sub_epoch", "-2", "swa_start_sub_epoch must be -1 (off)");
  refused_option("epochs", "1000000000", "recipe: epochs x (folds - 1) must be at most 1000000 sub-epochs, got 9000000000");
  refused_option("embedding_dim", "100000", "network configuration: embedding_dim must be in 1..4096, got 100000");
  train::RecipeConfig c;
  train::set_recipe_option(c, "swa_start_sub_epoch", "134");
  BOOST_CHECK_NO_THROW(c.validate());
  BOOST_CHECK_NO_THROW(train::RecipeConfig{}.validate());
  BOOST_CHECK_NO_THROW(train::RecipeConfig::relu_baseline().validate());
}

// Found the same way (fuzz/regressions/recipe_config/embedding-off-then-on): switching the
// embedding off and on again left one category where a fresh configuration has the
// default count, so the description ("embedding = 1") loaded back different.
BOOST_AUTO_TEST_CASE(the_embedding_switched_off_and_on_describes_itself_faithfully) {
  train::RecipeConfig c;
  train::set_recipe_option(c, "embedding", "0");
  BOOST_TEST(!c.network.embedding());
  train::set_recipe_option(c, "embedding", "1");
  BOOST_TEST((c == train::RecipeConfig{}));
  train::RecipeConfig baseline = train::RecipeConfig::relu_baseline();
  train::set_recipe_option(baseline, "embedding", "true");
  BOOST_TEST(baseline.network.n_categories == train::RecipeConfig{}.network.n_categories);
}

BOOST_AUTO_TEST_CASE(saved_model_file_inputs_replay_to_config_errors) {
  const auto files = regressions("model_file");
  BOOST_TEST(!files.empty());
  for (const auto& file : files) {
    BOOST_TEST_CONTEXT(file) {
      const std::string content = test::read_bytes(file);
      for (const std::string& input : {content, with_true_checksum(content)})
        BOOST_CHECK_EXCEPTION(io::parse_model(input, "x.model"), ConfigError,
                              [&](const ConfigError& e) { return says(e, "x.model: "); });
    }
  }
}
