#define BOOST_TEST_MODULE cli_score_interrupt
// `sieve score` stopped by SIGINT or SIGTERM while it writes leaves neither its output
// nor its temporary file (CSV or HDF5), and ends as killed by the signal; run again, it
// writes the whole output.
#include <boost/test/unit_test.hpp>

#include "child_process.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace sieve::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = SIEVE_SOURCE_DIR;

// A scale sample of 150,000 real events (moved by exact symmetries): scoring it under
// every variation on one thread takes seconds, long enough to be interrupted.
const std::string& input() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string out = dir.file("events.csv");
    const auto r = run_sieve("make-scale-sample --from '" + kSource +
                             "/data/higgsml/atlas-higgs-challenge-2014-v2.EventId-100000-117999.csv.gz' --out '" + out +
                             "' --seed 3 --sizes 0,150000,0,0");
    BOOST_TEST_REQUIRE(r.status == 0, r.out);
    return out;
  }();
  return path;
}

std::vector<std::string> score_args(const std::string& out) {
  return {"score",        "--model",   kSource + "/tests/data/golden-format1.model",
          "--in",         input(),     "--out",
          out,            "--threads", "1",
          "--chunk-rows", "2048",      "--variations",
          "nominal,tes_up,tes_down,jes_up,jes_down,soft_met", "--tta-spread", "--quiet"};
}

} // namespace

BOOST_AUTO_TEST_CASE(an_interrupted_score_leaves_neither_output_nor_temporary_file) {
  TempDir logs;
  for (const std::string output : {"scores.csv", "scores.h5"}) {
    for (int signal : {SIGINT, SIGTERM}) {
      BOOST_TEST_CONTEXT("signal " << signal << ", " << output) {
        TempDir dir;
        const std::string out = dir.file(output);
        ChildProcess child(score_args(out), logs.file("score-" + std::to_string(signal) + "-" + output + ".log"));
        // The output is being written once its temporary file exists in the directory.
        const bool writing = wait_until(child, [&] {
          for (const auto& name : entries_of(dir.path()))
            if (name.find(".tmp") != std::string::npos) return true;
          return false;
        });
        BOOST_TEST_REQUIRE(writing, "no temporary output file appeared: " << child.output());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        child.signal(signal);
        BOOST_TEST_REQUIRE(child.killed_by() == signal, "the signal landed mid-run: " << child.output());
        const auto left = entries_of(dir.path());
        BOOST_TEST(left.empty(), "left behind: " << (left.empty() ? "" : left.front()));
      }
    }
  }
  // Uninterrupted, the same command writes every row.
  TempDir dir;
  const std::string out = dir.file("scores.csv");
  ChildProcess child(score_args(out), logs.file("score-full.log"));
  BOOST_TEST_REQUIRE(child.exit_status() == 0, child.output());
  std::size_t lines = 0;
  for (char c : read_bytes(out)) lines += c == '\n' ? 1 : 0;
  BOOST_TEST(lines == 150001u);
  BOOST_TEST(entries_of(dir.path()) == std::vector<std::string>{"scores.csv"});
}
