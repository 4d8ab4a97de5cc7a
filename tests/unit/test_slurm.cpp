#define BOOST_TEST_MODULE slurm
#include <boost/test/unit_test.hpp>

// The Slurm text layer of the cluster workflows, without a cluster: batch scripts (what a
// shell makes of their commands), sbatch's job ids, array specifications, and task states
// from scontrol and sacct output as Slurm 22.05 prints it.
#include "temp_dir.hpp"
#include "sieve/cluster/command.hpp"
#include "sieve/cluster/slurm.hpp"
#include "sieve/error.hpp"

#include <string>
#include <vector>

using namespace sieve::cluster;

BOOST_AUTO_TEST_CASE(sbatch_job_ids) {
  BOOST_TEST(parse_job_id("12345\n") == "12345");
  BOOST_TEST(parse_job_id("77;cluster-a\n") == "77");
  BOOST_TEST(parse_job_id("sbatch: warning: something\n42\n") == "42");
  BOOST_CHECK_THROW(parse_job_id("sbatch: error: Batch job submission failed: Invalid account\n"),
                    sieve::ConfigError);
  BOOST_CHECK_THROW(parse_job_id(""), sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(array_specifications) {
  BOOST_TEST(array_spec({0, 1, 2, 5}) == "0-2,5");
  BOOST_TEST(array_spec({7, 3, 4}) == "3,4,7");
  BOOST_TEST(array_spec({9}) == "9");
  BOOST_TEST((parse_array_spec("2-4") == std::vector<int>{2, 3, 4}));
  BOOST_TEST((parse_array_spec("[2-4%1]") == std::vector<int>{2, 3, 4}));
  BOOST_TEST((parse_array_spec("1,3,5-6") == std::vector<int>{1, 3, 5, 6}));
  BOOST_CHECK_THROW(parse_array_spec("x"), sieve::ConfigError);
}

BOOST_AUTO_TEST_CASE(a_batch_script_runs_its_command_with_the_task_index) {
  BatchScript s;
  s.job_name = "sieve-test";
  s.log_pattern = "/logs/t-%A_%a.log";
  s.directory = "/tmp";
  s.resources.partition = "short";
  s.resources.account = "atlas";
  s.resources.mem = "4G";
  s.resources.cpus_per_task = 2;
  s.resources.extra = {"--qos=low"};
  s.comment = "line one\nline two";
  s.command = {"printf", "%s|", "it's", "--out", "/parts/member-{task}.partial", "{task}/4"};
  const std::string text = render_batch_script(s);
  BOOST_TEST(text.rfind("#!/bin/bash\n# line one\n# line two\n", 0) == 0);
  for (const char* line : {"#SBATCH --job-name=sieve-test\n", "#SBATCH --output=/logs/t-%A_%a.log\n",
                           "#SBATCH --partition=short\n", "#SBATCH --account=atlas\n", "#SBATCH --mem=4G\n",
                           "#SBATCH --cpus-per-task=2\n", "#SBATCH --time=02:00:00\n", "#SBATCH --qos=low\n",
                           "#SBATCH --chdir=/tmp\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line);
  // What bash makes of the command for task 3 (the echo line aside).
  sieve::test::TempDir dir;
  const std::string script = dir.write("job.sh", text);
  const auto out = run_command({"env", "SLURM_ARRAY_TASK_ID=3", "SLURM_JOB_ID=9", "bash", script});
  BOOST_TEST(out.status == 0);
  BOOST_TEST(out.output.substr(out.output.find('\n') + 1) == "it's|--out|/parts/member-3.partial|3/4|");
}

BOOST_AUTO_TEST_CASE(task_states_from_scontrol) {
  // scontrol -o show job 21 while task 0 ran, 1 failed, 2-3 waited (fields shortened).
  const std::string text =
      "JobId=22 ArrayJobId=21 ArrayTaskId=0 JobName=sieve-train JobState=RUNNING Reason=None ExitCode=0:0 "
      "RunTime=00:00:01\n"
      "JobId=23 ArrayJobId=21 ArrayTaskId=1 JobName=sieve-train JobState=FAILED Reason=NonZeroExitCode "
      "ExitCode=2:0\n"
      "JobId=21 ArrayJobId=21 ArrayTaskId=2-3 JobName=sieve-train JobState=PENDING Reason=Resources ExitCode=0:0\n";
  const auto s = parse_scontrol_jobs(text, "21");
  BOOST_TEST(s.size() == 4u);
  BOOST_TEST(s.at(0).state == "RUNNING");
  BOOST_TEST(s.at(1).state == "FAILED");
  BOOST_TEST(s.at(1).exit_code == "2:0");
  BOOST_TEST(s.at(3).state == "PENDING");
  BOOST_TEST(s.at(3).reason == "Resources");
  // A job that is not an array: index -1.
  const auto merge = parse_scontrol_jobs("JobId=25 JobName=sieve-train-merge JobState=PENDING Reason=Dependency "
                                         "Dependency=afterok:21_*(unfulfilled) ExitCode=0:0\n",
                                         "25");
  BOOST_TEST(merge.at(-1).state == "PENDING");
  BOOST_TEST(merge.at(-1).reason == "Dependency");
  BOOST_TEST(parse_scontrol_jobs("slurm_load_jobs error: Invalid job id specified\n", "25").empty());
}

BOOST_AUTO_TEST_CASE(task_states_from_sacct) {
  const auto s = parse_sacct("30_0|COMPLETED|0:0\n30_1|CANCELLED by 0|0:15\n30_[2-3]|PENDING|0:0\n31|TIMEOUT|0:0\n"
                             "30_0.batch|COMPLETED|0:0\n",
                             "30");
  BOOST_TEST(s.size() == 4u);
  BOOST_TEST(s.at(0).state == "COMPLETED");
  BOOST_TEST(is_failure(s.at(1).state));
  BOOST_TEST(s.at(2).state == "PENDING");
  BOOST_TEST(parse_sacct("31|TIMEOUT|0:0\n", "31").at(-1).state == "TIMEOUT");
  BOOST_TEST(is_finished("COMPLETED"));
  BOOST_TEST(is_failure("OUT_OF_MEMORY"));
  BOOST_TEST(!is_finished("COMPLETING"));
}

BOOST_AUTO_TEST_CASE(shell_quoting) {
  BOOST_TEST(shell_quote("a b") == "'a b'");
  BOOST_TEST(shell_quote("it's") == "'it'\\''s'");
  const auto out = run_command({"printf", "%s", "$HOME `x` 'q'"});
  BOOST_TEST(out.output == "$HOME `x` 'q'");
}
