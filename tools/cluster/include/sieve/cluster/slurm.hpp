#pragma once
// Slurm, as the cluster workflows use it: batch scripts, sbatch's job ids, and the states
// of a job array's tasks read from scontrol (or sacct, where accounting is kept) - pure
// text in, text out, so that all of it is tested without a cluster.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::cluster {

// Site options passed through to sbatch; empty ones are left to the site's defaults.
struct SlurmResources {
  std::string partition, account;
  std::string time = "02:00:00";  // wall-time limit, Slurm's forms (MM, HH:MM:SS, D-HH...)
  std::string mem;                // e.g. 4G; empty: the partition's default
  int cpus_per_task = 1;
  std::vector<std::string> extra;  // further sbatch options, each as "--name=value"
};

// One batch script. In `command`, the text {task} stands for the array index (expanded
// by the shell from $SLURM_ARRAY_TASK_ID); every other character is quoted.
struct BatchScript {
  std::string job_name;
  std::string log_pattern;  // --output, e.g. /work/logs/train-%A_%a.log
  std::string directory;    // working directory of the job
  SlurmResources resources;
  std::string comment;      // a few lines said at the top
  std::vector<std::string> command;
};

std::string render_batch_script(const BatchScript& script);

// The job id in sbatch --parsable output ("12345" or "12345;cluster"); throws ConfigError
// quoting the output when there is none.
std::string parse_job_id(std::string_view sbatch_output);

// Array indices as Slurm's --array takes them: {0, 1, 2, 5} gives "0-2,5".
std::string array_spec(const std::vector<int>& indices);
// The inverse for scontrol's ArrayTaskId ("3", "2-9", "[2-9%4]", "1,3,5-7"); throws
// ConfigError.
std::vector<int> parse_array_spec(std::string_view text);

struct TaskState {
  std::string state;      // PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, ...
  std::string exit_code;  // "0:0" (code:signal), when known
  std::string reason;     // scontrol's Reason, when known
};

// States that end a job unsuccessfully (FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY,
// NODE_FAIL, BOOT_FAIL, DEADLINE, PREEMPTED).
bool is_failure(std::string_view state);
// COMPLETED or a failure.
bool is_finished(std::string_view state);

// `scontrol -o show job ID` output: the state of every array task of array job
// `array_id` (pending tasks given as a range expanded), or of the job itself under index
// -1 when it is not an array.
std::map<int, TaskState> parse_scontrol_jobs(std::string_view text, const std::string& job_id);
// `sacct -n -P -X -j ID -o JobID,State,ExitCode` output, in the same form.
std::map<int, TaskState> parse_sacct(std::string_view text, const std::string& job_id);

// The states of job `job_id`'s tasks now: scontrol first, sacct when scontrol no longer
// knows the job. Empty when neither knows it.
std::map<int, TaskState> query_job(const std::string& job_id);

} // namespace sieve::cluster
