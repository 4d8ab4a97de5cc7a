#include "sieve/train/lr_finder.hpp"

#include "sieve/error.hpp"
#include "sieve/io/atomic_file.hpp"
#include "sieve/train/member_trainer.hpp"
#include "sieve/train/recipe.hpp"
#include "sieve/tsan_handoff.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

namespace sieve::train {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Grid points and a fold's own LR values are computed differently (pow against repeated
// products); equal within this tolerance in log(LR).
constexpr double kLogTolerance = 1e-9;

// The fold's loss at `lr`, linear in log(LR) between its steps; NaN outside its range.
double interpolate(const LrCurve& curve, double lr) {
  if (curve.empty()) return kNaN;
  const double x = std::log(lr);
  const double first = std::log(curve.front().first), last = std::log(curve.back().first);
  if (x < first - kLogTolerance || x > last + kLogTolerance) return kNaN;
  if (x <= first) return curve.front().second;
  if (x >= last) return curve.back().second;
  const auto hi = std::lower_bound(curve.begin(), curve.end(), lr,
                                   [](const std::pair<double, double>& p, double v) { return p.first < v; });
  const auto lo = hi - 1;
  const double x0 = std::log(lo->first), x1 = std::log(hi->first);
  const double t = x1 > x0 ? (x - x0) / (x1 - x0) : 0.0;
  return lo->second + t * (hi->second - lo->second);
}
} // namespace

std::string lr_rule_description(int window) {
  return "smooth the mean loss with a centred moving average of " + std::to_string(window) +
         " points; find its minimum where every fold still contributes; suggested max LR = (LR at that minimum) / 10 "
         "(one order of magnitude before the loss stops falling), suggested min LR = max / 100 (the recipe's "
         "two-decade 1cycle span)";
}

std::vector<LrCurve> lr_range_test(const TrainingData& data, const RecipeConfig& config, double lr_min,
                                   double lr_max, int threads) {
  if (!(lr_min > 0.0 && lr_max > lr_min && std::isfinite(lr_max)))
    throw ConfigError("LR range test: need 0 < lr_min < lr_max, got lr_min " + std::to_string(lr_min) +
                      " and lr_max " + std::to_string(lr_max));
  std::vector<LrCurve> curves(data.folds.size());
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  const TbbHandoff handoff;  // for ThreadSanitizer (sieve/tsan_handoff.hpp)
  arena.execute([&] {
    // Each fold's pass depends only on (data, config, fold): the same curves for any
    // thread count.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, curves.size(), 1),
                      handoff.task([&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t f = r.begin(); f != r.end(); ++f)
                          curves[f] = lr_range_pass(data, config, static_cast<int>(f), lr_min, lr_max);
                      }),
                      tbb::simple_partitioner());
  });
  handoff.joined();
  return curves;
}

MeanLrCurve average_lr_curves(const std::vector<LrCurve>& folds, double lr_min, double lr_max, std::size_t steps) {
  if (!(lr_min > 0.0 && lr_max > lr_min))
    throw InputError("averaging LR curves: need 0 < lr_min < lr_max");
  MeanLrCurve out;
  out.per_fold.resize(folds.size());
  const double ratio = lr_max / lr_min;
  for (std::size_t k = 0; k < steps; ++k) {
    const double lr = lr_min * std::pow(ratio, static_cast<double>(k) / static_cast<double>(steps));
    double sum = 0.0;
    int n = 0;
    std::vector<double> values(folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) {
      values[f] = interpolate(folds[f], lr);
      if (!std::isnan(values[f])) {
        sum += values[f];
        ++n;
      }
    }
    if (n == 0) break;  // every fold stopped
    out.lr.push_back(lr);
    out.mean_loss.push_back(sum / n);
    out.folds.push_back(n);
    for (std::size_t f = 0; f < folds.size(); ++f) out.per_fold[f].push_back(values[f]);
  }
  return out;
}

std::vector<double> moving_average(std::span<const double> values, int window) {
  if (window < 1) throw InputError("moving average: the window must be at least 1 point, got " + std::to_string(window));
  const auto n = static_cast<std::ptrdiff_t>(values.size());
  const std::ptrdiff_t before = (window - 1) / 2, after = window / 2;
  std::vector<double> out(values.size(), kNaN);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    double sum = 0.0;
    int count = 0;
    for (std::ptrdiff_t j = std::max<std::ptrdiff_t>(0, i - before); j <= std::min(n - 1, i + after); ++j) {
      const double v = values[static_cast<std::size_t>(j)];
      if (std::isnan(v)) continue;
      sum += v;
      ++count;
    }
    if (count > 0) out[static_cast<std::size_t>(i)] = sum / count;
  }
  return out;
}

LrSuggestion suggest_lr_range(std::span<const double> lr, std::span<const double> loss, std::span<const int> folds,
                              int window) {
  if (lr.empty() || lr.size() != loss.size() || (!folds.empty() && folds.size() != lr.size()))
    throw InputError("LR suggestion: " + std::to_string(lr.size()) + " learning rates, " +
                     std::to_string(loss.size()) + " losses and " + std::to_string(folds.size()) +
                     " fold counts; expected equal, non-zero sizes");
  const std::vector<double> smooth = moving_average(loss, window);
  const int all = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end());
  LrSuggestion s;
  bool found = false;
  std::size_t last_searched = 0;
  for (std::size_t k = 0; k < lr.size(); ++k) {
    if (!folds.empty() && folds[k] != all) continue;
    if (std::isnan(smooth[k])) continue;
    last_searched = k;
    if (!found || smooth[k] < s.smoothed_minimum) {
      s.index = k;
      s.smoothed_minimum = smooth[k];
      found = true;
    }
  }
  if (!found) throw InputError("LR suggestion: the curve has no finite loss");
  s.lr_at_minimum = lr[s.index];
  s.lr_max = s.lr_at_minimum / 10.0;
  s.lr_min = s.lr_max / 100.0;
  s.minimum_at_end = s.index == last_searched;
  return s;
}

LrFinderResult find_lr(const data::Table& table, const RecipeConfig& config, const LrFinderOptions& options) {
  data::Table storage;
  const data::Table& train = recipe_rows(table, storage);
  const TrainingData data = prepare_training_data(train, config);
  const RecipeConfig fitted = fitted_config(config, data);
  LrFinderResult r;
  r.steps_per_fold = std::numeric_limits<std::size_t>::max();
  for (const auto& fold : data.folds)
    r.steps_per_fold = std::min(r.steps_per_fold, fold.size() / static_cast<std::size_t>(config.batch_size));
  const auto start = std::chrono::steady_clock::now();
  r.folds = lr_range_test(data, fitted, options.lr_min, options.lr_max, options.threads);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.mean = average_lr_curves(r.folds, options.lr_min, options.lr_max, r.steps_per_fold);
  if (r.mean.lr.empty())
    throw InputError("LR range test: every fold stopped at its first step (a NaN loss at LR " +
                     std::to_string(options.lr_min) + ")");
  r.smoothed = moving_average(r.mean.mean_loss, options.smoothing_window);
  r.suggestion = suggest_lr_range(r.mean.lr, r.mean.mean_loss, r.mean.folds, options.smoothing_window);
  return r;
}

void write_lr_finder(const std::string& dir, const LrFinderResult& r) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("cannot create " + dir + ": " + ec.message());
  std::ostringstream csv;
  csv.precision(9);
  csv << "lr,mean_loss,smoothed_loss,folds";
  for (std::size_t f = 0; f < r.mean.per_fold.size(); ++f) csv << ",fold_" << f;
  csv << '\n';
  for (std::size_t k = 0; k < r.mean.lr.size(); ++k) {
    csv << r.mean.lr[k] << ',' << r.mean.mean_loss[k] << ',' << r.smoothed[k] << ',' << r.mean.folds[k];
    for (const auto& fold : r.mean.per_fold) {
      csv << ',';
      if (!std::isnan(fold[k])) csv << fold[k];
    }
    csv << '\n';
  }
  io::write_file_atomically(dir + "/lr_find.csv", csv.str());
}

} // namespace sieve::train
