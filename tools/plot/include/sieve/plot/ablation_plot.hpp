#pragma once
// The technique table as a picture: AUC and AMS with their spread, and the training and
// test time, row by row (what `sieve ablate` writes beside its tables).
#include "sieve/train/ablation.hpp"

#include <string>

namespace sieve::plot {

// Draws the rows that have results into a PNG at `path` (tools/plot/ablation_plot.py).
// Throws ConfigError as draw_with_script does.
void write_ablation_png(const train::AblationResult& result, const std::string& path);

} // namespace sieve::plot
