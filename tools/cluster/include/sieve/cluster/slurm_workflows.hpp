#pragma once
// The two cluster workflows of Sieve as job arrays (sieve/cluster/array_job.hpp):
//
//   train: task m runs `sieve train --only-members m` into WORK/parts/member-m.partial;
//          the merge job runs `sieve merge-models` over all parts into the model.
//   ablate: task c computes cell c of the technique table (`sieve ablate --cell c`) into
//          OUT/cells/; the merge job runs `sieve ablate` again, which reuses every cell
//          and writes the tables and the plot.
//   score: task i runs `sieve score --shard i/N` into WORK/parts/scores-i.csv (.csv.gz when
//          the output is gzip) with its manifest; the merge runs `sieve merge-scores`.
//
// Every task reads its inputs from the shared filesystem and writes only its own part,
// so tasks are independent and a failed one can be run again alone: a part is done when
// its file loads and verifies and was made by the same request (recipe, data file name
// and library version; or model, input and scoring options and shard count).
#include "sieve/cluster/array_job.hpp"
#include "sieve/train/recipe_config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sieve::cluster {

// What the recipe's workflows (train, ablate) run on.
struct RecipeOnSlurm {
  std::string sieve;     // the sieve executable, as the nodes see it
  std::string data, out, work_dir;
  std::string schema;    // the dataset schema file (empty: the HiggsML preset, for its layouts)
  train::RecipeConfig config;
  SlurmResources resources;
};

using TrainOnSlurm = RecipeOnSlurm;

// Writes WORK/train-recipe.conf (the resolved recipe every task reads) and returns the job.
ArrayJob train_array_job(const TrainOnSlurm& request);

// `out` is the ablation's directory, `config` the final recipe the rows are built back from.
struct AblateOnSlurm : RecipeOnSlurm {
  int folds = 3;
  std::vector<std::uint64_t> seeds;
};

// Writes WORK/ablate-recipe.conf (the final recipe every task reads) and returns the job:
// one task per (row, seed) cell; a cell is done when its file is in OUT/cells/ (the merge
// recomputes a cell whose file was made from other data or options).
ArrayJob ablate_array_job(const AblateOnSlurm& request);

struct ScoreOnSlurm {
  std::string sieve;
  std::string model, in, out, work_dir;
  int shards = 1;
  std::vector<std::string> score_options;  // passed to every shard, e.g. {"--variations", "nominal,jes_up"}
  SlurmResources resources;
};

// Writes WORK/score-request.txt (the options every shard gets) and returns the job.
ArrayJob score_array_job(const ScoreOnSlurm& request);

// The part files of the two workflows.
std::string member_part_path(const std::string& work_dir, int member);
std::string score_part_path(const std::string& work_dir, const std::string& out, int shard);

} // namespace sieve::cluster
