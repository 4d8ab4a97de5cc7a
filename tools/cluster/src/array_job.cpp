#include "sieve/cluster/array_job.hpp"

#include "sieve/cluster/command.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"

#include <chrono>
#include <filesystem>
#include <thread>

namespace sieve::cluster {

namespace {


std::string submit(const std::vector<std::string>& argv) {
  const CommandOutput out = run_command(argv);
  if (out.status != 0) {
    std::string line;
    for (const auto& a : argv) {
      if (!line.empty()) line += ' ';
      line += a;
    }
    throw ConfigError("submission failed (" + line + "): " +
                      (out.output.empty() ? "exit status " + std::to_string(out.status) : out.output));
  }
  return parse_job_id(out.output);
}

} // namespace

std::string Submission::task_log(int task) const {
  return logs_dir + "/" + name + "-" + array_job_id + "_" + std::to_string(task) + ".log";
}

std::string Submission::merge_log() const { return logs_dir + "/" + name + "-merge-" + merge_job_id + ".log"; }

Submission submit_array_job(const ArrayJob& job, bool resume, bool dry_run) {
  namespace fs = std::filesystem;
  if (job.tasks.empty()) throw ConfigError("a job array needs at least one task");
  Submission s;
  s.name = job.name;
  s.logs_dir = job.work_dir + "/logs";
  fs::create_directories(s.logs_dir);
  for (const int t : job.tasks) {
    std::string why;
    if (resume && job.part_done && job.part_done(t, why)) s.reused.push_back(t);
    else s.submitted.push_back(t);
  }

  BatchScript array;
  array.job_name = "sieve-" + job.name;
  array.log_pattern = s.logs_dir + "/" + job.name + "-%A_%a.log";
  array.directory = job.directory;
  array.resources = job.task_resources;
  std::string does;  // {task} read as N
  for (std::size_t from = 0;;) {
    const std::size_t at = job.what_a_task_does.find("{task}", from);
    does.append(job.what_a_task_does, from, at == std::string::npos ? std::string::npos : at - from);
    if (at == std::string::npos) break;
    does.push_back('N');
    from = at + 6;
  }
  array.comment = "Written by sieve slurm " + job.name + ": array task N " + does +
                  ".\nSubmitted with sbatch --array=<tasks>; the merge job waits for every task (afterok).";
  array.command = job.task_command;
  BatchScript merge;
  merge.job_name = "sieve-" + job.name + "-merge";
  merge.log_pattern = s.logs_dir + "/" + job.name + "-merge-%j.log";
  merge.directory = job.directory;
  merge.resources = job.merge_resources;
  merge.comment = "Written by sieve slurm " + job.name + ": " + job.what_the_merge_does +
                  ".\nSubmitted with --dependency=afterok:<array job id> --kill-on-invalid-dep=yes.";
  merge.command = job.merge_command;
  s.array_script = job.work_dir + "/" + job.name + "-array.sbatch";
  s.merge_script = job.work_dir + "/" + job.name + "-merge.sbatch";
  io::write_file_atomically(s.array_script, render_batch_script(array));
  io::write_file_atomically(s.merge_script, render_batch_script(merge));
  fs::permissions(s.array_script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  fs::permissions(s.merge_script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  if (dry_run) return s;

  if (!s.submitted.empty())
    s.array_job_id = submit({"sbatch", "--parsable", "--array=" + array_spec(s.submitted), s.array_script});
  std::vector<std::string> merge_args{"sbatch", "--parsable"};
  if (!s.array_job_id.empty()) {
    merge_args.push_back("--dependency=afterok:" + s.array_job_id);
    merge_args.push_back("--kill-on-invalid-dep=yes");
  }
  merge_args.push_back(s.merge_script);
  try {
    s.merge_job_id = submit(merge_args);
  } catch (const ConfigError&) {
    if (!s.array_job_id.empty()) run_command({"scancel", s.array_job_id});
    throw;
  }
  return s;
}

WaitResult wait_for(const Submission& s, double poll_seconds, const std::function<void(const std::string&)>& report) {
  std::string last;
  int unknown_polls = 0;
  while (true) {
    std::map<int, TaskState> tasks;
    if (!s.array_job_id.empty()) tasks = query_job(s.array_job_id);
    const auto merge_states = query_job(s.merge_job_id);
    const TaskState merge = merge_states.count(-1) ? merge_states.at(-1) : TaskState{};

    // A failed task: say which, how, and where its log is; the merge cannot run.
    std::string failures;
    std::size_t done = 0, running = 0, pending = 0;
    for (const int t : s.submitted) {
      const auto it = tasks.find(t);
      const std::string state = it == tasks.end() ? "" : it->second.state;
      if (state == "COMPLETED") ++done;
      else if (state == "RUNNING" || state == "COMPLETING") ++running;
      else if (!is_failure(state)) ++pending;
      if (is_failure(state))
        failures += "\n  task " + std::to_string(t) + ": " + state +
                    (it->second.exit_code.empty() ? "" : " (exit code " + it->second.exit_code + ")") + ", log " +
                    s.task_log(t);
    }
    if (!failures.empty()) {
      run_command({"scancel", s.merge_job_id});
      return {false, "array job " + s.array_job_id + " failed:" + failures +
                         "\nfix the cause and resubmit the missing parts with --resume"};
    }
    if (is_failure(merge.state))
      return {false, "merge job " + s.merge_job_id + " " + merge.state +
                         (merge.exit_code.empty() ? "" : " (exit code " + merge.exit_code + ")") + ", log " +
                         s.merge_log()};
    if (merge.state == "COMPLETED") return {true, "merge job " + s.merge_job_id + " completed"};
    if (merge.state.empty() && (s.array_job_id.empty() || tasks.empty())) {
      // Neither scontrol nor sacct knows the jobs any more (long polls, purged records).
      if (++unknown_polls >= 3)
        return {false, "Slurm no longer knows job " + s.merge_job_id + " (nor its array): see " + s.merge_log()};
    } else {
      unknown_polls = 0;
    }
    const std::string line =
        (s.submitted.empty() ? std::string() : "tasks: " + std::to_string(done) + " done, " +
                                                   std::to_string(running) + " running, " +
                                                   std::to_string(pending) + " pending; ") +
        "merge: " + (merge.state.empty() ? "unknown" : merge.state) +
        (merge.reason.empty() || merge.reason == "None" ? "" : " (" + merge.reason + ")");
    if (line != last && report) report(line);
    last = line;
    std::this_thread::sleep_for(std::chrono::duration<double>(poll_seconds));
  }
}

} // namespace sieve::cluster
