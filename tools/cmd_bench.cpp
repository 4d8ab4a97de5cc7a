// sieve bench: the side-by-side benchmark (Sieve vs the PyTorch reference, XGBoost and ONNX
// Runtime). A thin launcher: the driver tools/bench/run_bench.py (Debian's python3) does the
// work, one timing at a time, and writes bench/report.md and the PNG plots; this command
// only tells it where this `sieve` and its sibling benchmark executables are.
#include "cli.hpp"

#include "sieve/error.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The running executable (so that the driver times exactly this build).
fs::path this_executable() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw sieve::ConfigError("cannot find the sieve executable (/proc/self/exe): " + ec.message());
  return p;
}

// Runs argv[0] with the arguments and waits: the driver is a child of this process, and its
// exit status is this command's.
int run_and_wait(const std::vector<std::string>& argv) {
  std::vector<char*> c_argv;
  for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw sieve::ConfigError(std::string("cannot start the driver: ") + std::strerror(errno));
  if (pid == 0) {
    ::execv(c_argv[0], c_argv.data());
    std::fprintf(stderr, "sieve bench: error: cannot run %s: %s\n", c_argv[0], std::strerror(errno));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw sieve::ConfigError(std::string("waiting for the driver: ") + std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  std::fprintf(stderr, "sieve bench: the driver was killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return 1;
}

int run(const std::vector<std::string>& args) {
  using namespace sieve;
  cli::Options o("bench",
                 "Runs the side-by-side benchmark and writes bench/report.md and PNG plots in bench/:\n"
                 "  physics    5-fold CV on the 18,000 real events: Sieve, PyTorch reference, XGBoost\n"
                 "             on the same fold files, 3 seeds: weighted ROC AUC and AMS at each cut\n"
                 "  training   the whole recipe on the scale sample's 250k events: Sieve vs PyTorch\n"
                 "  inference  550k events x 10 members x 8 TTA copies, and one event at a time:\n"
                 "             Sieve vs ONNX Runtime vs PyTorch\n"
                 "  limit      the measured FP32 FMA peak and Sieve's fraction of it\n"
                 "  scaling    1 vs 2 threads, and scoring time vs number of events\n"
                 "Every timing runs alone, one after another. The work goes through the driver\n"
                 "tools/bench/run_bench.py (Debian's /usr/bin/python3); it installs the peers\n"
                 "(tools/peers/install.sh) and builds sieve-micro and sieve-peak when they are missing,\n"
                 "and keeps its files in --work-dir (not committed).");
  o.flag("quick", "small sizes and a fixed small number of sub-epochs (9) for Sieve and PyTorch; "
                  "the report says so")
      .add("sections", "comma-separated subset of physics,training,inference,limit,scaling", "all")
      .add("out-dir", "where report.md and the PNG plots go (default: bench/ of the source tree)")
      .add("work-dir", "scale samples, fold files, models, logs (default: bench/out/ of the source tree)")
      .flag("dry-run", "list the commands in the order they would run; run nothing")
      .add("report-from", "write the report and plots from this results JSON (of an earlier run); run nothing")
      .add("python", "Python interpreter with Debian's packages", "/usr/bin/python3")
      .add("driver", "the driver script (default: tools/bench/run_bench.py of the source tree)");
  if (!o.parse(args)) return 0;

  const fs::path sieve_exe = this_executable();
  const fs::path bin_dir = sieve_exe.parent_path();
  const fs::path source_dir = SIEVE_SOURCE_DIR;
  const fs::path driver = o.given("driver") ? fs::path(o.str("driver")) : source_dir / "tools/bench/run_bench.py";
  if (!fs::exists(driver)) throw ConfigError("no benchmark driver at " + driver.string() + " (see --driver)");

  std::vector<std::string> argv = {o.str("python"),
                                   driver.string(),
                                   "--source-dir", source_dir.string(),
                                   "--build-dir", bin_dir.parent_path().string(),
                                   "--sieve", sieve_exe.string(),
                                   "--micro", (bin_dir / "sieve-micro").string(),
                                   "--peak", (bin_dir / "sieve-peak").string(),
                                   "--sections", o.str("sections")};
  for (const char* name : {"out-dir", "work-dir", "report-from"})
    if (o.given(name)) argv.insert(argv.end(), {std::string("--") + name, o.str(name)});
  for (const char* name : {"quick", "dry-run"})
    if (o.on(name)) argv.push_back(std::string("--") + name);
  return run_and_wait(argv);
}

const sieve::cli::Registration registration(
    "bench", "run the side-by-side benchmark (vs PyTorch, XGBoost, ONNX Runtime); write bench/report.md", run);

} // namespace
