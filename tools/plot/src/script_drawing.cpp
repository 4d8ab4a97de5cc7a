#include "sieve/plot/script_drawing.hpp"

#include "sieve/cluster/command.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace sieve::plot {
namespace {

namespace fs = std::filesystem;

// A script of tools/plot/: installed beside the package's data (bin/../share/sieve/plot),
// else in the source tree this `sieve` was built from.
fs::path script_path(const std::string& script) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / SIEVE_INSTALL_DATADIR / "sieve/plot" / script;
    if (fs::exists(installed, ec)) return installed;
  }
  return fs::path(SIEVE_SOURCE_DIR) / "tools/plot" / script;
}

// Debian's python3 (where python3-matplotlib is), or $SIEVE_PYTHON.
std::string python() {
  const char* chosen = std::getenv("SIEVE_PYTHON");
  return chosen && *chosen ? chosen : "/usr/bin/python3";
}

} // namespace

void draw_with_script(const std::string& script, const std::string& spec_json, const std::string& path) {
  const auto fail = [&](const std::string& why) { return ConfigError("cannot write plot '" + path + "': " + why); };
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw fail("its directory " + dir.string() + " does not exist");
  // The description and the drawing go to temporary names beside the target.
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp";
  name += std::to_string(::getpid());
  const std::string stem = (dir / name).string();
  const std::string json = stem + ".json", png = stem + ".png";
  try {
    io::write_file_atomically(json, spec_json);
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
  const std::string program = script_path(script).string();
  const cluster::CommandOutput drawn = cluster::run_command({python(), program, json, png});
  fs::remove(json, ec);
  if (drawn.status != 0) {
    fs::remove(png, ec);
    if (drawn.status == -1 || drawn.status == 127)  // 127: the shell found no such program
      throw fail(python() + " does not run (apt-get install python3-matplotlib)");
    std::string why = drawn.output;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    throw fail(why.empty() ? python() + " " + program + " failed" : why);
  }
  fs::rename(png, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(png, ec);
    throw fail("cannot rename the drawing into place: " + why);
  }
}

} // namespace sieve::plot
