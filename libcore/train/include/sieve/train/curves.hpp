#pragma once
// Per-member loss curves and the LR schedule as CSV (`sieve train --curves` also plots
// them: tools/plot/training_plots.hpp).
#include "sieve/train/member_trainer.hpp"

#include <string>
#include <vector>

namespace sieve::train {

// Writes DIR/curves.csv (member, sub_epoch, train_loss, validation_loss, lr). Creates DIR.
void write_curves(const std::string& dir, const std::vector<MemberResult>& members);

} // namespace sieve::train
