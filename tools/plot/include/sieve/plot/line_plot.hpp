#pragma once
// Line plots for the diagnostics of the command-line tools (LR range test, loss curves,
// the schedule): a plot is described here and drawn by matplotlib (Debian's
// python3-matplotlib, through tools/plot/line_plot.py), which gives the axes, ticks,
// labels and legend people know.
#include <optional>
#include <string>
#include <vector>

#include "sieve/plot/colour.hpp"
#include "sieve/plot/scale.hpp"

namespace sieve::plot {

struct Series {
  std::string name; // legend entry; empty keeps the series out of the legend
  std::vector<double> x;
  std::vector<double> y; // same size as x
  Colour colour;
  bool points = false; // also mark every point with a small square
};

// A dashed vertical line across the plot, e.g. the ends of a suggested LR range.
struct VerticalMarker {
  double x = 0.0;
  std::string label; // legend entry; empty keeps the marker out of the legend
  Colour colour;
};

// Points with a NaN or infinite coordinate, or a coordinate <= 0 on a log axis, are
// skipped: the line breaks there. Axis limits left unset follow the data (and markers),
// with a small margin.
struct LinePlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  Scale x_scale = Scale::Linear;
  Scale y_scale = Scale::Linear;
  std::optional<double> x_min;
  std::optional<double> x_max;
  std::optional<double> y_min;
  std::optional<double> y_max;
  std::vector<Series> series;
  std::vector<VerticalMarker> markers;
  bool legend = true; // placed in the corner of the plot area that hides the least data

  // Append a series / marker coloured with the next palette colour (series and markers
  // share the cycle); the reference stays valid until the next append.
  Series& add_series(std::string name, std::vector<double> x, std::vector<double> y);
  VerticalMarker& add_marker(double x, std::string label = {});
};

// Draws `plot` as a PNG of width x height pixels (at least 200 x 150) into `path`, through
// a temporary file in the same directory that is renamed at the end, so readers never see
// a partial file. Throws ConfigError naming the path when the file cannot be written, the
// size is too small, a series' x and y differ in size, an axis limit is unusable (e.g.
// <= 0 on a log axis), or python3 with matplotlib is not there to draw it (Debian's
// /usr/bin/python3, or the interpreter that $SIEVE_PYTHON names).
void write_png(const LinePlot& plot, const std::string& path, int width = 800, int height = 500);

} // namespace sieve::plot
