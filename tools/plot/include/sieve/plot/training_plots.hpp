#pragma once
// The plots of training, beside the CSV files that hold their data (train/curves.hpp,
// train/lr_finder.hpp), for people who would rather look than read:
//   DIR/losses.png    validation loss per member against sub-epoch (log axis)
//   DIR/schedule.png  the learning rate at the end of each sub-epoch
//   DIR/lr_find.png   the LR range test: thin grey fold curves, their mean, the smoothed
//                     mean, and dashed markers at the suggested range and the minimum
// A plot that cannot be drawn (no matplotlib) is a warning on stderr naming the CSV that
// holds its data, never a failed training: the results do not depend on a plot.
#include "sieve/train/lr_finder.hpp"
#include "sieve/train/member_trainer.hpp"

#include <string>
#include <vector>

namespace sieve::plot {

void plot_curves(const std::string& dir, const std::vector<train::MemberResult>& members);
void plot_lr_finder(const std::string& dir, const train::LrFinderResult& result, int batch_size);

} // namespace sieve::plot
