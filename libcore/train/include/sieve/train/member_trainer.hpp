#pragma once
// Trains one ensemble member (method spec section 3.4): member m validates on fold
// m % folds and trains on the others, in an order shuffled once per member, events
// reshuffled every pass; after every sub-epoch the weighted BCE on the (once-augmented)
// validation fold decides whether the weights are the best so far. The result depends
// only on the data, the recipe and m: never on other members or threads.
#include "sieve/nn/workspace.hpp"
#include "sieve/train/adam.hpp"
#include "sieve/train/training_data.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace sieve::train {

class CheckpointStore;

struct SubEpochRecord {
  int sub_epoch;
  double train_loss, validation_loss, lr;
};

// A member's state at a cycle minimum of its schedule (RecipeConfig::snapshots).
struct Snapshot {
  int sub_epoch = -1;
  double validation_loss = 0.0;
  std::vector<float> params;
  bool operator==(const Snapshot&) const = default;
};

struct MemberResult {
  int member = 0;
  std::vector<float> params;  // the best (or SWA) state
  double best_loss = 0.0;
  int best_sub_epoch = -1;
  std::vector<SubEpochRecord> history;
  std::vector<Snapshot> snapshots;  // with RecipeConfig::snapshots: the ensemble's states, in order
};

struct ProgressEvent {
  int member, sub_epoch, sub_epochs;
  double train_loss, validation_loss, best_loss, lr;
};
using ProgressFn = std::function<void(const ProgressEvent&)>;

// The optimiser state of one network and its scratch: one training step allocates nothing.
class NetworkTrainer {
public:
  NetworkTrainer(const TrainingData& data, const RecipeConfig& config, std::uint64_t init_key);
  // Load `rows` (augmented when a key is given), forward, backward, one Adam step.
  // Returns the batch's weighted BCE (mean over the batch).
  double step(std::span<const std::uint32_t> rows, std::optional<std::uint64_t> augment_key,
              double lr, double beta1);
  // Mean weighted BCE of precomputed standardised inputs (row-major, n_inputs per event)
  // and codes (row-major, one per embedding table per event).
  double loss(std::span<const float> inputs, std::span<const std::uint8_t> codes,
              std::span<const float> targets, std::span<const float> weights);
  std::span<float> params() { return params_; }
  Adam& optimiser() { return adam_; }

private:
  const TrainingData& data_;
  const RecipeConfig& config_;
  std::vector<float> params_, grads_, targets_, weights_;
  Adam adam_;
  nn::Workspace ws_;
};

// With `checkpoints`, the member's whole state is saved there at the end of every
// sub-epoch, and a member the store resumed goes on from its checkpoint (its restored
// sub-epochs are reported to `progress` again) to the very result of an uninterrupted run.
MemberResult train_member(const TrainingData& data, const RecipeConfig& config, int member,
                          const ProgressFn& progress = {}, const CheckpointStore* checkpoints = nullptr);

// The LR range test on one fold (method spec 3.3): a fresh model, one pass over `fold`,
// LR growing exponentially from lr_min to lr_max; stops at NaN or at 100x the best loss.
// Returns (lr, loss) per step.
std::vector<std::pair<double, double>> lr_range_pass(const TrainingData& data, const RecipeConfig& config,
                                                     int fold, double lr_min, double lr_max);

} // namespace sieve::train
