#pragma once
// The scoring runtime. A Scorer is built once from a shared, immutable model and a list of
// systematic variations; it is const, holds no mutable state and starts no threads, so
// any number of threads may call it at once, each with its own ScorerWorkspace.
//
// Batch first: a call scores a block of events. Per event it stacks (variations x TTA
// copies) input rows, runs every member over the whole block (a few GEMMs per member), and
// reduces in a fixed order: the TTA mean per member, then the ensemble's weighted mean.
// The 8 TTA copies differ only by sign flips of momentum inputs, and the scorer exploits
// that: the head's contribution to every layer is computed once per event and variation
// (nn/tta_network.hpp), only the hidden layers' inputs per copy.
// A single event is a batch of one; after the workspace exists no call allocates.
#include "sieve/aligned.hpp"
#include "sieve/ensemble/model.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/nn/precision.hpp"
#include "sieve/nn/tta_network.hpp"
#include "sieve/nn/workspace.hpp"
#include "sieve/physics/recomputation.hpp"
#include "sieve/physics/variation.hpp"
#include "sieve/score/input_binding.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace sieve::score {

struct ScorerOptions {
  std::vector<physics::Variation> variations;  // empty: nominal only
  bool tta = true;             // the 8 symmetry copies (when the model was made for them)
  std::uint64_t soft_met_seed = 31415;  // keys the soft-MET draws with (event id, variation)
  // float32: the reference. bf16 (opt-in, nn/precision.hpp): faster, scores differ from
  // float32's by about 1e-3; needs the TTA copies and a CPU with AMX-BF16.
  nn::Precision precision = nn::Precision::Float32;
};

class ScorerWorkspace;

class alignas(kAlignment) Scorer {
public:
  explicit Scorer(std::shared_ptr<const ensemble::Model> model, ScorerOptions options = {});

  const ensemble::Model& model() const { return *model_; }
  const std::vector<physics::Variation>& variations() const { return variations_; }
  int copies() const { return copies_; }
  nn::Precision precision() const { return precision_; }

  // Scores n events given as rows of the caller's layout (n x binding.width() floats;
  // the schema's sentinels or NaN = missing), keyed by their event ids for the soft-MET
  // draws. The binding must bind the columns the variations substitute. Writes
  // scores[e * V + v] for event e and variation v and, when `spread` is not empty, the
  // standard deviation over the TTA copies of the ensemble's prediction in the same
  // layout. Throws InputError naming the event and column of a value it cannot score
  // (an infinite value, a categorical value without a code).
  void score(ScorerWorkspace& ws, const InputBinding& binding, std::span<const float> rows,
             std::span<const std::int64_t> event_ids, std::span<float> scores,
             std::span<float> spread = {}) const;

  // Nominal scores of events already in the model's feature space (training and
  // evaluation on an EventMatrix). Needs a nominal-only scorer.
  void score_features(ScorerWorkspace& ws, const features::EventMatrix& events,
                      std::span<const std::uint32_t> rows, std::span<float> scores) const;

private:
  friend class ScorerWorkspace;
  void run_block(ScorerWorkspace& ws, int events, std::span<float> scores, std::span<float> spread) const;
  std::shared_ptr<const ensemble::Model> model_;
  std::vector<nn::TtaNetwork> tta_members_;  // with TTA: members arranged for grouped copies
  AlignedVector<double> member_weights_;     // the members' ensemble weights
  std::vector<physics::Variation> variations_;
  std::optional<physics::Recomputation> recompute_;  // when a variation moves objects
  std::vector<std::vector<std::uint32_t>> substituted_;  // per variation: raw columns it substitutes
  int copies_;
  std::uint64_t seed_;
  nn::Precision precision_;
};

// Caller-owned scratch of one thread (CMSSW stream, Gaudi slot) for blocks of up to
// max_events events. Its memory does not grow with max_events beyond a pass of about
// 2,048 network rows: larger blocks are scored in passes.
//
// Weights::Own gives the workspace its own copy of the members' arranged weights (with
// TTA; TtaNetwork::bytes() each, about 2 MB for the recipe's 10 members), which its calls
// then read instead of the scorer's: one event at a time streams every member's weights
// through the core's L2 cache, and two cores reading one copy scored 10-17% slower per
// event than with a copy each (sieve-micro BM_ScoreOneEventStreams). Blocks reuse each
// member's weights over their events and gain nothing. Scores are the same bits either way.
class alignas(kAlignment) ScorerWorkspace {
public:
  enum class Weights { Shared, Own };
  ScorerWorkspace(const Scorer& scorer, int max_events, Weights weights = Weights::Shared);
  int max_events() const { return max_events_; }
  // A call scores its events in passes of this many, counted from its first event. The
  // network kernels are free to round an event differently by its place in a pass (the
  // tests allow 1e-6 between an event alone and in a batch), so callers that need scores
  // independent of how they cut their input into calls (the file scorer) cut it at
  // multiples of this.
  int events_per_pass() const { return events_per_pass_; }
  std::size_t bytes() const;

private:
  friend class Scorer;
  int max_events_, events_per_pass_;
  nn::Workspace network_;                   // without TTA
  std::unique_ptr<nn::TtaWorkspace> tta_;   // with TTA
  std::vector<nn::TtaNetwork> own_members_;  // Weights::Own: a copy of the scorer's tta_members_
  AlignedVector<double> sums_, copy_sums_;
  AlignedVector<float> features_;          // per row: physical features before TTA
  AlignedVector<std::uint8_t> codes_;
  AlignedVector<float> raw_, varied_;      // one event's raw columns, as read and varied
  AlignedVector<int> substitutes_;         // per call: caller columns of the substitutions
};

// The nominal scores of events of a model (convenience over Scorer::score_features).
void score_events(const ensemble::Model& model, const features::EventMatrix& events,
                  std::span<const std::uint32_t> rows, std::span<float> scores);

} // namespace sieve::score
