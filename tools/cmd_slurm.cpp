// sieve slurm train|score|ablate: the recipe's members, a file's shards or the technique
// table's cells as a Slurm job array and a merge job (sieve/cluster/slurm_workflows.hpp);
// the logic is in libcore and tools/cluster.
#include "cli.hpp"
#include "dataset_flags.hpp"
#include "recipe_flags.hpp"

#include "sieve/cluster/slurm_workflows.hpp"
#include "sieve/error.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace {

using namespace sieve;

void add_slurm_options(cli::Options& o) {
  o.add("work-dir", "directory for scripts, logs and parts, on a filesystem every node sees [default: OUT.slurm]")
      .add("partition", "sbatch --partition (empty: the site's default)")
      .add("account", "sbatch --account (empty: the site's default)")
      .add("time", "sbatch --time: wall-time limit of each job", "02:00:00")
      .add("mem", "sbatch --mem: memory of each job, e.g. 4G (empty: the partition's default)")
      .add("cpus-per-task", "sbatch --cpus-per-task, also each task's --threads", "1")
      .add("sbatch-options", "further sbatch options for every job, space-separated, e.g. '--qos=short'")
      .add("sieve", "the sieve executable as the nodes see it [default: this one]")
      .flag("resume", "submit only the tasks whose part is missing or does not verify, then the merge")
      .flag("wait", "follow the jobs to their end; fail naming the failed task and its log")
      .add("poll-seconds", "with --wait: seconds between polls of scontrol/sacct", "10")
      .flag("dry-run", "write the batch scripts and print the sbatch commands without submitting");
}

cluster::SlurmResources resources_from(const cli::Options& o) {
  cluster::SlurmResources r;
  r.partition = o.str("partition");
  r.account = o.str("account");
  r.time = o.str("time");
  r.mem = o.str("mem");
  const long long cpus = o.integer("cpus-per-task");
  if (cpus < 1) throw ConfigError("--cpus-per-task must be at least 1, got " + o.str("cpus-per-task"));
  r.cpus_per_task = static_cast<int>(cpus);
  std::istringstream extra(o.str("sbatch-options"));
  for (std::string item; extra >> item;) r.extra.push_back(item);
  return r;
}

std::string sieve_path(const cli::Options& o) {
  if (o.given("sieve")) return std::filesystem::absolute(o.str("sieve")).string();
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

std::string work_dir(const cli::Options& o) {
  return o.given("work-dir") ? o.str("work-dir") : o.str("out") + ".slurm";
}

// The data, schema, recipe and resources flags of `slurm train` and `slurm ablate`.
void fill_recipe_request(const cli::Options& o, const cli::FlagRenames& renames, cluster::RecipeOnSlurm& request) {
  request.sieve = sieve_path(o);
  request.data = o.str("data");
  request.schema = o.str("schema");
  request.out = o.str("out");
  request.work_dir = work_dir(o);
  request.config = cli::recipe_from_flags(o, renames);
  request.resources = resources_from(o);
}

int submit_and_follow(const cluster::ArrayJob& job, const cli::Options& o, const std::string& what_parts) {
  const bool dry = o.on("dry-run");
  const auto s = cluster::submit_array_job(job, o.on("resume"), dry);
  if (!s.reused.empty())
    std::printf("resume: %zu %s verified and reused (%s)\n", s.reused.size(), what_parts.c_str(),
                cluster::array_spec(s.reused).c_str());
  if (dry) {
    std::printf("dry run: scripts written, nothing submitted\n  sbatch --parsable --array=%s %s\n"
                "  sbatch --parsable --dependency=afterok:<array job id> --kill-on-invalid-dep=yes %s\n",
                cluster::array_spec(s.submitted).c_str(), s.array_script.c_str(), s.merge_script.c_str());
    return 0;
  }
  if (s.array_job_id.empty())
    std::printf("every %s verified: no array job\n", what_parts.c_str());
  else
    std::printf("array job %s: tasks %s (%s), logs %s/%s-%s_<task>.log\n", s.array_job_id.c_str(),
                cluster::array_spec(s.submitted).c_str(), what_parts.c_str(), s.logs_dir.c_str(), job.name.c_str(),
                s.array_job_id.c_str());
  std::printf("merge job %s%s, log %s\n", s.merge_job_id.c_str(),
              s.array_job_id.empty() ? "" : (" (afterok:" + s.array_job_id + ")").c_str(), s.merge_log().c_str());
  std::fflush(stdout);
  if (!o.on("wait")) return 0;
  const double poll = o.real("poll-seconds");
  if (!(poll > 0)) throw ConfigError("--poll-seconds must be positive, got " + o.str("poll-seconds"));
  const auto result = cluster::wait_for(s, poll, [](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
  });
  if (!result.ok) {
    std::fprintf(stderr, "sieve slurm %s: %s\n", job.name.c_str(), result.message.c_str());
    return 1;
  }
  std::printf("%s\n", result.message.c_str());
  return 0;
}

int train(const std::vector<std::string>& args) {
  cli::Options o("slurm train",
                 "Trains the recipe on a Slurm cluster: a job array whose task m trains member m\n"
                 "(sieve train --only-members m) into WORK/parts/member-m.partial, and a merge job\n"
                 "(sieve merge-models, afterok on the array) that writes OUT, byte-identical to a single\n"
                 "sieve train with the same recipe and seed. Data, work directory and OUT must be on a\n"
                 "filesystem every node sees.");
  cli::add_dataset_flags(o);
  o.add("out", "model file the merge job writes", "", true);
  cli::add_recipe_flags(o);
  add_slurm_options(o);
  if (!o.parse(args)) return 0;
  cluster::TrainOnSlurm request;
  fill_recipe_request(o, {}, request);
  return submit_and_follow(cluster::train_array_job(request), o, "members");
}

int ablate(const std::vector<std::string>& args) {
  cli::Options o("slurm ablate",
                 "Computes the technique table (sieve ablate) on a Slurm cluster: a job array whose task c\n"
                 "computes cell c, one row of the table for one seed (sieve ablate --cell c), into\n"
                 "OUT/cells/, and a merge job (afterok on the array) that runs sieve ablate again, reusing\n"
                 "every cell, to write OUT/ablation.md, .csv and .png. Data, work directory and OUT must\n"
                 "be on a filesystem every node sees.");
  cli::add_dataset_flags(o);
  o.add("out", "directory of the table and its cells", "", true)
      .add("folds", "outer folds of the cross-validation", "3")
      .add("seeds", "comma-separated seeds (outer folds and recipe)", "1337,2222,3333");
  const cli::FlagRenames renames = {{"folds", "recipe-folds"}, {"seed", ""}};
  cli::add_recipe_flags(o, renames);
  add_slurm_options(o);
  if (!o.parse(args)) return 0;
  cluster::AblateOnSlurm request;
  fill_recipe_request(o, renames, request);
  request.folds = static_cast<int>(o.integer("folds"));
  if (request.folds < 2) throw ConfigError("--folds must be at least 2, got " + o.str("folds"));
  request.seeds = cli::parse_seeds(o.str("seeds"));
  return submit_and_follow(cluster::ablate_array_job(request), o, "cells");
}

int score(const std::vector<std::string>& args) {
  cli::Options o("slurm score",
                 "Scores a CSV ntuple on a Slurm cluster: a job array whose task i scores shard i/N\n"
                 "(sieve score --shard i/N) into WORK/parts/scores-i.csv, and a merge job (sieve\n"
                 "merge-scores, afterok on the array) that writes OUT, byte-identical to an unsharded\n"
                 "sieve score. Model, input, work directory and OUT must be on a shared filesystem.");
  o.add("model", "model file (sieve train)", "", true)
      .add("in", "ntuple to score: CSV (plain or .gz) or HDF5 (FILE.h5[:/DATASET or :/GROUP])", "", true)
      .add("out", "scores CSV the merge job writes (gzip when it ends in .gz)", "", true)
      .add("shards", "array tasks, each scoring every N-th block of rows", "4")
      .add("variations", "sieve score --variations", "nominal")
      .flag("tta-spread", "sieve score --tta-spread")
      .flag("no-tta", "sieve score --no-tta")
      .add("chunk-rows", "sieve score --chunk-rows", "65536")
      .flag("skip-bad-rows", "sieve score --skip-bad-rows");
  add_slurm_options(o);
  if (!o.parse(args)) return 0;
  cluster::ScoreOnSlurm request;
  request.sieve = sieve_path(o);
  request.model = o.str("model");
  request.in = o.str("in");
  request.out = o.str("out");
  request.work_dir = work_dir(o);
  const long long shards = o.integer("shards");
  if (shards < 1 || shards > 100000) throw ConfigError("--shards must be 1 to 100000, got " + o.str("shards"));
  request.shards = static_cast<int>(shards);
  request.score_options = {"--variations", o.str("variations"), "--chunk-rows", o.str("chunk-rows")};
  for (const char* flag : {"tta-spread", "no-tta", "skip-bad-rows"})
    if (o.on(flag)) request.score_options.push_back(std::string("--") + flag);
  request.resources = resources_from(o);
  return submit_and_follow(cluster::score_array_job(request), o, "shards");
}

int run(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "train") return train({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "score") return score({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "ablate") return ablate({args.begin() + 1, args.end()});
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::printf("usage: sieve slurm train|score|ablate [options]\n\n"
                "Runs sieve train (one member per array task), sieve score (one shard per task) or sieve\n"
                "ablate (one cell of the technique table per task) on a Slurm cluster, with a merge job\n"
                "after the array. `sieve slurm COMMAND --help` lists the options.\n");
    return 0;
  }
  throw ConfigError("expected `sieve slurm train ...`, `sieve slurm score ...` or `sieve slurm ablate ...` (see sieve "
                    "slurm --help)");
}

const sieve::cli::Registration registration("slurm", "train, score or ablate as a Slurm job array with a merge job",
                                            run);

} // namespace
