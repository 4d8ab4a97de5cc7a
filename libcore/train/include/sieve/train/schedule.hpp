#pragma once
// Learning-rate (and optionally beta1) schedules, set before every optimiser step.
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::train {

enum class ScheduleKind : std::uint8_t { OneCycle = 0, Constant = 1, CosineRestarts = 2, FgeCycles = 3 };
std::string to_string(ScheduleKind k);
ScheduleKind parse_schedule(const std::string& name);  // onecycle, constant, cosine-restarts, fge

struct ScheduleConfig {
  ScheduleKind kind = ScheduleKind::OneCycle;
  // 1cycle (LUMIN's OneCycle, cosine interpolation): warm-up from lr_low to lr_high over
  // the first warmup_fraction of all steps, then annealing from lr_high to 0 over the
  // rest. The recipe's (45, 90) sub-epochs of 135 is a third.
  double lr_low = 1e-4, lr_high = 1e-2;
  double warmup_fraction = 1.0 / 3.0;
  // beta1 cycling 0.95 -> 0.85 -> 0.95. Off by default: the published models were trained
  // with beta1 fixed at 0.9 (LUMIN's set_mom never reached the optimiser before v0.7.2).
  bool cycle_beta1 = false;
  double beta1 = 0.9, beta1_high = 0.95, beta1_low = 0.85;
  // Constant schedule (the ReLU baseline used 2e-3).
  double constant_lr = 2e-3;
  // Cosine annealing with warm restarts: first cycle length, doubling each restart.
  int restart_sub_epochs = 9;
  // Fast geometric ensembles (Garipov et al. 2018): the first half of the run is a 1cycle
  // (pre-training), then cycles of fge_cycle_sub_epochs (even) sub-epochs whose LR falls
  // linearly from lr_high to lr_low over the first half and rises back over the second.
  int fge_cycle_sub_epochs = 4;
  bool operator==(const ScheduleConfig&) const = default;
};

struct ScheduleValue {
  double lr, beta1;
};

// The value at optimiser step `step` (0-based) of a run of `sub_epochs` sub-epochs with
// `steps_per_sub_epoch` steps each.
ScheduleValue schedule_at(const ScheduleConfig& c, std::int64_t step, std::int64_t steps_per_sub_epoch,
                          int sub_epochs);

// The sub-epochs (0-based, ascending) at whose end a cyclical schedule reaches the bottom
// of a cycle: where snapshot ensembles (cosine-restarts: the end of every completed cycle)
// and fast geometric ensembles (fge: the middle of every cycle after the pre-training)
// take their members. Empty for the other schedules.
std::vector<int> cycle_minima(const ScheduleConfig& c, int sub_epochs);

} // namespace sieve::train
