#include "sieve/plot/ablation_plot.hpp"

#include "sieve/io/json.hpp"
#include "sieve/plot/script_drawing.hpp"

#include <sstream>

namespace sieve::plot {

void write_ablation_png(const train::AblationResult& result, const std::string& path) {
  using io::json_number;
  std::ostringstream j;
  j << "{\"title\":" << io::json_string("Techniques on " + std::to_string(result.events) + " events, " +
                                        std::to_string(result.options.folds) + "-fold CV x " +
                                        std::to_string(result.options.seeds.size()) + " seeds")
    << ",\"rows\":[";
  bool first = true;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const train::AblationRowResult& r = result.rows[i];
    if (r.cells.empty()) continue;
    j << (first ? "" : ",") << "{\"index\":" << i << ",\"label\":" << io::json_string(r.row.label)
      << ",\"kept\":" << (r.row.kept ? "true" : "false") << ",\"auc\":" << json_number(r.auc.mean)
      << ",\"auc_std\":" << json_number(r.auc.std) << ",\"ams\":" << json_number(r.ams.mean)
      << ",\"ams_std\":" << json_number(r.ams.std) << ",\"train_seconds\":" << json_number(r.train_seconds)
      << ",\"test_us\":" << json_number(r.score_us_per_event) << "}";
    first = false;
  }
  j << "]}\n";
  draw_with_script("ablation_plot.py", j.str(), path);
}

} // namespace sieve::plot
