#include "sieve/score/footprint.hpp"

namespace sieve::score {

Footprint footprint(const Scorer& scorer, int workspace_events) {
  const ensemble::Model& model = scorer.model();
  Footprint f;
  for (const ensemble::Member& m : model.members) f.parameter_bytes += m.params.size() * sizeof(float);
  const features::FeaturePipeline& p = model.pipeline;
  f.pipeline_bytes = (p.mean.size() + p.inv_std.size()) * sizeof(float);
  for (const auto& values : p.category_values) f.pipeline_bytes += values.size() * sizeof(float);
  for (const auto& name : p.raw_columns) f.pipeline_bytes += name.size();
  for (const auto& name : p.inputs) f.pipeline_bytes += name.size();
  f.model_bytes = f.parameter_bytes + f.pipeline_bytes;
  f.workspace_events = workspace_events;
  f.workspace_bytes = ScorerWorkspace(scorer, workspace_events).bytes();
  return f;
}

} // namespace sieve::score
