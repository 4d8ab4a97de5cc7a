#include "sieve/plot/line_plot.hpp"

#include <utility>

#include "png_file.hpp"
#include "render.hpp"
#include "sieve/error.hpp"

namespace sieve::plot {

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
  try {
    const detail::Canvas canvas = detail::render(plot, width, height);
    detail::write_rgb_png(path, canvas.width(), canvas.height(), canvas.rgb());
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    if (message.starts_with("cannot write plot")) throw;
    throw ConfigError("cannot write plot '" + path + "': " + message);
  }
}

} // namespace sieve::plot
