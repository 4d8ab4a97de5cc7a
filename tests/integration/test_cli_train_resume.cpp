#define BOOST_TEST_MODULE cli_train_resume
// `sieve train` killed (SIGKILL) at random moments of a run and finished with --resume
// writes the very bytes of an uninterrupted run; interrupted by SIGINT or SIGTERM it
// leaves neither a model file nor a temporary file; a resume with other data, options or
// seed is refused; a new run does not silently overwrite the checkpoints of an
// interrupted one.
#include <boost/test/unit_test.hpp>

#include "child_process.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace sieve::test;
namespace fs = std::filesystem;

namespace {

const std::string kData =
    std::string(SIEVE_SOURCE_DIR) + "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz";

// The small recipe of the tests: 3 members, 3 folds, 6 epochs (12 sub-epochs per member,
// enough that a run killed after a few checkpoints, or resumed, still has work left when
// the signal comes: the resumed run is killed after its first new checkpoint).
std::vector<std::string> train_args(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"train",   "--data", kData, "--out",  out,  "--members", "3", "--folds",
                                   "3",       "--epochs", "6", "--seed", "7", "--threads", "2", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + ("'" + a + "'");
  return s;
}

// Checkpoint files in `dir` written after `since`.
std::size_t count_checkpoints(const std::string& dir,
                              fs::file_time_type since = fs::file_time_type::min()) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& name : entries_of(dir))
    if (name.ends_with(".ckpt")) {
      const auto written = fs::last_write_time(dir + "/" + name, ec);
      n += !ec && written > since ? 1 : 0;
    }
  return n;
}

// Names in `dir` (and below) that look like temporary files of an atomic write.
std::vector<std::string> temporary_files(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.find(".tmp") != std::string::npos) found.push_back(e.path().string());
  }
  return found;
}

// The sub-epochs a resumed run restored (the sum over members of its summary line
// "resumed from DIR: sub-epochs restored per member a, b, c (of n)"); -1 without it.
int restored_sub_epochs(const std::string& out) {
  const auto at = out.find("sub-epochs restored per member ");
  if (at == std::string::npos) return -1;
  int sum = 0;
  const char* p = out.c_str() + at + std::string("sub-epochs restored per member ").size();
  for (;;) {
    char* end = nullptr;
    sum += static_cast<int>(std::strtol(p, &end, 10));
    if (end[0] != ',') break;
    p = end + 1;
  }
  return sum;
}

const std::string& reference_model() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string out = dir.file("reference.model");
    const auto r = run_sieve(joined(train_args(out)));
    BOOST_TEST_REQUIRE(r.status == 0, r.out);
    BOOST_TEST(!fs::exists(out + ".checkpoints"), "checkpoints are removed after a successful run");
    return out;
  }();
  return path;
}

// Starts a training, waits until it has written `checkpoints` checkpoint files, waits
// `extra` more, then sends `signal`. Requires that the signal, not the end of the run,
// stopped it.
void interrupt_training(const std::string& out, std::size_t checkpoints, std::chrono::microseconds extra,
                        int signal, const std::string& log, std::vector<std::string> more = {}) {
  const auto start = fs::file_time_type::clock::now();
  ChildProcess child(train_args(out, more), log);
  const std::string dir = out + ".checkpoints";
  const bool reached = wait_until(child, [&] { return count_checkpoints(dir, start) >= checkpoints; });
  BOOST_TEST_REQUIRE(reached, "the run wrote " << checkpoints << " checkpoints: " << child.output());
  std::this_thread::sleep_for(extra);
  child.signal(signal);
  BOOST_TEST_REQUIRE(child.killed_by() == signal,
                     "the signal landed mid-run (exit status " << child.exit_status() << "): " << child.output());
  BOOST_TEST(!fs::exists(out), "an interrupted run leaves no model file");
}

} // namespace

BOOST_AUTO_TEST_CASE(killed_at_random_moments_then_resumed_gives_the_uninterrupted_bytes) {
  const std::string reference = read_bytes(reference_model());
  std::random_device device;
  std::mt19937 random(device());
  TempDir dir;
  for (int trial = 0; trial < 3; ++trial) {
    const std::string out = dir.file("model-" + std::to_string(trial) + ".model");
    // A random moment: after 1 to 3 checkpoint files exist, plus up to 40 ms.
    const std::size_t checkpoints = 1 + random() % 3;
    const std::chrono::microseconds extra(random() % 40000);
    BOOST_TEST_MESSAGE("trial " << trial << ": SIGKILL after " << checkpoints << " checkpoint files + "
                                << extra.count() << " us");
    interrupt_training(out, checkpoints, extra, SIGKILL, dir.file("kill.log"));
    BOOST_TEST(count_checkpoints(out + ".checkpoints") >= checkpoints);

    // Resume; on the second trial, kill the resumed run once more after its first checkpoint.
    if (trial == 1)
      interrupt_training(out, 1, std::chrono::microseconds(random() % 40000), SIGKILL, dir.file("kill2.log"),
                         {"--resume"});
    const auto resumed = run_sieve(joined(train_args(out, {"--resume"})));
    BOOST_TEST_REQUIRE(resumed.status == 0, resumed.out);
    BOOST_TEST(restored_sub_epochs(resumed.out) > 0, resumed.out);
    BOOST_TEST((read_bytes(out) == reference), "trial " << trial << ": the resumed model differs");
    BOOST_TEST(!fs::exists(out + ".checkpoints"), "checkpoints are removed after the resumed run");
    BOOST_TEST(temporary_files(dir.path()).empty());
  }
}

BOOST_AUTO_TEST_CASE(sigint_and_sigterm_leave_no_model_and_no_temporary_file) {
  const std::string reference = read_bytes(reference_model());
  TempDir dir;
  int trial = 0;
  for (int signal : {SIGINT, SIGTERM}) {
    const std::string out = dir.file("model-" + std::to_string(trial++) + ".model");
    interrupt_training(out, 2, std::chrono::microseconds(0), signal, dir.file("signal.log"));
    const auto left = temporary_files(dir.path());
    BOOST_TEST(left.empty(), "temporary files left: " << (left.empty() ? "" : left.front()));
    const auto resumed = run_sieve(joined(train_args(out, {"--resume"})));
    BOOST_TEST_REQUIRE(resumed.status == 0, resumed.out);
    BOOST_TEST(restored_sub_epochs(resumed.out) >= 2, resumed.out);
    BOOST_TEST((read_bytes(out) == reference));
  }
}

BOOST_AUTO_TEST_CASE(a_resume_with_other_inputs_is_refused_and_checkpoints_are_not_overwritten) {
  TempDir dir;
  const std::string out = dir.file("m.model");
  interrupt_training(out, 1, std::chrono::microseconds(0), SIGKILL, dir.file("kill.log"));
  auto refused = [&](const std::vector<std::string>& extra, const std::string& says) {
    const auto r = run_sieve(joined(train_args(out, extra)));
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(contains(r.out, says), "expected '" << says << "' in: " << r.out);
    BOOST_TEST(!fs::exists(out));
  };
  refused({"--resume", "--seed", "8"}, "a checkpoint of a different training run, refused: seed 8 here, 7 in the checkpoint");
  refused({"--resume", "--epochs", "3"}, "the recipe differs (epochs = 3 here, 6 in the checkpoint)");
  // The first 4,999 events of the same file: other data of the same layout.
  const std::string fewer = dir.file("fewer.csv");
  BOOST_TEST_REQUIRE(std::system(("zcat '" + kData + "' | head -n 5000 > '" + fewer + "'").c_str()) == 0);
  refused({"--resume", "--data", fewer}, "the training data differ (4999 rows");
  refused({}, "holds the checkpoints of an interrupted training");
  refused({}, "add --resume to finish it, or remove the directory to start afresh");
  // The checkpoints survived every refusal: the resume still gives the reference bytes.
  const auto resumed = run_sieve(joined(train_args(out, {"--resume"})));
  BOOST_TEST_REQUIRE(resumed.status == 0, resumed.out);
  BOOST_TEST((read_bytes(out) == read_bytes(reference_model())));
}

BOOST_AUTO_TEST_CASE(resume_without_checkpoints_trains_from_the_start) {
  TempDir dir;
  const std::string out = dir.file("m.model");
  const auto r = run_sieve(joined(train_args(out, {"--resume"})));
  BOOST_TEST_REQUIRE(r.status == 0, r.out);
  BOOST_TEST(restored_sub_epochs(r.out) == 0, r.out);
  BOOST_TEST((read_bytes(out) == read_bytes(reference_model())));
  // --checkpoints none: no checkpoint directory at all, same model.
  const std::string plain = dir.file("plain.model");
  ChildProcess child(train_args(plain, {"--checkpoints", "none"}), dir.file("none.log"));
  bool saw_checkpoints = false;
  while (child.running()) {
    saw_checkpoints = saw_checkpoints || fs::exists(plain + ".checkpoints");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  BOOST_TEST(child.exit_status() == 0, child.output());
  BOOST_TEST(!saw_checkpoints);
  BOOST_TEST((read_bytes(plain) == read_bytes(reference_model())));
}
