#define BOOST_TEST_MODULE cli_ablate
#include <boost/test/unit_test.hpp>

#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"
#include "sieve/train/ablation_plan.hpp"
#include "sieve/train/cross_validation.hpp"

#include <filesystem>
#include <sstream>

using namespace sieve;
using test::contains;
namespace fs = std::filesystem;

namespace {
// A tiny final recipe whose 12 sub-epochs hold 3 restart cycles (1, 2, 4) and, after a
// 6-sub-epoch 1cycle, 3 fge cycles of 2: every row of the table can run.
const std::string kTiny = " --members 2 --recipe-folds 3 --epochs 6 --width 16 --depth 2 --restart-sub-epochs 1"
                          " --fge-cycle-sub-epochs 2 --folds 2 --threads 2";
train::RecipeConfig tiny() {
  train::RecipeConfig c;
  c.members = 2;
  c.folds = 3;
  c.epochs = 6;
  c.network.width = 16;
  c.network.depth = 2;
  c.schedule.restart_sub_epochs = 1;
  c.schedule.fge_cycle_sub_epochs = 2;
  return c;
}

// Field `column` (0-based) of the CSV line whose first field is `index`.
std::string csv_field(const std::string& csv, int index, int column) {
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(std::to_string(index) + ",", 0) != 0) continue;
    // Labels are quoted and hold no commas; techniques are quoted and space-separated.
    std::istringstream fields(line);
    std::string field;
    for (int i = 0; std::getline(fields, field, ','); ++i)
      if (i == column) return field;
  }
  return {};
}

int count_files(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
  return n;
}
} // namespace

BOOST_AUTO_TEST_CASE(writes_the_table_from_cross_validations_and_resumes_without_recomputing) {
  test::TempDir dir;
  const std::string out = dir.file("ablate");
  const std::string command = "ablate --data " + test::kRealEvents + " --out " + out + " --seeds 5" + kTiny;
  auto r = test::run_sieve(command);
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "13 cells computed, 0 reused"));
  BOOST_TEST(contains(r.out, "| 7 | + dense connections = final | 6 |"));
  BOOST_TEST(contains(r.out, "| 12 | *+ fast geometric ensemble (3 per member)* | 7 |"));
  for (const char* file : {"ablation.md", "ablation.csv", "ablation.png"}) BOOST_TEST(fs::exists(out + "/" + file));
  BOOST_TEST(count_files(out + "/cells") == 13);

  // The final row is the cross-validation of the final recipe with the same folds and seed.
  train::CrossValidationOptions cv;
  cv.folds = 2;
  cv.seeds = {5};
  const auto final_row = train::cross_validate(test::real_events(), tiny(), cv);
  const std::string csv = test::read_bytes(out + "/ablation.csv");
  BOOST_TEST(std::stod(csv_field(csv, 7, 8)) == final_row.auc.mean, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(std::stod(csv_field(csv, 7, 10)) == final_row.ams.mean, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(csv_field(csv, 11, 6) == "6");  // the snapshot ensemble: 2 members x 3 snapshots
  BOOST_TEST(csv_field(csv, 0, 6) == "1");   // the baseline: one network
  // Its change against the row above is the difference of the two rows' means.
  const double delta = std::stod(csv_field(csv, 7, 12));
  BOOST_TEST(delta == std::stod(csv_field(csv, 7, 8)) - std::stod(csv_field(csv, 6, 8)),
             boost::test_tools::tolerance(1e-12));

  // Again: every cell is reused and the table is the same.
  const std::string first_md = test::read_bytes(out + "/ablation.md");
  r = test::run_sieve(command);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "0 cells computed, 13 reused"));
  BOOST_TEST(test::read_bytes(out + "/ablation.md") == first_md);

  // Another seed computes only its own cells.
  r = test::run_sieve("ablate --data " + test::kRealEvents + " --out " + out + " --seeds 5,6 --quiet" + kTiny);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "13 cells computed, 13 reused"));
  // Two seeds: every row has a spread (one seed prints "+- n/a").
  BOOST_TEST(contains(first_md, "+- n/a"));
  BOOST_TEST(!contains(r.out, "+- n/a"));
}

BOOST_AUTO_TEST_CASE(one_cell_at_a_time_as_a_cluster_task_computes_it) {
  test::TempDir dir;
  const std::string out = dir.file("cells");
  const std::string base = "ablate --data " + test::kRealEvents + " --out " + out + " --seeds 5,6 --quiet" + kTiny;
  auto r = test::run_sieve(base + " --cell 3");  // row 1 (ensemble), seed 6
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "cell 3: " + out + "/cells/01-ensemble.seed-6.cell"));
  BOOST_TEST(count_files(out + "/cells") == 1);
  BOOST_TEST(!fs::exists(out + "/ablation.md"));
  r = test::run_sieve(base + " --cell 26");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "cell 26 is not one of the ablation's 26 cells (0 to 25)"));
}

BOOST_AUTO_TEST_CASE(lists_the_rows_and_refuses_bad_options) {
  auto r = test::run_sieve("ablate --list");
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, " 0 relu-single"));
  BOOST_TEST(contains(r.out, "11 snapshot"));
  r = test::run_sieve("ablate --out x");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "missing required option --data"));
  r = test::run_sieve("ablate --data " + test::kRealEvents + " --out x --epochs 1");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "ablation row 'snapshot'"));
  r = test::run_sieve("ablate --data " + test::kRealEvents + " --out x --seeds 1,y" + kTiny);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.out, "--seeds expects comma-separated non-negative integers"));
}

// sieve slurm ablate without a cluster: its scripts, run as Slurm would run them (every
// array task, then the merge), give the table of a plain sieve ablate.
BOOST_AUTO_TEST_CASE(the_slurm_scripts_compute_every_cell_and_the_merge_writes_the_table) {
  test::TempDir dir;
  const std::string out = dir.file("slurm-ablate");
  auto r = test::run_sieve("slurm ablate --dry-run --data " + test::kRealEvents + " --out " + out + " --seeds 5" +
                           " --members 2 --recipe-folds 3 --epochs 6 --width 16 --depth 2 --restart-sub-epochs 1"
                           " --fge-cycle-sub-epochs 2 --folds 2 --cpus-per-task 2");
  BOOST_TEST_INFO(r.out);
  BOOST_TEST_REQUIRE(r.status == 0);
  BOOST_TEST(contains(r.out, "sbatch --parsable --array=0-12 "));
  const std::string work = out + ".slurm";
  const std::string array = test::read_bytes(work + "/ablate-array.sbatch");
  BOOST_TEST(contains(array, "'--cell' \"${SLURM_ARRAY_TASK_ID}\""));
  BOOST_TEST(contains(array, "ablate-recipe.conf"));
  for (int task = 0; task < 13; ++task) {
    const auto t = test::run_command("env SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                                     " SLURM_JOB_ID=1 bash " + work + "/ablate-array.sbatch 2>&1");
    BOOST_TEST_REQUIRE(t.status == 0, t.out);
  }
  BOOST_TEST(count_files(out + "/cells") == 13);
  const auto merge = test::run_command("env SLURM_JOB_ID=2 bash " + work + "/ablate-merge.sbatch 2>&1");
  BOOST_TEST_REQUIRE(merge.status == 0, merge.out);
  BOOST_TEST(contains(merge.out, "0 cells computed, 13 reused"));
  BOOST_TEST(fs::exists(out + "/ablation.png"));
}
