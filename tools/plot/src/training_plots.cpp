#include "sieve/plot/training_plots.hpp"

#include "sieve/error.hpp"
#include "sieve/plot/line_plot.hpp"

#include <algorithm>
#include <cstdio>

namespace sieve::plot {
namespace {

void draw(const LinePlot& plot, const std::string& path, const std::string& csv) {
  try {
    write_png(plot, path);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "warning: %s (its data is in %s)\n", e.what(), csv.c_str());
  }
}

} // namespace

void plot_curves(const std::string& dir, const std::vector<train::MemberResult>& members) {
  LinePlot losses, schedule;
  losses.title = "Validation loss per member";
  losses.x_label = "sub-epoch";
  losses.y_label = "weighted BCE";
  losses.y_scale = Scale::Log10;
  schedule.title = "Learning rate";
  schedule.x_label = "sub-epoch";
  schedule.y_label = "LR at the end of the sub-epoch";
  for (const train::MemberResult& m : members) {
    std::vector<double> x, y, lr;
    for (const train::SubEpochRecord& r : m.history) {
      x.push_back(r.sub_epoch + 1);
      y.push_back(r.validation_loss);
      lr.push_back(r.lr);
    }
    losses.add_series("member " + std::to_string(m.member), x, y);
    if (&m == &members.front()) schedule.add_series("", x, lr);
  }
  draw(losses, dir + "/losses.png", dir + "/curves.csv");
  draw(schedule, dir + "/schedule.png", dir + "/curves.csv");
}

void plot_lr_finder(const std::string& dir, const train::LrFinderResult& r, int batch_size) {
  LinePlot p;
  p.title = "LR range test: " + std::to_string(r.folds.size()) + " folds, batch " + std::to_string(batch_size);
  p.x_label = "learning rate";
  p.y_label = "training loss (weighted BCE per batch)";
  p.x_scale = Scale::Log10;
  const Colour grey{185, 185, 185};
  for (std::size_t f = 0; f < r.folds.size(); ++f) {
    std::vector<double> x, y;
    for (const auto& [lr, loss] : r.folds[f]) {
      x.push_back(lr);
      y.push_back(loss);
    }
    p.series.push_back({f == 0 ? "single folds" : "", x, y, grey, false});
  }
  p.series.push_back({"mean over folds", r.mean.lr, r.mean.mean_loss, palette_colour(0), false});
  p.series.push_back({"smoothed mean", r.mean.lr, r.smoothed, palette_colour(4), false});
  p.markers.push_back({r.suggestion.lr_min, "suggested min LR", palette_colour(2)});
  p.markers.push_back({r.suggestion.lr_max, "suggested max LR", palette_colour(1)});
  p.markers.push_back({r.suggestion.lr_at_minimum, "smoothed minimum", palette_colour(6)});
  // Keep the divergence (up to 100x the best loss) from flattening the interesting part.
  if (!r.mean.mean_loss.empty()) {
    const double first = r.mean.mean_loss.front();
    const double top = *std::max_element(r.mean.mean_loss.begin(), r.mean.mean_loss.end());
    if (top > 1.5 * first) p.y_max = 1.5 * first;
    p.y_min = 0.0;
  }
  draw(p, dir + "/lr_find.png", dir + "/lr_find.csv");
}

} // namespace sieve::plot
