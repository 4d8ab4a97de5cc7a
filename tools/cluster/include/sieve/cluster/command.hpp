#pragma once
// Running an external command (sbatch, squeue, scontrol, sacct, scancel) and capturing
// what it prints: the cluster modules' only way out of the process.
#include <string>
#include <string_view>
#include <vector>

namespace sieve::cluster {

struct CommandOutput {
  int status = -1;     // exit status; -1 when it did not exit normally or could not start
  std::string output;  // standard output, then standard error
};

// Runs argv[0] (looked up in PATH) with the arguments as given (no shell expansion).
CommandOutput run_command(const std::vector<std::string>& argv);

// 'text' quoted for a POSIX shell (single quotes; a quote inside as '\'').
std::string shell_quote(std::string_view text);

} // namespace sieve::cluster
