#pragma once
// Training the recipe's members apart and merging them: the split that runs one member
// (or a few) per process, e.g. per task of a cluster job array, and the merge that
// finishes the ensemble with the very code train_recipe runs (finish_ensemble), so that
// the merged model is byte-identical to the one a single train_recipe writes with the
// same seed: every draw of member m is keyed by (seed, m, ...), never by which other
// members ran in the same process.
#include "sieve/data/table.hpp"
#include "sieve/ensemble/partial_model.hpp"
#include "sieve/train/recipe.hpp"

#include <span>
#include <string>
#include <vector>

namespace sieve::train {

struct PartialResult {
  ensemble::PartialModel part;
  std::vector<MemberResult> members;  // in the order of part.member_indices
  double seconds = 0.0;               // wall time of member training
  double flops = 0.0;
  std::size_t training_events = 0;
};

// Trains the members `members` (each in [0, config.members), each once) on the table's
// training-set rows, as train_recipe would, and packs them with what the merge needs.
PartialResult train_partial(const data::Table& table, const RecipeConfig& config, std::span<const int> members,
                            int threads, const ProgressFn& progress = {});

// A part and the name it is known by in messages (its file).
struct NamedPart {
  std::string name;
  ensemble::PartialModel part;
};

// Checks that the parts come from the same library version, recipe options (seed
// included), data file, rows and checksum, network and pipeline, and that together they
// hold every member of the recipe exactly once. Throws ConfigError naming the parts and
// the difference. Returns the recipe, read back from the parts' provenance.
RecipeConfig check_parts(std::span<const NamedPart> parts);

// Checks the parts (check_parts), checks that `table` is the data they were trained on
// (rows and checksum of its training-set rows), and finishes the ensemble from the parts'
// members: ensemble weights, the cut on the validation part with TTA, self-test rows.
// The result's timing fields are 0 (the parts were trained elsewhere).
RecipeResult merge_parts(const data::Table& table, std::span<const NamedPart> parts);

// Reads a RecipeConfig::describe() text back; throws ConfigError naming `source` when it
// does not round-trip.
RecipeConfig recipe_from_description(const std::string& text, const std::string& source);

} // namespace sieve::train
