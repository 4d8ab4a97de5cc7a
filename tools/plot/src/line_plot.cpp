#include "sieve/plot/line_plot.hpp"

#include "sieve/plot/script_drawing.hpp"

#include "sieve/error.hpp"
#include "sieve/io/json.hpp"

#include <cmath>
#include <sstream>
#include <utility>

namespace sieve::plot {
namespace {

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
  draw_with_script("line_plot.py", spec(plot, width, height), path);
}

} // namespace sieve::plot
