#pragma once
// Memory figures of a loaded model for users sizing a deployment: what the shared,
// immutable model keeps resident, and what one caller-owned workspace costs per thread.
#include "sieve/score/scorer.hpp"

#include <cstddef>

namespace sieve::score {

struct Footprint {
  std::size_t parameter_bytes = 0;  // every member's float parameters
  std::size_t pipeline_bytes = 0;   // standardisation constants, category map, column names
  std::size_t model_bytes = 0;      // the sum of the two
  int workspace_events = 0;
  std::size_t workspace_bytes = 0;  // ScorerWorkspace(scorer, workspace_events).bytes()
};

Footprint footprint(const Scorer& scorer, int workspace_events = 1024);

} // namespace sieve::score
