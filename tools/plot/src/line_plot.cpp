#include "sieve/plot/line_plot.hpp"

#include "sieve/cluster/command.hpp"
#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/io/json.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <utility>

namespace sieve::plot {
namespace {

namespace fs = std::filesystem;

// tools/plot/line_plot.py: installed beside the package's data (bin/../share/sieve/plot),
// else in the source tree this `sieve` was built from.
fs::path script() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / SIEVE_INSTALL_DATADIR / "sieve/plot/line_plot.py";
    if (fs::exists(installed, ec)) return installed;
  }
  return fs::path(SIEVE_SOURCE_DIR) / "tools/plot/line_plot.py";
}

// Debian's python3 (where python3-matplotlib is), or $SIEVE_PYTHON.
std::string python() {
  const char* chosen = std::getenv("SIEVE_PYTHON");
  return chosen && *chosen ? chosen : "/usr/bin/python3";
}

std::string hex(Colour c) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

std::string numbers(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += io::json_number(values[i]);
  }
  out += ']';
  return out;
}

std::string limit(const std::optional<double>& v) { return v ? io::json_number(*v) : "null"; }

// Limits that the axis can show: finite, positive on a log axis, min below max.
void check_axis(const char* axis, Scale scale, const std::optional<double>& lo, const std::optional<double>& hi) {
  for (const auto& v : {lo, hi})
    if (v && (!std::isfinite(*v) || (scale == Scale::Log10 && *v <= 0.0)))
      throw ConfigError(std::string("the ") + axis + " axis limit " + std::to_string(*v) + " is unusable" +
                        (scale == Scale::Log10 ? " on a log axis" : ""));
  if (lo && hi && !(*lo < *hi))
    throw ConfigError(std::string("the ") + axis + " axis minimum is not below its maximum");
}

std::string spec(const LinePlot& plot, int width, int height) {
  std::ostringstream j;
  j << "{\"width\":" << width << ",\"height\":" << height << ",\"title\":" << io::json_string(plot.title)
    << ",\"x_label\":" << io::json_string(plot.x_label) << ",\"y_label\":" << io::json_string(plot.y_label)
    << ",\"x_log\":" << (plot.x_scale == Scale::Log10 ? "true" : "false")
    << ",\"y_log\":" << (plot.y_scale == Scale::Log10 ? "true" : "false") << ",\"x_min\":" << limit(plot.x_min)
    << ",\"x_max\":" << limit(plot.x_max) << ",\"y_min\":" << limit(plot.y_min) << ",\"y_max\":" << limit(plot.y_max)
    << ",\"legend\":" << (plot.legend ? "true" : "false") << ",\"series\":[";
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const Series& s = plot.series[i];
    j << (i ? "," : "") << "{\"name\":" << io::json_string(s.name) << ",\"colour\":\"" << hex(s.colour)
      << "\",\"points\":" << (s.points ? "true" : "false") << ",\"x\":" << numbers(s.x) << ",\"y\":" << numbers(s.y)
      << "}";
  }
  j << "],\"markers\":[";
  for (std::size_t i = 0; i < plot.markers.size(); ++i) {
    const VerticalMarker& m = plot.markers[i];
    j << (i ? "," : "") << "{\"x\":" << io::json_number(m.x) << ",\"label\":" << io::json_string(m.label)
      << ",\"colour\":\"" << hex(m.colour) << "\"}";
  }
  j << "]}\n";
  return j.str();
}

} // namespace

Series& LinePlot::add_series(std::string name, std::vector<double> x, std::vector<double> y) {
  Series s;
  s.name = std::move(name);
  s.x = std::move(x);
  s.y = std::move(y);
  s.colour = palette_colour(series.size() + markers.size());
  series.push_back(std::move(s));
  return series.back();
}

VerticalMarker& LinePlot::add_marker(double x, std::string label) {
  VerticalMarker m;
  m.x = x;
  m.label = std::move(label);
  m.colour = palette_colour(series.size() + markers.size());
  markers.push_back(std::move(m));
  return markers.back();
}

void write_png(const LinePlot& plot, const std::string& path, int width, int height) {
  const auto fail = [&](const std::string& why) { return ConfigError("cannot write plot '" + path + "': " + why); };
  try {
    if (width < 200 || height < 150)
      throw ConfigError("the size " + std::to_string(width) + " x " + std::to_string(height) +
                        " is below the minimum of 200 x 150 pixels");
    for (const Series& s : plot.series)
      if (s.x.size() != s.y.size())
        throw ConfigError("series '" + s.name + "' has " + std::to_string(s.x.size()) + " x values and " +
                          std::to_string(s.y.size()) + " y values");
    check_axis("x", plot.x_scale, plot.x_min, plot.x_max);
    check_axis("y", plot.y_scale, plot.y_min, plot.y_max);
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
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
    io::write_file_atomically(json, spec(plot, width, height));
  } catch (const ConfigError& e) {
    throw fail(e.what());
  }
  const cluster::CommandOutput drawn = cluster::run_command({python(), script().string(), json, png});
  fs::remove(json, ec);
  if (drawn.status != 0) {
    fs::remove(png, ec);
    if (drawn.status == -1 || drawn.status == 127)  // 127: the shell found no such program
      throw fail(python() + " does not run (apt-get install python3-matplotlib)");
    std::string why = drawn.output;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    throw fail(why.empty() ? python() + " " + script().string() + " failed" : why);
  }
  fs::rename(png, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(png, ec);
    throw fail("cannot rename the drawing into place: " + why);
  }
}

} // namespace sieve::plot
