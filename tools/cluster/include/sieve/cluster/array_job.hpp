#pragma once
// A split-and-merge run on Slurm: a job array whose task i makes part i (a member, a
// shard), and a merge job that runs when every task has succeeded
// (--dependency=afterok:<array id>, --kill-on-invalid-dep=yes so that a failed task
// cancels it instead of leaving it pending forever). Scripts and logs live in a work
// directory on the shared filesystem:
//   WORK/<name>-array.sbatch, WORK/<name>-merge.sbatch    the batch scripts
//   WORK/logs/<name>-<array job id>_<task>.log             one log per task and attempt
//   WORK/logs/<name>-merge-<job id>.log
// Resuming submits only the tasks whose part is missing or does not verify, then the
// merge; parts that verify are never made again.
#include "sieve/cluster/slurm.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sieve::cluster {

struct ArrayJob {
  std::string name;       // "train", "score": jobs sieve-<name> and sieve-<name>-merge
  std::string work_dir;   // absolute
  std::string directory;  // the jobs' working directory (absolute)
  std::vector<int> tasks;  // every array index
  std::vector<std::string> task_command;   // argv; {task} is the array index
  std::vector<std::string> merge_command;  // argv
  std::string what_a_task_does;            // for the scripts' comments, e.g. "trains member {task}"
  std::string what_the_merge_does;
  SlurmResources task_resources, merge_resources;
  // True when task i's part exists and verifies; else false with the reason in `why`.
  std::function<bool(int task, std::string& why)> part_done;
};

struct Submission {
  std::string array_job_id;   // empty when no task had to run
  std::string merge_job_id;
  std::vector<int> submitted;  // array indices submitted
  std::vector<int> reused;     // indices whose parts verified (resume)
  std::string array_script, merge_script;
  std::string task_log(int task) const;  // the log of task `task` of this submission
  std::string merge_log() const;
  std::string logs_dir;
  std::string name;
};

// Writes the scripts and, unless `dry_run`, submits: the array (all tasks, or with
// `resume` only those whose part is not done) and the merge job. Throws ConfigError with
// sbatch's message when a submission fails.
Submission submit_array_job(const ArrayJob& job, bool resume, bool dry_run = false);

struct WaitResult {
  bool ok = false;
  std::string message;  // what failed: the task(s), their state and exit code, the log path
};

// Follows the submission to its end (polling every `poll_seconds`): fails as soon as a
// task fails (cancelling the merge job), or when the merge job fails; succeeds when the
// merge job has completed. `report` gets a line whenever the counts change.
WaitResult wait_for(const Submission& submission, double poll_seconds,
                    const std::function<void(const std::string&)>& report = {});

} // namespace sieve::cluster
