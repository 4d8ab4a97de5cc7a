#pragma once
// Runs the built `sieve` command for CLI tests: its exit status and its output.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace sieve::test {

inline const std::string kSieve = std::string(SIEVE_BINARY_DIR) + "/bin/sieve";

struct CommandResult {
  int status = -1;   // exit status (-1 when the command did not exit normally)
  std::string out;   // standard output, followed by standard error when merged
};

// A shell command line; its standard output (redirect stderr in `command` to see it).
inline CommandResult run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  CommandResult result;
  std::array<char, 4096> buffer;
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `sieve <args>`; `args` is passed through the shell, so quote paths with spaces.
inline CommandResult run_sieve(const std::string& args, bool merge_stderr = true) {
  return run_command("'" + kSieve + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null"));
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The number after the first `"key":` at or after `from` in a JSON text (NaN when absent).
inline double json_value(const std::string& json, const std::string& key, std::size_t from = 0) {
  const std::string pattern = "\"" + key + "\":";
  const std::size_t at = json.find(pattern, from);
  if (at == std::string::npos) return std::numeric_limits<double>::quiet_NaN();
  return std::strtod(json.c_str() + at + pattern.size(), nullptr);
}

} // namespace sieve::test
