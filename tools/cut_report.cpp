#include "cut_report.hpp"

#include <cstdio>

namespace sieve::cli {

void print_cut(const metrics::CutChoice& cut, std::size_t validation_events) {
  std::printf("cut %.5f chosen on %zu validation events: AMS %.4f at the cut, max %.4f at %.5f\n", cut.cut,
              validation_events, cut.ams, cut.max_ams, cut.max_ams_cut);
  if (cut.min_pred_fallback)
    std::printf("note: no cut at or above the recipe's cut_min_prediction has an AMS on these validation "
                "events (too few, or no background there), so every prediction's cut was scanned\n");
}

} // namespace sieve::cli
