#pragma once
// Checkpoints of a training run, so that an interrupted `sieve train` (a killed job, a
// node lost, a signal) finishes with --resume instead of starting again, and writes the
// model file it would have written uninterrupted, byte for byte.
//
// At the end of every sub-epoch a member writes its whole state (MemberCheckpoint: the
// current weights, Adam's moments, step count and bias correction, the best weights and
// loss so far, the history, the SWA average, the sub-epochs done) to DIR/member-<m>.ckpt,
// through a temporary file renamed over the previous checkpoint. Every random draw of
// training is keyed by (seed, member, sub-epoch, event) and the schedule by the step
// count, so a member restored at a sub-epoch boundary goes on exactly as it would have.
//
// A checkpoint file is
//   SIEVE-CHECKPOINT <format version>\n
//   crc32 <8 hex digits> bytes <payload size>\n
//   <payload: binary, little-endian>
// and the payload starts with what it is valid for (CheckpointIdentity: the recipe's
// describe() text with its seed, the training rows' count and checksum, the library
// version). Resuming with other data, options, seed or library is refused with a
// ConfigError naming the difference; a corrupt or truncated file is a ConfigError too.
#include "sieve/data/table.hpp"
#include "sieve/train/member_trainer.hpp"
#include "sieve/train/recipe_config.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sieve::train {

inline constexpr std::string_view kCheckpointMagic = "SIEVE-CHECKPOINT";
inline constexpr int kCheckpointVersion = 2;  // 2: the member's snapshots

// What a checkpoint belongs to: a resume must match it exactly.
struct CheckpointIdentity {
  std::string recipe;           // RecipeConfig::describe(), seed included
  std::uint64_t seed = 0;
  std::uint64_t data_rows = 0;  // the rows trained on (the training set's)
  std::uint32_t data_crc32 = 0; // data_checksum() of those rows
  std::string library_version;
  bool operator==(const CheckpointIdentity&) const = default;
};

// The identity of training `config` on `rows` (the recipe's rows, see recipe_rows).
CheckpointIdentity checkpoint_identity(const data::Table& rows, const RecipeConfig& config);

// One member's state after `sub_epochs_done` sub-epochs.
struct MemberCheckpoint {
  int member = 0;
  int sub_epochs_done = 0;
  std::int64_t steps = 0;          // optimiser steps taken (the schedule's position)
  std::vector<float> params;       // the current weights
  std::vector<float> adam_m, adam_v;
  std::int64_t adam_t = 0;
  double adam_beta2_power = 1.0;
  MemberResult result;             // best (or SWA) weights, loss, sub-epoch, history so far
  std::vector<double> swa;         // running SWA average (empty before SWA starts)
  int swa_count = 0;
  bool operator==(const MemberCheckpoint&) const;
};

std::string serialise_checkpoint(const CheckpointIdentity& identity, const MemberCheckpoint& state);
// `source` names the content in messages.
MemberCheckpoint parse_checkpoint(std::string_view content, const std::string& source,
                                  CheckpointIdentity* identity = nullptr);

// Where `sieve train --out MODEL` keeps its checkpoints by default: MODEL.checkpoints.
std::string default_checkpoint_dir(const std::string& model_path);

// The checkpoint directory of one run. Thread-safe: members save from their own tasks.
class CheckpointStore {
public:
  // resume = false: a new run. The directory is created; if it already holds checkpoints
  // (an interrupted run), ConfigError says to resume or to remove it. resume = true: every
  // checkpoint in the directory is read and checked now (checksum, identity, member
  // numbers), so that a mismatch is refused before any training; members without a
  // checkpoint start from the beginning. Temporary files left by a killed writer are
  // removed.
  CheckpointStore(std::string dir, CheckpointIdentity identity, bool resume);

  const std::string& dir() const { return dir_; }
  std::string path(int member) const;
  // The checkpoint of `member` found when resuming (null when none).
  const MemberCheckpoint* resumed(int member) const;
  std::size_t resumed_count() const { return resumed_.size(); }
  // Writes the member's checkpoint atomically (temporary file, then rename).
  void save(const MemberCheckpoint& state) const;

private:
  std::string dir_;
  CheckpointIdentity identity_;
  std::vector<MemberCheckpoint> resumed_;
};

// Removes the checkpoints of `dir` (member-*.ckpt and temporary files), then `dir` itself
// if it is empty; after a model was written. A missing directory is not an error.
void remove_checkpoints(const std::string& dir);

// How train_recipe checkpoints: no checkpoints when `dir` is empty.
struct CheckpointOptions {
  std::string dir;
  bool resume = false;
};

} // namespace sieve::train
