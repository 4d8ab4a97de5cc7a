#define BOOST_TEST_MODULE cli_bench
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; at = end + 1, end = text.find('\n', at))
    out.push_back(text.substr(at, end - at));
  return out;
}

// Section 3 of the report of the fixture: in memory on both sides, every configuration tried with its figure, and
// every ratio against the peer's best, whose configuration the row writes out.
void check_inference_section(const std::string& report) {
  const auto begin = report.find("## 3. Inference speed"), end = report.find("## 4. The limit");
  BOOST_TEST_REQUIRE((begin != std::string::npos && end != std::string::npos && begin < end));
  const std::string section = report.substr(begin, end - begin);
  BOOST_TEST(contains(section, "**Reading the CSV is excluded on both sides**"));
  // The baseline: Sieve in memory on 2 threads; `sieve score` (which reads the CSV) is listed, not compared.
  BOOST_TEST(contains(section, "| Sieve scorer (sieve-micro BM_ScoreBlock/512/threads:2) | 2 threads in one process, "
                               "each scoring blocks of 512 events with its own workspace, in memory | 57,384 | 28,692 | 1.00× |"));
  BOOST_TEST(std::regex_search(section, std::regex(R"(\| Sieve `sieve score`, end to end \(not compared\) \| [^|]+ \| 53,352 \| 26,676 \| — \|)")));
  // Every ratio row of a peer names the whole configuration of the figure it divides by.
  const std::regex ratio_row(R"(^\| (ONNX Runtime|PyTorch)[^|]* \| ([^|]+) \| .* \| \d+\.\d\d× \|$)");
  const std::regex workers(R"(\d processes x \d (intra-op )?threads?|1 process, \d (intra-op )?threads?|1 thread)");
  const std::regex size(R"(\d[\d,]* events per call \([\d,]+ network rows\)|one (call per )?event( per call)?)");
  int ratios = 0;
  for (const std::string& line : lines_of(section)) {
    std::smatch m;
    if (!std::regex_match(line, m, ratio_row)) continue;
    ++ratios;
    BOOST_TEST_INFO(line);
    BOOST_TEST(std::regex_search(m[2].str(), workers));
    BOOST_TEST(std::regex_search(m[2].str(), size));
    if (m[1] == "ONNX Runtime")
      BOOST_TEST(std::regex_search(m[2].str(), std::regex(R"(the one graph of `sieve export --members (separate` \(323|stacked` \(79) operators\))")));
    else BOOST_TEST(contains(m[2].str(), "TorchScript (torch.jit.trace, torch.jit.freeze, torch.jit.optimize_for_inference)"));
  }
  BOOST_TEST(ratios == 4);  // throughput and one event, for each peer
  // Throughput: the best of every configuration tried on both graphs (bold in its sweep table) is the figure of the
  // ratio, the graph named.
  BOOST_TEST(contains(section, "the graphs of `sieve export --members ... --part ...`: separate, bench/out/inference/sieve.onnx, 323 "
                               "operators; stacked, bench/out/inference/sieve-stacked.onnx, 79 operators;"));
  BOOST_TEST(contains(section, "| configuration | 32 | 64 | 128 | 256 | 512 | 1,024 | 2,048 | 4,096 | 8,192 |"));
  BOOST_TEST(contains(section, "| separate graph, 2x1: 2 processes x 1 intra-op thread, sync API | — | **31,619** | 29,905 |"));
  BOOST_TEST(contains(section, "| separate graph, 1x2-spin: 1 process, 2 intra-op threads, idle threads spinning, sync API | — | 15,179 |"));
  BOOST_TEST(contains(section, "| separate graph, 1x2-nospin: 1 process, 2 intra-op threads, spinning off, sync API | — | 10,504 |"));
  BOOST_TEST(contains(section, "| stacked graph, 2x1: 2 processes x 1 intra-op thread, sync API | 27,389 | 25,184 |"));
  BOOST_TEST(contains(section, "| stacked graph, 1x2-nospin: 1 process, 2 intra-op threads, spinning off, sync API | 13,265 |"));
  BOOST_TEST(std::regex_search(section, std::regex(R"(\| ONNX Runtime, best [^\n]*`sieve export --members separate` \(323 operators\), raw columns to the score; 2 processes x 1 intra-op thread, sync API; 64 events per call \(512 network rows\); session: intraOpNumThreads 1, interOpNumThreads 1, executionMode sequential, graphOptimizationLevel all, session.intra_op.allow_spinning 1; [^|]*\| 31,619 \| 15,810 \| 1\.81× \|)")));
  BOOST_TEST(contains(section, "| torchscript, 2x1: 2 processes x 1 thread | 21,940 | 22,617 | **22,840** |"));
  BOOST_TEST(contains(section, "| torchscript, 1x2: 1 process, 2 threads, OpenMP default wait policy | 4,029 (probe) | not swept |"));
  BOOST_TEST(contains(section, "| recipe, 2x1: 2 processes x 1 thread | — | — | — | 18,800 | — |"));
  // The PyTorch ratio divides by its best figure (22,840 on the sweep, 23,892 on all events: the larger).
  BOOST_TEST(std::regex_search(section, std::regex(R"(\| PyTorch, best [^\n]*2 processes x 1 thread; 256 events per call \(2,048 network rows\); torch.inference_mode \| 23,892 \| 11,946 \| 2\.40× \|)")));
  // Both graphs score what sieve score scores.
  BOOST_TEST(contains(section, "The fastest (separate graph, 2x1, 64 events per call) again on all 20,000 events"));
  BOOST_TEST(contains(section, "its scores against `sieve score`'s: largest difference 1.5e-07 over 20,000 events, 0 NaN "
                               "mismatches; the stacked graph's fastest on all events: largest difference 1.5e-07 over "
                               "20,000 events, 0 NaN mismatches"));
  // One event: both APIs of onnxruntime-node on both graphs and every PyTorch engine, each with its figure; the
  // stacked graph is ONNX Runtime's best.
  for (const char* row : {"| ONNX Runtime, separate graph, sync API | 275.7 |", "| ONNX Runtime, separate graph, async API | 236.8 |",
                          "| ONNX Runtime, stacked graph, sync API | 128.3 |", "| ONNX Runtime, stacked graph, async API | 141.6 |",
                          "| PyTorch, torchscript | 459.7 |", "| PyTorch, eager | 1,297 |", "| PyTorch, recipe | 1,343 |"})
    BOOST_TEST(contains(section, row), row);
  BOOST_TEST(std::regex_search(section, std::regex(R"(\| ONNX Runtime, best \| the one graph of `sieve export --members stacked` \(79 operators\), [^|]*sync API, one event per call[^|]* \| 128\.3 \| 144\.5 \| 1\.76× \|)")));
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
  // Section 3: sieve score, the microbenchmarks (block scoring on 1 and 2 threads), ONNX Runtime on the one graph
  // that sieve export makes of the same model, in both layouts of the members (each exported before it is timed),
  // PyTorch in every configuration.
  BOOST_TEST(contains(r.out, "score --model"));
  BOOST_TEST(contains(r.out, "BM_ScoreOneEvent"));
  BOOST_TEST(contains(r.out, "score block (1 and 2 threads)"));
  BOOST_TEST(contains(r.out, "SIEVE_MICRO_MODEL=" + dir.file("work") + "/training/sieve.model "));
  for (const auto& [layout, file] : {std::pair{"separate", "sieve.onnx"}, std::pair{"stacked", "sieve-stacked.onnx"}}) {
    const std::string graph = dir.file("work") + "/inference/" + file;
    const auto exported = r.out.find("export --model " + dir.file("work") + "/training/sieve.model --format onnx --members " +
                                     layout + " --part whole --out " + graph);
    BOOST_TEST(exported != std::string::npos, layout);
    BOOST_TEST(exported < r.out.find("bench_graph.js --model " + graph + " --test"), layout);
    BOOST_TEST(r.out.find("bench_graph.js --model " + graph + " --test") < r.out.find("torch_peer.py --mode throughput"));
  }
  // And the network alone in both layouts, fed by the features graph (exported first).
  const std::string features = dir.file("work") + "/inference/sieve-features.onnx";
  const auto features_at = r.out.find("--format onnx --part features --out " + features);
  BOOST_TEST(features_at != std::string::npos);
  for (const auto& [layout, file] : {std::pair{"separate", "sieve-network.onnx"}, std::pair{"stacked", "sieve-stacked-network.onnx"}}) {
    const std::string graph = dir.file("work") + "/inference/" + file;
    BOOST_TEST(contains(r.out, "--format onnx --members " + std::string(layout) + " --part network --out " + graph), layout);
    const auto timed = r.out.find("bench_graph.js --model " + graph + " --features " + features + " --test");
    BOOST_TEST(timed != std::string::npos, layout);
    BOOST_TEST(features_at < timed, layout);
  }
  BOOST_TEST(contains(r.out, "--mode throughput --configs 2x1,1x2-spin --rows 32,64,128,256,512,1024,2048,4096,8192"));
  BOOST_TEST(contains(r.out, "--mode throughput --configs 2x1,1x2-spin,1x2-nospin --rows 32,64,128,256,512,1024,2048,4096,8192"));
  BOOST_TEST(contains(r.out, "--mode latency --latency-events 300 --warmup 200 --max-events 500 --apis sync,async"));
  BOOST_TEST(!contains(r.out, "score.js"));  // the ten-session member scorer is gone
  BOOST_TEST(contains(r.out, "torch_peer.py --mode throughput"));
  BOOST_TEST(contains(r.out, "--engines torchscript,eager,recipe --configs 2x1,1x2-passive,1x2 --batches "
                             "64,128,256,1024,2048,4096,8192"));
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
  BOOST_TEST(contains(report, "the peers have no systematic variations"));
  check_inference_section(report);
  BOOST_TEST(contains(report, "lwtnn, what ATLAS runs, is not among the peers"));
  // --precision bf16 against float32: speed per event and per block, the AUC change.
  BOOST_TEST(contains(report, "| one event, nominal (1 thread, µs) | 72.7 | 96.5 | 0.75× |"));
  BOOST_TEST(contains(report, "| blocks of 512 events (1 thread, events/s) | 30,073 | 21,500 | 0.71× |"));
  BOOST_TEST(contains(report, "| weighted AUC, 18,000 real labelled events (the scale sample the model trained on is drawn from them: the "
                               "change is the figure) | 0.910451 | 0.910438 | -1.3e-05 |"));
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
  BOOST_TEST(contains(report, "| inference: one event under 40 µs on one thread | 72.7 µs | **missed** |"));
  BOOST_TEST(contains(report, "| inference: one event under 25 µs on one thread | 72.7 µs | **missed** |"));
  BOOST_TEST(contains(report, "| inference: one event with four variations under 80 µs on one thread | 195.4 µs (5 scores) | "
                              "**missed** |"));
  BOOST_TEST(contains(report, "-event test set under 5 s | "));
  // The inference targets name the peer configuration they are judged against.
  BOOST_TEST(contains(report, "| inference: faster than ONNX Runtime on the test set | 1.81× (both in memory on 2 cores; "
                              "against ONNX Runtime's best: the one graph of `sieve export --members separate` (323 "
                              "operators), raw columns "
                              "to the score; 2 processes x 1 intra-op thread, sync API; 64 events per call (512 network "
                              "rows)) | met |"));
  BOOST_TEST(contains(report, "| inference: faster than ONNX Runtime per event | 1.76× (against ONNX Runtime's best: the "
                              "one graph of `sieve export --members stacked` (79 operators), raw columns to the score, 1 "
                              "process, 1 intra-op thread, "
                              "sync API, one event per call) | met |"));
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
