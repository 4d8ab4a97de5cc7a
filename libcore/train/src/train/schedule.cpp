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
  }
  return "unknown";
}

ScheduleKind parse_schedule(const std::string& name) {
  if (name == "onecycle") return ScheduleKind::OneCycle;
  if (name == "constant") return ScheduleKind::Constant;
  if (name == "cosine-restarts") return ScheduleKind::CosineRestarts;
  throw ConfigError("unknown schedule '" + name + "' (known: onecycle, constant, cosine-restarts)");
}

namespace {
// Cosine interpolation from a (t = 0) to b (t = 1).
double cosine(double a, double b, double t) { return b + (a - b) * (1.0 + std::cos(std::numbers::pi * t)) / 2.0; }
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
  }
  return {c.constant_lr, c.beta1};
}

} // namespace sieve::train
