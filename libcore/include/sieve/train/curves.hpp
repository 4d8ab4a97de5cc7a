#pragma once
// Per-member loss curves and the LR schedule, as CSV and PNG plots, for people who would
// rather look than read.
#include "sieve/train/member_trainer.hpp"

#include <string>
#include <vector>

namespace sieve::train {

// Writes DIR/curves.csv (member, sub_epoch, train_loss, validation_loss, lr),
// DIR/losses.png and DIR/schedule.png. Creates DIR.
void write_curves(const std::string& dir, const std::vector<MemberResult>& members);

} // namespace sieve::train
