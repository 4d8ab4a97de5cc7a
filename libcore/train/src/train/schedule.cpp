#include "sieve/train/schedule.hpp"

#include "sieve/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sieve::train {

std::string to_string(ScheduleKind k) {
  switch (k) {
  case ScheduleKind::OneCycle: return "onecycle";
  case ScheduleKind::Constant: return "constant";
  case ScheduleKind::CosineRestarts: return "cosine-restarts";
  case ScheduleKind::FgeCycles: return "fge";
  }
  return "unknown";
}

ScheduleKind parse_schedule(const std::string& name) {
  if (name == "onecycle") return ScheduleKind::OneCycle;
  if (name == "constant") return ScheduleKind::Constant;
  if (name == "cosine-restarts") return ScheduleKind::CosineRestarts;
  if (name == "fge") return ScheduleKind::FgeCycles;
  throw ConfigError("unknown schedule '" + name + "' (known: onecycle, constant, cosine-restarts, fge)");
}

namespace {
// Cosine interpolation from a (t = 0) to b (t = 1).
double cosine(double a, double b, double t) { return b + (a - b) * (1.0 + std::cos(std::numbers::pi * t)) / 2.0; }
// The sub-epochs of an fge run's 1cycle pre-training.
int fge_pretraining(int sub_epochs) { return sub_epochs / 2; }
} // namespace

ScheduleValue schedule_at(const ScheduleConfig& c, std::int64_t step, std::int64_t per, int sub_epochs) {
  const auto s = static_cast<double>(step);
  switch (c.kind) {
  case ScheduleKind::Constant: return {c.constant_lr, c.beta1};
  case ScheduleKind::OneCycle: {
    const double total = static_cast<double>(per) * sub_epochs;
    const double warm = std::round(c.warmup_fraction * sub_epochs) * static_cast<double>(per);
    const double anneal = total - warm;
    if (s < warm) {
      const double t = s / warm;
      return {cosine(c.lr_low, c.lr_high, t),
              c.cycle_beta1 ? cosine(c.beta1_high, c.beta1_low, t) : c.beta1};
    }
    const double t = std::min(1.0, (s - warm) / anneal);
    return {cosine(c.lr_high, 0.0, t), c.cycle_beta1 ? cosine(c.beta1_low, c.beta1_high, t) : c.beta1};
  }
  case ScheduleKind::CosineRestarts: {
    double length = static_cast<double>(c.restart_sub_epochs * per), start = 0.0;
    while (s >= start + length) { start += length; length *= 2.0; }
    return {cosine(c.lr_high, 0.0, (s - start) / length), c.beta1};
  }
  case ScheduleKind::FgeCycles: {
    const int pre = fge_pretraining(sub_epochs);
    if (s < static_cast<double>(pre) * static_cast<double>(per)) {
      ScheduleConfig one = c;
      one.kind = ScheduleKind::OneCycle;
      return schedule_at(one, step, per, pre);
    }
    const double length = static_cast<double>(c.fge_cycle_sub_epochs) * static_cast<double>(per);
    const double t = std::fmod(s - static_cast<double>(pre) * static_cast<double>(per), length) / length;
    const double down = t < 0.5 ? 2.0 * t : 2.0 - 2.0 * t;  // 0 at the cycle's ends, 1 in its middle
    return {c.lr_high + (c.lr_low - c.lr_high) * down, c.beta1};
  }
  }
  return {c.constant_lr, c.beta1};
}

std::vector<int> cycle_minima(const ScheduleConfig& c, int sub_epochs) {
  std::vector<int> out;
  if (c.kind == ScheduleKind::CosineRestarts && c.restart_sub_epochs > 0) {
    long long end = 0, length = c.restart_sub_epochs;
    while (end + length <= sub_epochs) {
      end += length;
      out.push_back(static_cast<int>(end - 1));
      length *= 2;
    }
  } else if (c.kind == ScheduleKind::FgeCycles && c.fge_cycle_sub_epochs >= 2) {
    for (long long start = fge_pretraining(sub_epochs); start + c.fge_cycle_sub_epochs <= sub_epochs;
         start += c.fge_cycle_sub_epochs)
      out.push_back(static_cast<int>(start + c.fge_cycle_sub_epochs / 2 - 1));
  }
  return out;
}

} // namespace sieve::train
