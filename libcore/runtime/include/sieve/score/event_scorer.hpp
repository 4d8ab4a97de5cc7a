#pragma once
// Scoring one framework event at a time: what a CMSSW module's produce() or a Gaudi
// algorithm's operator() calls, so that the adapters stay thin glue.
//
// An EventScorer is built once from a ScoringConfig (the model loaded and shared, the
// variations parsed, the caller's column names bound to the model's inputs) and is then
// immutable: any number of threads may call score() at once, each with its own
// ScorerWorkspace (one per CMSSW stream, per Gaudi thread or slot). A call scores every
// object of the event in one batch and allocates nothing beyond the output product.
#include "sieve/ensemble/model.hpp"
#include "sieve/score/event_products.hpp"
#include "sieve/score/input_binding.hpp"
#include "sieve/score/scorer.hpp"
#include "sieve/score/scoring_config.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sieve::score {

class EventScorer {
public:
  // Loads config.model_path. Throws ConfigError naming the file, every input name that
  // does not bind (missing, duplicate or unknown to the model) or the bad variation.
  explicit EventScorer(const ScoringConfig& config);
  // With a model already loaded (the model path is ignored).
  EventScorer(std::shared_ptr<const ensemble::Model> model, const ScoringConfig& config);

  const Scorer& scorer() const { return scorer_; }
  const InputBinding& binding() const { return binding_; }
  std::size_t columns() const { return binding_.width(); }
  std::size_t variations() const { return scorer_.variations().size(); }
  std::vector<std::string> variation_names() const;
  bool skips_bad_rows() const { return skip_bad_rows_; }

  // A workspace for one thread (stream, slot) of this scorer, with its own copy of the
  // arranged weights when the configuration's weights_per_workspace says so.
  std::unique_ptr<ScorerWorkspace> make_workspace() const;

  // Scores every object of one event into `out` (resized to objects x variations),
  // keying the soft-MET draws with `event_id`. Returns the number of objects that could
  // not be scored: with skip_bad_rows their scores are NaN; otherwise the first one
  // throws InputError naming the event, the object and the column. Inputs whose size
  // does not match the configured columns throw InputError whatever the setting.
  std::size_t score(ScorerWorkspace& ws, const EventInputs& inputs, std::int64_t event_id, EventScores& out) const;
  EventScores score(ScorerWorkspace& ws, const EventInputs& inputs, std::int64_t event_id) const;

private:
  std::shared_ptr<const ensemble::Model> model_;
  Scorer scorer_;
  InputBinding binding_;
  bool skip_bad_rows_;
  ScorerWorkspace::Weights weights_;
};

} // namespace sieve::score
