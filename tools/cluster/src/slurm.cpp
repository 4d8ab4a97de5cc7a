#include "sieve/cluster/slurm.hpp"

#include "sieve/cluster/command.hpp"
#include "sieve/error.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace sieve::cluster {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s, std::string_view whole) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    throw ConfigError("unreadable array index list '" + std::string(whole) + "'");
  return v;
}

// "Key=Value" fields of one scontrol -o record (values without spaces, except the last
// fields which we do not read).
std::map<std::string, std::string> fields_of(std::string_view record) {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(record)};
  for (std::string item; in >> item;)
    if (const auto eq = item.find('='); eq != std::string::npos) out.emplace(item.substr(0, eq), item.substr(eq + 1));
  return out;
}

// The command part of a BatchScript: quoted, with {task} as the array index.
std::string render_command(const std::vector<std::string>& command) {
  std::string out;
  for (const auto& arg : command) {
    if (!out.empty()) out += arg.rfind("--", 0) == 0 ? " \\\n    " : " ";
    std::string_view rest = arg;
    std::string word;
    while (true) {
      const auto at = rest.find("{task}");
      const std::string_view literal = rest.substr(0, at);
      if (!literal.empty() || (at == std::string_view::npos && word.empty())) word += shell_quote(literal);
      if (at == std::string_view::npos) break;
      word += "\"${SLURM_ARRAY_TASK_ID}\"";
      rest.remove_prefix(at + 6);
    }
    out += word;
  }
  return out;
}

} // namespace

std::string render_batch_script(const BatchScript& s) {
  std::ostringstream o;
  o << "#!/bin/bash\n";
  std::istringstream comment(s.comment);
  for (std::string line; std::getline(comment, line);) o << "# " << line << '\n';
  o << "#SBATCH --job-name=" << s.job_name << '\n';
  o << "#SBATCH --output=" << s.log_pattern << '\n';
  o << "#SBATCH --chdir=" << s.directory << '\n';
  o << "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n";
  o << "#SBATCH --cpus-per-task=" << s.resources.cpus_per_task << '\n';
  if (!s.resources.partition.empty()) o << "#SBATCH --partition=" << s.resources.partition << '\n';
  if (!s.resources.account.empty()) o << "#SBATCH --account=" << s.resources.account << '\n';
  if (!s.resources.time.empty()) o << "#SBATCH --time=" << s.resources.time << '\n';
  if (!s.resources.mem.empty()) o << "#SBATCH --mem=" << s.resources.mem << '\n';
  for (const auto& extra : s.resources.extra) o << "#SBATCH " << extra << '\n';
  o << "set -euo pipefail\n";
  o << "echo \"sieve job ${SLURM_JOB_ID:-?} task ${SLURM_ARRAY_TASK_ID:-none} on $(hostname) at $(date -u "
       "+%Y-%m-%dT%H:%M:%SZ)\"\n";
  o << render_command(s.command) << '\n';
  return o.str();
}

std::string parse_job_id(std::string_view output) {
  // The last non-empty line (sbatch may warn first), up to an optional ";cluster".
  std::string_view text = trim(output);
  if (const auto nl = text.rfind('\n'); nl != std::string_view::npos) text = trim(text.substr(nl + 1));
  const std::string_view id = text.substr(0, text.find(';'));
  if (!all_digits(id)) throw ConfigError("sbatch printed no job id: '" + std::string(trim(output)) + "'");
  return std::string(id);
}

std::string array_spec(const std::vector<int>& indices) {
  std::vector<int> v = indices;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string out;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(v[i]);
    if (j > i) {
      out.push_back(j == i + 1 ? ',' : '-');
      out += std::to_string(v[j]);
    }
    i = j + 1;
  }
  return out;
}

std::vector<int> parse_array_spec(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '[') s.remove_prefix(1);
  if (!s.empty() && s.back() == ']') s.remove_suffix(1);
  if (const auto pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);
  std::vector<int> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    const std::string_view item = s.substr(0, comma);
    if (const auto dash = item.find('-'); dash != std::string_view::npos) {
      const int a = to_int(item.substr(0, dash), text), b = to_int(item.substr(dash + 1), text);
      for (int i = a; i <= b; ++i) out.push_back(i);
    } else {
      out.push_back(to_int(item, text));
    }
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool is_failure(std::string_view state) {
  for (const std::string_view bad : {"FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL",
                                     "DEADLINE", "PREEMPTED"})
    if (state.substr(0, bad.size()) == bad) return true;  // sacct writes "CANCELLED by 0"
  return false;
}

bool is_finished(std::string_view state) { return state == "COMPLETED" || is_failure(state); }

std::map<int, TaskState> parse_scontrol_jobs(std::string_view text, const std::string& job_id) {
  std::map<int, TaskState> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    const auto f = fields_of(line);
    const auto id = f.find("JobId");
    if (id == f.end()) continue;
    TaskState t;
    if (auto it = f.find("JobState"); it != f.end()) t.state = it->second;
    if (auto it = f.find("ExitCode"); it != f.end()) t.exit_code = it->second;
    if (auto it = f.find("Reason"); it != f.end()) t.reason = it->second;
    const auto array = f.find("ArrayJobId"), task = f.find("ArrayTaskId");
    if (array != f.end() && task != f.end()) {
      if (array->second != job_id) continue;
      for (const int i : parse_array_spec(task->second)) out[i] = t;
    } else if (id->second == job_id) {
      out[-1] = t;
    }
  }
  return out;
}

std::map<int, TaskState> parse_sacct(std::string_view text, const std::string& job_id) {
  std::map<int, TaskState> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
    if (cells.size() < 3) continue;
    const std::string& id = cells[0];
    TaskState t{cells[1], cells[2], ""};
    if (id == job_id) {
      out[-1] = t;
    } else if (id.rfind(job_id + "_", 0) == 0) {
      const std::string_view task = std::string_view(id).substr(job_id.size() + 1);
      if (task.find('.') != std::string_view::npos) continue;  // a job step
      for (const int i : parse_array_spec(task)) out[i] = t;
    }
  }
  return out;
}

std::map<int, TaskState> query_job(const std::string& job_id) {
  const CommandOutput sc = run_command({"scontrol", "-o", "show", "job", job_id});
  if (sc.status == 0) {
    auto states = parse_scontrol_jobs(sc.output, job_id);
    if (!states.empty()) return states;
  }
  const CommandOutput sa = run_command({"sacct", "-n", "-P", "-X", "-j", job_id, "-o", "JobID,State,ExitCode"});
  if (sa.status == 0) return parse_sacct(sa.output, job_id);
  return {};
}

} // namespace sieve::cluster
