#pragma once
// Rasterising a LinePlot (internal to libcore).
#include "canvas.hpp"
#include "sieve/plot/line_plot.hpp"

namespace sieve::plot::detail {

// Throws ConfigError (without a file name) for an unusable plot or size.
Canvas render(const LinePlot& plot, int width, int height);

} // namespace sieve::plot::detail
