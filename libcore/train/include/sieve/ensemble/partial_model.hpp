#pragma once
// Some members of a recipe's ensemble, trained apart from the others (sieve train
// --only-members, one cluster task): what `sieve merge-models` assembles into the model.
// Not a model: it cannot be scored, it has no ensemble weights, no cut and no self-test
// rows, which need every member.
#include "sieve/ensemble/model.hpp"

#include <string>
#include <vector>

namespace sieve::ensemble {

struct PartialModel {
  int total_members = 0;            // members of the whole recipe
  std::vector<int> member_indices;  // the members held, ascending, each in [0, total_members)
  // What the merge needs, as a model holds it: the fitted pipeline, the network, TTA, the
  // provenance (library version, recipe options, seed, data file, rows and checksum) and
  // the members of member_indices in that order (weights 0). No cut, no self-test rows.
  Model model;
  bool operator==(const PartialModel&) const = default;
};

// "3", "3,4", "0-4", "0-2,7": ascending indices. Throws ConfigError for a malformed list,
// an index outside [0, total_members) or an index given twice.
std::vector<int> parse_member_list(const std::string& text, int total_members);
// The inverse, with ranges: {0, 1, 2, 5} gives "0-2,5".
std::string format_member_list(const std::vector<int>& members);

} // namespace sieve::ensemble
