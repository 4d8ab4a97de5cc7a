#pragma once
// Nominal scores of many events on TBB tasks, for the standalone tools: the rows are cut
// into fixed blocks, each block is scored by one task with the workspace of its thread,
// and every score is written at its row's index, so the result is bit-identical for any
// number of threads.
#include "sieve/features/event_matrix.hpp"
#include "sieve/score/scorer.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sieve::score {

struct ParallelScoring {
  int threads = 0;             // 0: every core
  int block_events = 1024;     // events per task (and per workspace)
};

// scores[i] is the score of events row rows[i]. `scorer` must be nominal-only.
std::vector<float> score_in_parallel(const Scorer& scorer, const features::EventMatrix& events,
                                     std::span<const std::uint32_t> rows, const ParallelScoring& options = {});

// Every row of `events`, in order.
std::vector<float> score_in_parallel(const Scorer& scorer, const features::EventMatrix& events,
                                     const ParallelScoring& options = {});

} // namespace sieve::score
