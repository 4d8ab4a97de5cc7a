#pragma once
// Batch scoring of events with a model: per event, the (TTA copies) input rows go
// through every member with one forward pass per member over the whole block; the TTA
// mean is taken first, then the ensemble's weighted mean, in a fixed order.
#include "sieve/ensemble/model.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/nn/workspace.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sieve::score {

// Caller-owned scratch for scoring up to max_events events per call.
class ScorerWorkspace {
public:
  ScorerWorkspace(const ensemble::Model& model, int max_events);
  int max_events() const { return max_events_; }
  std::size_t bytes() const;

private:
  friend void score_events(const ensemble::Model&, ScorerWorkspace&, const features::EventMatrix&,
                           std::span<const std::uint32_t>, std::span<float>);
  int max_events_, copies_;
  nn::Workspace network_;
  std::vector<double> sum_;
};

// Scores the given rows of `events` (physical features) into `out` (one per row), in
// blocks of the workspace's size. Allocates nothing.
void score_events(const ensemble::Model& model, ScorerWorkspace& ws, const features::EventMatrix& events,
                  std::span<const std::uint32_t> rows, std::span<float> out);

} // namespace sieve::score
