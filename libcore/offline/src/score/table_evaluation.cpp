#include "sieve/score/table_evaluation.hpp"

#include "sieve/error.hpp"
#include "sieve/features/event_matrix.hpp"
#include "sieve/io/json.hpp"
#include "sieve/score/parallel_scoring.hpp"
#include "sieve/score/scorer.hpp"

#include <chrono>
#include <sstream>

namespace sieve::score {

TableEvaluation evaluate_table(const std::shared_ptr<const ensemble::Model>& model, const data::Table& table,
                               const TableEvaluationOptions& options) {
  if (table.label.empty())
    throw ConfigError(table.source + " has no label column: evaluation needs labelled events");
  const std::vector<double>& weights = table.analysis_weight();
  TableEvaluation out;
  out.source = table.source;
  out.events = table.rows();
  out.cut = model->cut;
  out.tta = model->tta;
  out.rescale = options.rescale;
  const features::EventMatrix events =
      features::to_event_matrix(table, model->pipeline);
  const Scorer scorer(model);
  const auto start = std::chrono::steady_clock::now();
  out.scores = score_in_parallel(scorer, events, ParallelScoring{options.threads, 1024});
  out.scoring_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics::EvaluationOptions metric_options;
  metric_options.cut = model->cut;
  metric_options.rescale = options.rescale;
  out.sets = metrics::evaluate_by_set(out.scores, weights, table.label, table.set, metric_options);
  return out;
}

std::string to_json(const TableEvaluation& e) {
  using io::json_number;
  using io::json_string;
  std::ostringstream o;
  o << "{\"source\":" << json_string(e.source) << ",\"events\":" << e.events << ",\"cut\":" << json_number(e.cut)
    << ",\"tta\":" << (e.tta ? "true" : "false") << ",\"rescale\":";
  if (e.rescale)
    o << "{\"signal\":" << json_number(e.rescale->signal) << ",\"background\":" << json_number(e.rescale->background)
      << '}';
  else
    o << "null";
  o << ",\"sets\":[";
  for (std::size_t i = 0; i < e.sets.size(); ++i) {
    const metrics::SetMetrics& s = e.sets[i];
    o << (i ? "," : "") << "{\"set\":" << json_string(s.set == metrics::kWholeSample ? "all" : std::string(1, s.set))
      << ",\"name\":" << json_string(metrics::set_description(s.set))
      << ",\"ams_label\":" << json_string(metrics::ams_label(s.set)) << ",\"events\":" << s.events
      << ",\"signal_events\":" << s.signal_events << ",\"background_events\":" << s.background_events
      << ",\"signal_weight\":" << json_number(s.weights.signal)
      << ",\"background_weight\":" << json_number(s.weights.background)
      << ",\"selected_signal\":" << json_number(s.selected.s) << ",\"selected_background\":" << json_number(s.selected.b)
      << ",\"ams_at_cut\":" << json_number(s.ams_at_cut) << ",\"max_ams\":" << json_number(s.max_ams)
      << ",\"max_ams_cut\":" << json_number(s.max_ams_cut) << ",\"auc\":" << json_number(s.auc) << '}';
  }
  o << "],\"scoring_seconds\":" << json_number(e.scoring_seconds) << '}';
  return o.str();
}

} // namespace sieve::score
