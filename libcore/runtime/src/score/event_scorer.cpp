#include "sieve/score/event_scorer.hpp"

#include "sieve/error.hpp"
#include "sieve/io/model_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

namespace sieve::score {

namespace {
// Objects scored per Scorer call; an event with more objects is scored in blocks.
constexpr std::size_t kBlock = 64;

std::shared_ptr<const ensemble::Model> load(const ScoringConfig& config) {
  if (config.model_path.empty()) throw ConfigError("no model file given");
  return io::load_model(config.model_path);
}

// A one-object call reports "event 0, ..." or "event 0: ...": drop that index, the caller
// names the event and object itself.
std::string_view without_block_index(std::string_view message) {
  for (std::string_view prefix : {"event 0, ", "event 0: "})
    if (message.substr(0, prefix.size()) == prefix) return message.substr(prefix.size());
  return message;
}
} // namespace

EventScorer::EventScorer(const ScoringConfig& config) : EventScorer(load(config), config) {}

EventScorer::EventScorer(std::shared_ptr<const ensemble::Model> model, const ScoringConfig& config)
    : model_(std::move(model)), scorer_(model_, scorer_options(config, *model_)),
      binding_(*model_, input_columns(config, *model_), /*allow_extra=*/false, scorer_.variations()),
      skip_bad_rows_(config.skip_bad_rows),
      weights_(config.weights_per_workspace ? ScorerWorkspace::Weights::Own : ScorerWorkspace::Weights::Shared) {}

std::vector<std::string> EventScorer::variation_names() const {
  std::vector<std::string> names;
  for (const auto& v : scorer_.variations()) names.push_back(v.name);
  return names;
}

std::unique_ptr<ScorerWorkspace> EventScorer::make_workspace() const {
  return std::make_unique<ScorerWorkspace>(scorer_, static_cast<int>(kBlock), weights_);
}

std::size_t EventScorer::score(ScorerWorkspace& ws, const EventInputs& inputs, std::int64_t event_id,
                               EventScores& out) const {
  const std::size_t width = binding_.width(), V = variations();
  if (inputs.columns != width || inputs.values.size() % width != 0)
    throw InputError("event " + std::to_string(event_id) + ": the inputs have " + std::to_string(inputs.values.size()) +
                     " values in rows of " + std::to_string(inputs.columns) + " columns; the scorer was configured with " +
                     std::to_string(width) + " columns");
  const std::size_t n = inputs.values.size() / width;
  out.variations = V;
  out.values.resize(n * V);
  std::array<std::int64_t, kBlock> ids;
  ids.fill(event_id);
  const std::span<const float> values(inputs.values);
  const std::span<float> scores(out.values);
  std::size_t skipped = 0;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    try {
      scorer_.score(ws, binding_, values.subspan(start * width, m * width), std::span(ids).first(m),
                    scores.subspan(start * V, m * V));
      continue;
    } catch (const InputError&) {
      // Find the bad objects one by one; the good ones get the same scores as in a block.
    }
    for (std::size_t o = start; o < start + m; ++o) {
      try {
        scorer_.score(ws, binding_, values.subspan(o * width, width), std::span(ids).first(1), scores.subspan(o * V, V));
      } catch (const InputError& error) {
        if (!skip_bad_rows_)
          throw InputError("event " + std::to_string(event_id) + ", object " + std::to_string(o) + ": " +
                           std::string(without_block_index(error.what())));
        std::fill_n(scores.begin() + static_cast<std::ptrdiff_t>(o * V), V, std::numeric_limits<float>::quiet_NaN());
        ++skipped;
      }
    }
  }
  return skipped;
}

EventScores EventScorer::score(ScorerWorkspace& ws, const EventInputs& inputs, std::int64_t event_id) const {
  EventScores out;
  score(ws, inputs, event_id, out);
  return out;
}

} // namespace sieve::score
