#pragma once
// The systematic variations a dataset schema knows: "nominal", the schema's own
// [[variations]] (column substitutions, object scales, soft terms) and, when it names a
// recomputation, that recomputation's presets (tes_up, tes_down, jes_up, jes_down,
// soft_met, sized by `sizes`). A schema's own variation of the same name wins.
#include "sieve/data/schema.hpp"
#include "sieve/physics/variation.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sieve::physics {

// Every name, in that order.
std::vector<std::string> known_variation_names(const data::Schema& schema);

// A comma-separated list of names. Throws ConfigError for an unknown (listing the known
// names of this schema), empty or repeated name, and for a variation that moves objects
// when the schema names no recomputation.
std::vector<Variation> parse_variations(std::string_view names, const data::Schema& schema,
                                        const VariationSizes& sizes = {});

} // namespace sieve::physics
