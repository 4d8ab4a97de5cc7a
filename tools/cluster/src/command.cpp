#include "sieve/cluster/command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace sieve::cluster {

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

CommandOutput run_command(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) line += ' ';
    line += shell_quote(arg);
  }
  line += " 2>&1";
  CommandOutput out;
  FILE* pipe = ::popen(line.c_str(), "r");
  if (pipe == nullptr) {
    out.output = "cannot run " + (argv.empty() ? std::string("(nothing)") : argv.front());
    return out;
  }
  std::array<char, 4096> buffer;
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) out.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  out.status = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

} // namespace sieve::cluster
