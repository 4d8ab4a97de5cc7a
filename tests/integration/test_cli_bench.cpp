#define BOOST_TEST_MODULE cli_bench
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <regex>

// `sieve bench` without timing anything: the driver's dry run (the commands it would run, in
// order) and its report writer on a small fixture of results. The driver needs Debian's
// /usr/bin/python3; without it the tests are skipped.

using namespace sieve;
using test::contains;

namespace {

const std::string kFixture = std::string(SIEVE_SOURCE_DIR) + "/tests/data/bench-results-quick.json";

boost::test_tools::assertion_result has_python(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result r(std::filesystem::exists("/usr/bin/python3"));
  r.message() << "/usr/bin/python3 (Debian's python3) is not installed";
  return r;
}

bool has_matplotlib() { return std::system("/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1") == 0; }

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(dry_run_lists_every_section_in_order_and_runs_nothing, *boost::unit_test::precondition(has_python)) {
  test::TempDir dir;
  const auto r = test::run_sieve("bench --dry-run --quick --work-dir " + dir.file("work") + " --out-dir " + dir.file("out"));
  BOOST_TEST_INFO(r.out);
  BOOST_TEST(r.status == 0);
  // Section 1: 5 folds x (Sieve train/evaluate/score, PyTorch, XGBoost), one seed in --quick, on the same files.
  BOOST_TEST(contains(r.out, "write the fold files"));
  BOOST_TEST(count(r.out, "Sieve train seed 1337 fold") == 5);
  BOOST_TEST(count(r.out, "--data " + dir.file("work") + "/physics/folds/train_3.csv") == 1);
  BOOST_TEST(count(r.out, "--train " + dir.file("work") + "/physics/folds/train_3.csv --test " + dir.file("work") +
                          "/physics/folds/test_3.csv") == 2);  // PyTorch and XGBoost
  BOOST_TEST(contains(r.out, "evaluate --model"));
  BOOST_TEST(contains(r.out, "--rescale-signal 691.988608 --rescale-background 410999.847322"));
  BOOST_TEST(contains(r.out, "xgb_baseline.py"));
  // --quick: 9 sub-epochs for both (Sieve: 1 epoch of 9 folds).
  BOOST_TEST(contains(r.out, "--epochs 1 --quiet"));
  BOOST_TEST(contains(r.out, "--sub-epochs 9"));
  // Section 2: the scale sample, Sieve on 2 threads, PyTorch's two single-threaded processes and the merge.
  BOOST_TEST(contains(r.out, "make-scale-sample"));
  BOOST_TEST(contains(r.out, "--members 0-4"));
  BOOST_TEST(contains(r.out, "--members 5-9"));
  BOOST_TEST(contains(r.out, "torch_merge.py"));
  // Section 3: sieve score, the microbenchmarks, ONNX Runtime with 2 workers, PyTorch batch and latency.
  BOOST_TEST(contains(r.out, "score --model"));
  BOOST_TEST(contains(r.out, "BM_ScoreOneEvent"));
  BOOST_TEST(contains(r.out, "SIEVE_MICRO_MODEL=" + dir.file("work") + "/training/sieve.model "));
  BOOST_TEST(contains(r.out, "score.js"));
  BOOST_TEST(contains(r.out, "--workers 2"));
  BOOST_TEST(contains(r.out, "torch_peer.py --mode latency"));
  // Section 4 runs first; section 5 scores three sizes.
  BOOST_TEST(r.out.find("sieve-peak") < r.out.find("write the fold files"));
  BOOST_TEST(count(r.out, "(2 threads)\n") >= 3);
  BOOST_TEST(contains(r.out, "nothing was run"));
  BOOST_TEST(!std::filesystem::exists(dir.file("work")));
  BOOST_TEST(!std::filesystem::exists(dir.file("out")));
}

BOOST_AUTO_TEST_CASE(full_run_uses_the_recipe_and_three_seeds, *boost::unit_test::precondition(has_python)) {
  test::TempDir dir;
  const auto r = test::run_sieve("bench --dry-run --sections physics,training --work-dir " + dir.file("work") +
                                 " --out-dir " + dir.file("out"));
  BOOST_TEST_INFO(r.out);
  BOOST_TEST(r.status == 0);
  BOOST_TEST(count(r.out, "Sieve train seed") == 15);
  BOOST_TEST(count(r.out, "PyTorch seed") == 15);
  BOOST_TEST(contains(r.out, "--seeds 1337,2222,3333"));
  BOOST_TEST(contains(r.out, "--epochs 15"));
  BOOST_TEST(contains(r.out, "--sub-epochs 135"));
  BOOST_TEST(contains(r.out, "--sizes 250000,100000,450000,0"));
  BOOST_TEST(!contains(r.out, "sieve-peak"));
}

BOOST_AUTO_TEST_CASE(report_has_a_table_per_section, *boost::unit_test::precondition(has_python)) {
  test::TempDir dir;
  const auto r = test::run_sieve("bench --report-from " + kFixture + " --out-dir " + dir.file("out"));
  BOOST_TEST_INFO(r.out);
  BOOST_TEST(r.status == 0);
  const std::string report = test::read_bytes(dir.file("out/report.md"));
  BOOST_TEST_INFO(report);
  BOOST_TEST(contains(report, "**QUICK RUN**"));
  BOOST_TEST(contains(report, "| CPU |"));
  BOOST_TEST(contains(report, "| compiler flags (libcore) |"));
  BOOST_TEST(contains(report, "| PyTorch |"));
  BOOST_TEST(contains(report, "| ONNX Runtime |"));
  BOOST_TEST(contains(report, "| XGBoost |"));
  for (const char* heading : {"## 1. Physics", "## 2. Training speed", "## 3. Inference speed", "## 4. The limit",
                              "## 5. Scaling", "## Log of the commands"})
    BOOST_TEST(contains(report, heading), heading);
  // Physics: a row per tool with mean AUC and AMS.
  BOOST_TEST(std::regex_search(report, std::regex(R"(\| Sieve \| 0\.9\d{3} )")));
  BOOST_TEST(std::regex_search(report, std::regex(R"(\| PyTorch \| 0\.9\d{3} )")));
  BOOST_TEST(std::regex_search(report, std::regex(R"(\| XGBoost \| 0\.9\d{3} )")));
  // Training and inference ratios, the peak and the fractions, the linearity verdict.
  BOOST_TEST(contains(report, "| Sieve | 1 process, 2 threads |"));
  BOOST_TEST(contains(report, "| Sieve `sieve score` | 2 threads, end to end from the file |"));
  BOOST_TEST(contains(report, "the peers have no systematic variations"));
  BOOST_TEST(contains(report, "| 2 cores |"));
  BOOST_TEST(contains(report, "**45,804** FLOPs"));
  BOOST_TEST(contains(report, "| Sieve training, whole recipe (2 threads) |"));
  BOOST_TEST(std::regex_search(report, std::regex(R"(Least-squares fit: .*\*\*(NOT )?linear)")));
  // Targets are judged on full runs only.
  BOOST_TEST(contains(report, "## Targets\n\nNot checked: the targets are set for the full run"));
  if (has_matplotlib())
    for (const char* png : {"roc_curves.png", "ams_vs_cut.png", "fraction_of_peak.png", "time_vs_events.png"}) {
      BOOST_TEST(contains(report, std::string("](") + png + ")"), png);
      BOOST_TEST(std::filesystem::file_size(dir.file(std::string("out/") + png)) > 1000u, png);
    }
}

// The same figures labelled as a full run: each target is judged met or missed from them.
BOOST_AUTO_TEST_CASE(a_full_run_reports_each_target_met_or_missed, *boost::unit_test::precondition(has_python)) {
  test::TempDir dir;
  std::string results = test::read_bytes(kFixture);
  const auto at = results.find("\"mode\": \"quick\"");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  results.replace(at, 15, "\"mode\": \"full\"");
  const auto r = test::run_sieve("bench --report-from " + dir.write("results.json", results) + " --out-dir " + dir.file("out"));
  BOOST_TEST_REQUIRE(r.status == 0, r.out);
  const std::string report = test::read_bytes(dir.file("out/report.md"));
  BOOST_TEST_INFO(report);
  BOOST_TEST(contains(report, "| training: the whole recipe on 2 cores under 30 s (never above 60 s) | 1.3 s | met |"));
  BOOST_TEST(contains(report, "| training: at least 2.5x faster than PyTorch's best configuration | 6.15× | met |"));
  BOOST_TEST(contains(report, "| inference: one event under 40 µs on one thread | 270.9 µs | **missed** |"));
  BOOST_TEST(contains(report, "| physics: AUC better than XGBoost | 0.9126 against 0.9235 | **missed** |"));
}

BOOST_AUTO_TEST_CASE(bad_options_are_reported, *boost::unit_test::precondition(has_python)) {
  auto r = test::run_sieve("bench --dry-run --sections physics,speed");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "unknown section(s) speed"));
  r = test::run_sieve("bench --driver /nonexistent/run_bench.py");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "no benchmark driver at /nonexistent/run_bench.py"));
}
