#include "sieve/score/parallel_scoring.hpp"

#include "sieve/error.hpp"
#include "sieve/tsan_handoff.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <numeric>
#include <optional>

namespace sieve::score {

std::vector<float> score_in_parallel(const Scorer& scorer, const features::EventMatrix& events,
                                     std::span<const std::uint32_t> rows, const ParallelScoring& options) {
  if (options.block_events < 1)
    throw ConfigError("parallel scoring needs blocks of at least 1 event, got " + std::to_string(options.block_events));
  std::vector<float> scores(rows.size());
  const auto block = static_cast<std::size_t>(options.block_events);
  const std::size_t blocks = (rows.size() + block - 1) / block;
  // One workspace per thread, made on the thread's first block.
  tbb::enumerable_thread_specific<std::optional<ScorerWorkspace>> workspaces;
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  const TbbHandoff handoff;  // for ThreadSanitizer (sieve/tsan_handoff.hpp)
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks),
                      handoff.task([&](const tbb::blocked_range<std::size_t>& r) {
      auto& ws = workspaces.local();
      if (!ws) ws.emplace(scorer, options.block_events);
      for (std::size_t b = r.begin(); b != r.end(); ++b) {
        // Block b is always rows [b * block, ...): what a score depends on never changes
        // with the thread count.
        const std::size_t start = b * block, n = std::min(block, rows.size() - start);
        scorer.score_features(*ws, events, rows.subspan(start, n), std::span(scores).subspan(start, n));
      }
    }));
  });
  handoff.joined();
  return scores;
}

std::vector<float> score_in_parallel(const Scorer& scorer, const features::EventMatrix& events,
                                     const ParallelScoring& options) {
  std::vector<std::uint32_t> rows(events.rows());
  std::iota(rows.begin(), rows.end(), std::uint32_t{0});
  return score_in_parallel(scorer, events, rows, options);
}

} // namespace sieve::score
