#pragma once
// Evaluating a model on a labelled file: every event scored (with TTA when the model was
// made for it) on TBB tasks, then the figures of merit per challenge subset
// (metrics/evaluation.hpp) at the model's cut.
#include "sieve/data/table.hpp"
#include "sieve/ensemble/model.hpp"
#include "sieve/metrics/evaluation.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sieve::score {

struct TableEvaluationOptions {
  std::optional<metrics::ClassTotals> rescale;  // per set and class (see EvaluationOptions)
  int threads = 0;                              // 0: every core; results do not depend on it
};

struct TableEvaluation {
  std::string source;
  std::size_t events = 0;
  double cut = 0.0;
  bool tta = false;
  std::optional<metrics::ClassTotals> rescale;
  std::vector<metrics::SetMetrics> sets;
  std::vector<float> scores;      // per event of the table
  double scoring_seconds = 0.0;
};

// Throws ConfigError when the table has no labels or no analysis weight, or lacks a
// column the model reads (the model's raw columns are found by name).
TableEvaluation evaluate_table(const std::shared_ptr<const ensemble::Model>& model, const data::Table& table,
                               const TableEvaluationOptions& options = {});

// One JSON object: source, events, cut, tta, rescale (or null) and one entry per set
// (set, name, events, signal/background counts and weights, selected weights, ams_at_cut,
// max_ams, max_ams_cut, auc; an undefined AUC is null), plus scoring_seconds.
std::string to_json(const TableEvaluation& evaluation);

} // namespace sieve::score
