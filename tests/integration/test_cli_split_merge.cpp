#define BOOST_TEST_MODULE cli_split_merge
#include <boost/test/unit_test.hpp>

// The split-and-merge commands as a user runs them: `sieve train --only-members` parts
// merged by `sieve merge-models` give the file a single `sieve train` writes, byte for byte;
// `sieve score --shard I/N` parts merged by `sieve merge-scores` give the unsharded scores
// file; mismatches are refused naming the difference; `sieve slurm ... --dry-run` writes
// the batch scripts without a cluster.
#include "run_command.hpp"
#include "small_recipe.hpp"
#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace sieve::test;

namespace {
const std::string kRecipe = " --members 3 --folds 3 --epochs 2 --quiet";
std::string q(const std::string& path) { return "'" + path + "'"; }
} // namespace

BOOST_AUTO_TEST_CASE(train_parts_merge_into_the_single_run_model) {
  TempDir dir;
  const auto single = run_sieve("train --data " + q(kRealEvents) + kRecipe + " --out " + q(dir.file("single.model")));
  BOOST_TEST_REQUIRE(single.status == 0, single.out);
  const auto a = run_sieve("train --data " + q(kRealEvents) + kRecipe + " --only-members 2,0 --threads 1 --out " +
                           q(dir.file("a.partial")));
  BOOST_TEST_REQUIRE(a.status == 0, a.out);
  BOOST_TEST(contains(a.out, "partial model (members 0,2 of 3) written to"));
  const auto b = run_sieve("train --data " + q(kRealEvents) + kRecipe + " --only-members 1 --out " +
                           q(dir.file("b.partial")));
  BOOST_TEST_REQUIRE(b.status == 0, b.out);

  const auto merged = run_sieve("merge-models " + q(dir.file("b.partial")) + " " + q(dir.file("a.partial")) +
                                " --data " + q(kRealEvents) + " --out " + q(dir.file("merged.model")));
  BOOST_TEST_REQUIRE(merged.status == 0, merged.out);
  BOOST_TEST(contains(merged.out, "from 2 parts (3 members)"));
  BOOST_TEST(read_bytes(dir.file("merged.model")) == read_bytes(dir.file("single.model")));

  // A missing member, the wrong data, a partial file where a model is expected.
  const auto missing = run_sieve("merge-models " + q(dir.file("a.partial")) + " --data " + q(kRealEvents) +
                                 " --out " + q(dir.file("x.model")));
  BOOST_TEST(missing.status == 2);
  BOOST_TEST(contains(missing.out, "member 1 of 3 is in none of the 1 parts given"));
  const std::string other = dir.file("other.csv");
  {
    std::string text = "zcat " + q(kRealEvents) + " | head -n 5001 > " + q(other);
    BOOST_TEST_REQUIRE(std::system(text.c_str()) == 0);
  }
  const auto wrong = run_sieve("merge-models " + q(dir.file("a.partial")) + " " + q(dir.file("b.partial")) +
                               " --data " + q(other) + " --out " + q(dir.file("x.model")));
  BOOST_TEST(wrong.status == 2);
  BOOST_TEST(contains(wrong.out, "is not the data the parts were trained on"), wrong.out);
  BOOST_TEST(!std::filesystem::exists(dir.file("x.model")));
  const auto as_model = run_sieve("inspect " + q(dir.file("a.partial")));
  BOOST_TEST(as_model.status != 0);
  BOOST_TEST(contains(as_model.out, "merge the parts into a model with sieve merge-models"), as_model.out);
  // Parts of another recipe.
  const auto c = run_sieve("train --data " + q(kRealEvents) + " --members 3 --folds 3 --epochs 1 --quiet" +
                           " --only-members 1 --out " + q(dir.file("c.partial")));
  BOOST_TEST_REQUIRE(c.status == 0, c.out);
  const auto mixed = run_sieve("merge-models " + q(dir.file("a.partial")) + " " + q(dir.file("c.partial")) +
                               " --data " + q(kRealEvents) + " --out " + q(dir.file("x.model")));
  BOOST_TEST(mixed.status == 2);
  BOOST_TEST(contains(mixed.out, "come from different trainings: recipe options 'epochs = 2' vs 'epochs = 1'"),
             mixed.out);
}

BOOST_AUTO_TEST_CASE(score_shards_merge_into_the_unsharded_scores) {
  TempDir dir;
  const std::string model = std::string(SIEVE_SOURCE_DIR) + "/tests/data/golden-format1.model";
  const auto whole = run_sieve("score --quiet --model " + q(model) + " --in " + q(kRealEvents) + " --out " +
                               q(dir.file("whole.csv.gz")) + " --variations nominal,tes_up --chunk-rows 3000");
  BOOST_TEST_REQUIRE(whole.status == 0, whole.out);
  std::string parts;
  for (int i = 0; i < 4; ++i) {
    const std::string part = dir.file("part-" + std::to_string(i) + ".csv.gz");
    const auto r = run_sieve("score --quiet --model " + q(model) + " --in " + q(kRealEvents) + " --out " + q(part) +
                             " --variations nominal,tes_up --shard " + std::to_string(i) + "/4 --threads 1");
    BOOST_TEST_REQUIRE(r.status == 0, r.out);
    BOOST_TEST(contains(r.out, "shard " + std::to_string(i) + "/4: "));
    parts += " " + q(part);
  }
  const auto merged = run_sieve("merge-scores" + parts + " --out " + q(dir.file("merged.csv.gz")));
  BOOST_TEST_REQUIRE(merged.status == 0, merged.out);
  BOOST_TEST(contains(merged.out, "merged 4 shards: 18000 rows of 18000 data rows"));
  BOOST_TEST(read_bytes(dir.file("merged.csv.gz")) == read_bytes(dir.file("whole.csv.gz")));
  const auto short_one = run_sieve("merge-scores " + q(dir.file("part-0.csv.gz")) + " --out " + q(dir.file("x.csv")));
  BOOST_TEST(short_one.status == 2);
  BOOST_TEST(contains(short_one.out, "shards 1/4, 2/4, 3/4 missing"), short_one.out);
  const auto bad = run_sieve("score --model " + q(model) + " --in " + q(kRealEvents) + " --out " +
                             q(dir.file("x.csv")) + " --shard 4/4");
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(contains(bad.out, "shard '4/4': I must be in 0 to N-1"));
}

BOOST_AUTO_TEST_CASE(slurm_dry_run_writes_the_scripts) {
  TempDir dir;
  const auto r = run_sieve("slurm train --dry-run --data " + q(kRealEvents) + " --members 4 --epochs 3 --out " +
                           q(dir.file("m.model")) + " --partition short --account atlas --time 30 --mem 2G" +
                           " --cpus-per-task 2 --sbatch-options '--qos=low'");
  BOOST_TEST_REQUIRE(r.status == 0, r.out);
  BOOST_TEST(contains(r.out, "sbatch --parsable --array=0-3 "));
  const std::string work = dir.file("m.model.slurm");
  const std::string array = read_bytes(work + "/train-array.sbatch");
  for (const char* part : {"#SBATCH --partition=short", "#SBATCH --account=atlas", "#SBATCH --time=30",
                           "#SBATCH --mem=2G", "#SBATCH --cpus-per-task=2", "#SBATCH --qos=low",
                           "'--only-members' \"${SLURM_ARRAY_TASK_ID}\"", "'--threads' '2'", "train-recipe.conf"})
    BOOST_TEST(contains(array, part), part);
  const std::string merge = read_bytes(work + "/train-merge.sbatch");
  BOOST_TEST(contains(merge, "'merge-models'"));
  BOOST_TEST(contains(merge, "member-3.partial"));
  const std::string recipe = read_bytes(work + "/train-recipe.conf");
  BOOST_TEST(contains(recipe, "members = 4\n"));
  BOOST_TEST(contains(recipe, "epochs = 3\n"));
  const auto help = run_sieve("slurm --help");
  BOOST_TEST(help.status == 0);
  const auto wrong = run_sieve("slurm fly");
  BOOST_TEST(wrong.status == 2);
}
