#pragma once
// Checking one event before scoring it: the same checks Scorer::score makes on its
// input, one row at a time, returning the problem instead of throwing for a whole block.
// For callers that skip bad events (the file scorer's skip mode) or that want to name the
// file line of the event a block failed on.
#include "sieve/ensemble/model.hpp"
#include "sieve/score/input_binding.hpp"

#include <span>
#include <string>

namespace sieve::score {

// Why Scorer::score would reject this event, given as one row of the caller's layout
// (binding.width() floats; the schema's sentinels or NaN = missing), or an empty string
// when it can be scored. The problems, worded as the Scorer words them:
//   "column DER_pt_h: cannot score an infinite value"
//   "PRI_jet_num must be an integer in 0..3, got 5.000000"  (a categorical value without
//   a code, missing included, when the schema has no fallback)
// Does not allocate when the row is good. Throws InputError when the row has the wrong
// width.
std::string row_problem(const ensemble::Model& model, const InputBinding& binding, std::span<const float> row);

} // namespace sieve::score
