#define BOOST_TEST_MODULE checkpoint
// The checkpoint file and directory of an interrupted training (train/checkpoint.hpp):
// exact round trip of a member's state, every corruption a ConfigError naming the file,
// a resume refused for another run, temporary files of a killed writer cleaned up.
#include <boost/test/unit_test.hpp>

#include "temp_dir.hpp"
#include "sieve/error.hpp"
#include "sieve/random.hpp"
#include "sieve/train/checkpoint.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

using namespace sieve;
namespace fs = std::filesystem;

namespace {

train::CheckpointIdentity identity() {
  train::RecipeConfig c;
  c.members = 3;
  c.seed = 7;
  return {c.describe(), c.seed, 18000, 0x12345678u, "0.1.0"};
}

train::MemberCheckpoint state(int member, int done) {
  train::MemberCheckpoint s;
  s.member = member;
  s.sub_epochs_done = done;
  s.steps = 1234;
  CounterRng rng(static_cast<std::uint64_t>(member) + 1);
  for (int i = 0; i < 257; ++i) {
    s.params.push_back(static_cast<float>(rng.uniform() - 0.5));
    s.adam_m.push_back(static_cast<float>(rng.uniform() * 1e-3));
    s.adam_v.push_back(static_cast<float>(rng.uniform() * 1e-7));
  }
  s.params[3] = -0.0f;
  s.params[4] = std::numeric_limits<float>::denorm_min();
  s.adam_t = 1234;
  s.adam_beta2_power = std::pow(0.999, 1234.0) * (1.0 + 1e-16);
  s.result.member = member;
  s.result.params = s.params;
  s.result.params[0] += 1.0f;
  s.result.best_loss = 0.4321987654321;
  s.result.best_sub_epoch = done - 1;
  for (int k = 0; k < done; ++k) s.result.history.push_back({k, 0.5 / (k + 1), 0.6 / (k + 1), 1e-3 * k});
  s.result.snapshots.push_back({done - 1, 0.25, std::vector<float>(s.params.size(), 0.5f)});  // a snapshot ensemble's
  s.swa = {0.1, 0.2, 1.0 / 3.0};
  s.swa_count = 2;
  return s;
}

bool says(const ConfigError& e, const std::string& part) {
  const bool ok = std::string(e.what()).find(part) != std::string::npos;
  if (!ok) BOOST_TEST_MESSAGE("message was: " << e.what());
  return ok;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_member_state_round_trips_bit_for_bit) {
  const auto s = state(2, 5);
  const std::string file = train::serialise_checkpoint(identity(), s);
  BOOST_TEST(file.starts_with("SIEVE-CHECKPOINT 2\ncrc32 "));
  train::CheckpointIdentity id;
  const auto back = train::parse_checkpoint(file, "c.ckpt", &id);
  BOOST_TEST((back == s));
  BOOST_TEST((id == identity()));
  BOOST_TEST(std::signbit(back.params[3]));
  BOOST_TEST(back.adam_beta2_power == s.adam_beta2_power);
  BOOST_TEST(train::serialise_checkpoint(id, back) == file);
}

BOOST_AUTO_TEST_CASE(every_corruption_is_a_config_error_naming_the_file) {
  const std::string good = train::serialise_checkpoint(identity(), state(1, 3));
  for (std::size_t at = 0; at < good.size(); at += 1 + good.size() / 97)
    BOOST_CHECK_EXCEPTION(train::parse_checkpoint(good.substr(0, at), "c.ckpt"), ConfigError,
                          [](const ConfigError& e) { return says(e, "c.ckpt: "); });
  const std::size_t header = good.find('\n', good.find('\n') + 1) + 1;
  CounterRng rng(3);
  for (int k = 0; k < 32; ++k) {
    std::string bad = good;
    const std::size_t at = header + rng.below(good.size() - header);
    bad[at] = static_cast<char>(bad[at] ^ (1 << rng.below(8)));
    BOOST_CHECK_EXCEPTION(train::parse_checkpoint(bad, "c.ckpt"), ConfigError,
                          [](const ConfigError& e) { return says(e, "checksum mismatch"); });
  }
  BOOST_CHECK_EXCEPTION(train::parse_checkpoint("SIEVE-MODEL 1\n", "c.ckpt"), ConfigError,
                        [](const ConfigError& e) { return says(e, "not a Sieve checkpoint"); });
  BOOST_CHECK_EXCEPTION(train::parse_checkpoint("SIEVE-CHECKPOINT 3\n" + good.substr(good.find('\n') + 1), "c.ckpt"),
                        ConfigError, [](const ConfigError& e) { return says(e, "checkpoint format 'SIEVE-CHECKPOINT 3'"); });
  BOOST_CHECK_EXCEPTION(train::parse_checkpoint(good + "x", "c.ckpt"), ConfigError,
                        [](const ConfigError& e) { return says(e, "truncated or extended"); });
}

BOOST_AUTO_TEST_CASE(a_store_saves_resumes_and_refuses_another_run) {
  test::TempDir tmp;
  const std::string dir = tmp.file("m.model.checkpoints");
  {
    train::CheckpointStore store(dir, identity(), false);
    BOOST_TEST(fs::is_directory(dir));
    store.save(state(0, 2));
    store.save(state(2, 4));
    store.save(state(2, 5));  // replaces the previous checkpoint of member 2
  }
  BOOST_TEST(fs::exists(dir + "/member-000.ckpt"));
  BOOST_TEST(fs::exists(dir + "/member-002.ckpt"));
  // A killed writer's temporary file is removed when the store opens.
  tmp.write("m.model.checkpoints/member-001.ckpt.tmp.4242", "half a checkpoint");

  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, identity(), false), ConfigError, [&](const ConfigError& e) {
    return says(e, dir + " holds the checkpoints of an interrupted training (member-000.ckpt and 1 more)");
  });
  const train::CheckpointStore store(dir, identity(), true);
  BOOST_TEST(store.resumed_count() == 2u);
  BOOST_TEST((*store.resumed(0) == state(0, 2)));
  BOOST_TEST((*store.resumed(2) == state(2, 5)));
  BOOST_TEST(store.resumed(1) == nullptr);
  BOOST_TEST(!fs::exists(dir + "/member-001.ckpt.tmp.4242"));

  auto other = identity();
  other.seed = 8;
  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, other, true), ConfigError,
                        [](const ConfigError& e) { return says(e, "seed 8 here, 7 in the checkpoint"); });
  other = identity();
  other.data_crc32 = 1;
  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, other, true), ConfigError, [](const ConfigError& e) {
    return says(e, "the training data differ (18000 rows with CRC-32 00000001 here, 18000 rows with CRC-32 12345678");
  });
  train::RecipeConfig c;
  c.members = 3;
  c.seed = 7;
  c.network.width = 20;
  other = identity();
  other.recipe = c.describe();
  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, other, true), ConfigError, [](const ConfigError& e) {
    return says(e, "the recipe differs (width = 20 here, 33 in the checkpoint)") &&
           says(e, "or remove");
  });
  other = identity();
  other.library_version = "9.9.9";
  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, other, true), ConfigError,
                        [](const ConfigError& e) { return says(e, "written by Sieve 0.1.0, this is Sieve 9.9.9"); });

  // A checkpoint under another member's name is refused.
  fs::copy_file(dir + "/member-000.ckpt", dir + "/member-001.ckpt");
  BOOST_CHECK_EXCEPTION(train::CheckpointStore(dir, identity(), true), ConfigError,
                        [](const ConfigError& e) { return says(e, "holds member 0, not the member its name says"); });

  // Removal takes the checkpoints and the directory, and nothing else.
  tmp.write("m.model.checkpoints/notes.txt", "mine");
  train::remove_checkpoints(dir);
  BOOST_TEST(fs::exists(dir + "/notes.txt"));
  fs::remove(dir + "/notes.txt");
  train::remove_checkpoints(dir);
  BOOST_TEST(!fs::exists(dir));
  train::remove_checkpoints(dir);  // missing: not an error
}
